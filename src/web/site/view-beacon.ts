import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';

const BeaconParams = Type.Object({ articleId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

/**
 * How many views a minute one address may add (per node, in memory, like the search limit): a
 * reader opens a few pages a minute; more is a script inflating counts. Views past it still get
 * their 204, uncounted, so a limited client learns nothing.
 */
export const VIEWS_PER_MINUTE = 30;

/**
 * `/v/<articleId>`: the article page's view beacon (an image request; POST for a sendBeacon). It
 * answers 204 at once, never cached, and sets no cookie; counting keeps nothing about the reader
 * (MostReadService ignores crawlers and articles that are not published).
 */
export function registerViewBeacon(app: TypedApp, web: WebContext): void {
  const { mostRead } = web.deps;
  // In a scope of its own: the search limit and the content API register the plugin in theirs.
  app.register(async (scope: TypedApp) => {
    await scope.register(rateLimit, { global: false });
    const limiter = scope.createRateLimit({ max: VIEWS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (req) => `view:${req.ip}` });
    scope.route({ method: ['GET', 'POST'], url: '/v/:articleId', schema: { params: BeaconParams }, handler: async (req, reply) => {
      const { articleId } = req.params;
      // Prefetches and prerenders are not views (Chrome sends Sec-Purpose, older browsers Purpose).
      const prefetch = /prefetch|prerender/i.test(String(req.headers['sec-purpose'] ?? req.headers.purpose ?? ''));
      if (!prefetch) {
        const limit = await limiter(req);
        // `isAllowed` means "on the allow list"; a view is left uncounted only when `isExceeded`.
        if (limit.isAllowed || !limit.isExceeded) await mostRead.count(articleId, req.headers['user-agent']);
      }
      return reply.code(204).headers({ ...web.responseHeaders, 'cache-control': 'no-store' }).send();
    } });
  });
}

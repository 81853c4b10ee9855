import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../web-context.ts';

const BeaconParams = Type.Object({ articleId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

/**
 * `/v/<articleId>`: the article page's view beacon (an image request; POST for a sendBeacon). It
 * answers 204 at once, never cached, and sets no cookie; counting keeps nothing about the reader
 * (MostReadService ignores crawlers and articles that are not published).
 */
export function registerViewBeacon(app: FastifyInstance, web: WebContext): void {
  const { mostRead } = web.deps;
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const { articleId } = req.params as { articleId: number };
    // Prefetches and prerenders are not views (Chrome sends Sec-Purpose, older browsers Purpose).
    const prefetch = /prefetch|prerender/i.test(String(req.headers['sec-purpose'] ?? req.headers.purpose ?? ''));
    if (!prefetch) await mostRead.count(articleId, req.headers['user-agent']);
    return reply.code(204).headers({ ...web.responseHeaders, 'cache-control': 'no-store' }).send();
  };
  app.get('/v/:articleId', { schema: { params: BeaconParams } }, handler);
  app.post('/v/:articleId', { schema: { params: BeaconParams } }, handler);
}

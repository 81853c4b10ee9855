import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { SearchRateLimited } from '../lib/errors.ts';

/** Search pages and their API: never cached (one result per query), and each a full-text query. */
export const SEARCH_ROUTES = new Set(['/search', '/api/v1/search', '/api/v1/suggest']);

/**
 * Limits searches per client address (`req.ip`: the reader's, through the trusted proxies), so one
 * crawler walking queries cannot take the database from readers. Clients with an API key are left
 * to the key's own limit. Counted per node, in memory, like the API's limit.
 */
export async function registerSearchLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  let limiter: ReturnType<FastifyInstance['createRateLimit']> | undefined;
  // In a scope of its own: the content API registers the plugin in its scope too.
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    limiter = scope.createRateLimit({ max: perMinute, timeWindow: 60_000, keyGenerator: (req) => `search:${req.ip}` });
  });
  // After the API's key check (onRequest), so a keyed client is known.
  app.addHook('preHandler', async (req, reply) => {
    if (!limiter || req.apiKey || !SEARCH_ROUTES.has(req.routeOptions.url ?? '')) return;
    const limit = await limiter(req);
    // `isAllowed` means "on the allow list"; a counted request is refused only when `isExceeded`.
    if (limit.isAllowed || !limit.isExceeded) return;
    // On the raw response: the search page's error page is written on it directly (web.send).
    reply.raw.setHeader('retry-after', String(limit.ttlInSeconds));
    throw SearchRateLimited(`${limit.ttlInSeconds} seconds`);
  });
}

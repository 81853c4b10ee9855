import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PageRateLimited } from '../lib/errors.ts';
import { SEARCH_ROUTES } from './search-limit.ts';

/**
 * Paths with limits of their own (the admin's sign-in lockout and sessions, the content API's
 * per-address and per-key limits), or that serve files without a query (media, hashed assets, probes).
 */
const OWN_LIMITS = ['/admin', '/api/', '/media/', '/assets/', '/healthz', '/readyz', '/metrics'];

/** A public page or feed: what a crawler walks, and what a cache miss renders from the database. */
function isPublicPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (SEARCH_ROUTES.has(req.routeOptions.url ?? '')) return false;
  const path = req.url.split('?')[0] ?? '';
  return !OWN_LIMITS.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/**
 * Limits, per client address (`req.ip`: the reader's, through the trusted proxies), the public
 * pages that reach the app: the page cache answers before any route runs, so only misses count:
 * pages not cached yet, every distinct `?page=N`, and every 404 (a crawler probing made-up slugs
 * costs a lookup and a rendered error page each). Readers browsing cached pages never meet it.
 * Counted per node, in memory, like the search and API limits.
 */
export async function registerPageLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  let limiter: ReturnType<FastifyInstance['createRateLimit']> | undefined;
  // In a scope of its own, as the search limit: the content API registers the plugin in its scope too.
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    limiter = scope.createRateLimit({ max: perMinute, timeWindow: 60_000, keyGenerator: (req) => `page:${req.ip}` });
  });
  const check = async (req: FastifyRequest, reply: { raw: { setHeader(name: string, value: string): void } }) => {
    if (!limiter || !isPublicPage(req)) return;
    const limit = await limiter(req);
    if (limit.isAllowed || !limit.isExceeded) return;
    // On the raw response: the error page is written on it directly (web.send).
    reply.raw.setHeader('retry-after', String(limit.ttlInSeconds));
    throw PageRateLimited(`${limit.ttlInSeconds} seconds`);
  };
  app.addHook('preHandler', check);
}

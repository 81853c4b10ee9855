import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyRecord, ApiKeyService } from '../../admin/index.ts';
import { RateLimited } from '../../lib/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the client presented (already verified), or null for anonymous use. */
    apiKey: ApiKeyRecord | null;
  }
}

/** The key from `Authorization: Bearer <key>` or `X-Api-Key: <key>`, if the client sent one. */
function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * Who may use the content API how much: a key (checked on every request, so a revoked key stops
 * at once on every node) unlocks unpublished content and a higher limit; anonymous clients are
 * limited per address. Counters are per node (in memory): with N nodes behind a balancer a client
 * gets up to N× the limit, which is a cap on abuse, not a quota (docs/operations.md).
 */
export async function registerApiAccess(app: FastifyInstance, keys: ApiKeyService, limits: { anonymous: number; keyed: number }): Promise<void> {
  app.decorateRequest('apiKey', null);
  let countRefusal: ((req: FastifyRequest) => Promise<{ isExceeded: boolean; ttlInSeconds: number }>) | undefined;
  app.addHook('onRequest', async (req, reply) => {
    // Responses differ with and without a key: caches in front must keep them apart.
    reply.header('vary', 'Authorization, X-Api-Key');
    const key = presentedKey(req);
    if (key === undefined) return;
    try {
      req.apiKey = await keys.verify(key);
    } catch (refused) {
      // A refused key counts against the address's anonymous allowance: keys cannot be guessed
      // faster than the API can be read without one.
      const limit = await countRefusal?.(req);
      if (limit?.isExceeded) {
        reply.header('retry-after', limit.ttlInSeconds);
        throw RateLimited(`${limit.ttlInSeconds} seconds`);
      }
      throw refused;
    }
    reply.header('cache-control', 'private, no-store');
  });
  if (limits.anonymous === 0 && limits.keyed === 0) return;
  await app.register(rateLimit, {
    global: true,
    // After the key check, so the limit is chosen by who the client is.
    hook: 'preHandler',
    keyGenerator: (req) => (req.apiKey ? `key:${req.apiKey.id}` : `ip:${req.ip}`),
    max: async (req) => (req.apiKey ? limits.keyed : limits.anonymous) || Number.MAX_SAFE_INTEGER,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, context) => RateLimited(context.after),
  });
  if (limits.anonymous > 0) {
    const limiter = app.createRateLimit();
    countRefusal = async (req) => {
      const limit = await limiter(req);
      return limit.isAllowed ? { isExceeded: false, ttlInSeconds: 0 } : limit;
    };
  }
}

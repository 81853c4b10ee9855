import http from 'node:http';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { VersionMemo } from '../catalog/index.ts';
import type { Config } from '../config/index.ts';
import { BadRequest, MastheadError } from '../lib/errors.ts';
import { adminRoutes } from './admin/routes.tsx';
import { registerApiAccess } from './api/access.ts';
import { registerApiRoutes } from './api/routes.ts';
import { HealthSchema, ReadinessSchema } from './api/schemas.ts';
import { registerResourcePages, resourceDownloadRoutes } from './leads/resource-routes.tsx';
import { registerMetrics, requestId } from './observability/index.ts';
import { registerPageLimit } from './page-limit.ts';
import { accountRoutes } from './readers/account-routes.tsx';
import { registerSearchLimit } from './search-limit.ts';
import { sharedCompilers } from './shared-compilers.ts';
import { registerNewsletterRoutes } from './site/newsletter-routes.tsx';
import { registerSiteRoutes } from './site/routes.tsx';
import { ErrorPageView } from './site/views/error-page.tsx';
import { renderDocument } from './site/views/render.ts';
import { registerSiteResolution } from './site-resolution.ts';
import { WebContext, type WebDeps } from './web-context.ts';

const STATUS_TEXT = http.STATUS_CODES;

function isApi(url: string): boolean {
  return url.startsWith('/api/') || url === '/healthz' || url === '/readyz';
}

/** Turns any error into the API's envelope or the site's error page (one place for both). */
function errorParts(error: FastifyError | MastheadError | Error): { statusCode: number; code: string; message: string } {
  if (error instanceof MastheadError) return { statusCode: error.statusCode, code: error.code, message: error.message };
  const fe = error as FastifyError;
  if (fe.validation) return { statusCode: 400, code: 'MH_BAD_REQUEST', message: fe.message };
  const statusCode = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  return { statusCode, code: statusCode >= 500 ? 'MH_INTERNAL' : (fe.code ?? 'MH_BAD_REQUEST'), message: statusCode >= 500 ? 'Internal server error' : fe.message };
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function: Fastify 5 reads a bare number
 * as "trust no one" (it cannot check the nearest peer is a proxy), so counting hops is our choice,
 * documented as safe only when the app can be reached through the proxies alone.
 */
function trustProxyOption(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}

/**
 * How long an idle keep-alive connection stays open. Node's 5 s default reset connections under
 * load: when the event loop stalls past it (a synchronous SQLite write waiting on another process's
 * lock, a long collection), the idle timers of connections that had just been answered fire before
 * the requests already sent on them are read, and closing a socket with unread data sends a TCP
 * reset (the soak bench saw `read ECONNRESET` in bursts, one per connection). Past a minute, a
 * request would have timed out anyway; it is also longer than the usual proxy's idle timeout (nginx
 * keeps upstream connections 60 s), so the proxy, not the app, closes first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Builds the HTTP application: page cache in front of routing, the site, feeds, the API with its
 * OpenAPI document, health, and one error handler for all of them.
 */
export async function buildServer(deps: WebDeps, log: Logger | false): Promise<{ app: FastifyInstance; web: WebContext; metrics: Registry }> {
  const web = new WebContext(deps);
  const app = Fastify({
    loggerInstance: log || undefined,
    logger: log ? undefined : false,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Access logs belong to the reverse proxy; the app logs errors and lifecycle events.
    logController: new LogController({ disableRequestLogging: true }),
    // Every log line of a request carries its id (`reqId`), as do the response and its error page.
    genReqId: requestId,
    // Warm pages are answered here, before Fastify parses or routes anything: the difference
    // between framework speed and static-file speed.
    serverFactory: (handler: http.RequestListener) => {
      const server = http.createServer((req, res) => {
        if (deps.config.pageCache.enabled && deps.pageCache.tryServe(req, res)) return;
        handler(req, res);
      });
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    routerOptions: { maxParamLength: 300 },
    // One compile per distinct schema in the process (see shared-compilers.ts).
    schemaController: { compilersFactory: sharedCompilers },
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;

  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `${deps.config.site.title} Content API`, version: '1.0.0', description: 'Read-only JSON API over published content.' },
      servers: [{ url: deps.config.site.url }],
    },
  });

  /** Sends an error: the API's JSON envelope, or the site's page. A 404 may yet be an old URL. */
  const sendError = async (req: FastifyRequest, reply: FastifyReply, statusCode: number, code: string, message: string) => {
    const path = req.url.split('?')[0] ?? req.url;
    if (statusCode === 404) {
      // An old URL may redirect (301) or be gone (410) before it is a 404.
      const redirect = await web.catalog(req).redirectFrom(path);
      if (redirect?.status === 301 && redirect.to_path) return reply.redirect(redirect.to_path, 301);
      if (redirect?.status === 410) {
        statusCode = 410;
        code = 'MH_GONE';
        message = `${path} is gone`;
      }
    }
    if (isApi(req.url)) {
      return reply.status(statusCode).type('application/json').send({ statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message });
    }
    // Through the page writer like every page: the same headers, compressed the same way; never cached.
    const body = renderDocument(<ErrorPageView site={await safeSiteInfo(web, req)} status={statusCode} message={message} path={path} requestId={req.id} />);
    return web.send(req, reply, body, 'text/html; charset=utf-8', undefined, statusCode, false);
  };

  // Every response Fastify sends (the API, redirects, assets, media) carries the security headers;
  // pages are written with their own (web.send), the admin sets its stricter ones over these.
  registerSiteResolution(app, deps.sites);
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(web.responseHeaders);
    // On the raw response: pages are written on it directly (web.send), past Fastify's headers.
    reply.raw.setHeader('x-request-id', req.id);
    done();
  });
  // With a metrics port of its own, the public port has no /metrics at all (see listenMetrics).
  const publicToken = deps.config.metricsListen ? null : deps.config.metricsToken;
  const metrics = registerMetrics(app, publicToken, { pageCache: deps.pageCache, database: deps.database, clock: deps.clock });
  await registerSearchLimit(app, deps.config.searchRateLimit);
  await registerPageLimit(app, deps.config.pageRateLimit);

  // Ajv coerces '1e309' and 'Infinity' to Infinity and lets it past `integer` and `maximum` (even
  // with strictNumbers), and it reached the database as a 500. No route takes an infinite number.
  app.addHook('preHandler', async (req) => {
    for (const [part, values] of [
      ['querystring', req.query],
      ['params', req.params],
    ] as const) {
      for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if ([value].flat().some((v) => typeof v === 'number' && !Number.isFinite(v))) throw BadRequest(`${part}/${name} must be a finite number`);
      }
    }
  });

  app.setErrorHandler(async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, code, message } = errorParts(error);
    if (statusCode >= 500) req.log.error({ err: error, url: req.url }, 'request failed');
    return sendError(req, reply, statusCode, code, message);
  });

  app.setNotFoundHandler(async (req, reply) => sendError(req, reply, 404, 'MH_NOT_FOUND', `${req.url.split('?')[0]} not found`));

  app.addHook('onRoute', (route) => {
    // The OpenAPI document describes the API; the site's pages and the admin's forms stay out of it.
    if (!isApi(route.url)) route.schema = { ...route.schema, hide: true };
    for (const method of [route.method].flat()) {
      web.routes.push({ method, url: route.url, hasResponseSchema: Boolean(route.schema?.response) });
    }
  });

  const started = Date.now();
  // A load balancer asks every few seconds, from every node: counting a million articles each time
  // (PostgreSQL scans them) is paid only after a change, and the version read still checks the database answers.
  const healthFigures = new VersionMemo(() => deps.database.state.contentVersion());
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: HealthSchema } } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' as const, database: deps.database.kind, articles: await healthFigures.get('published articles', () => deps.database.articles.countPublished()), uptimeSeconds: (Date.now() - started) / 1000 };
  });
  // Whether this node should get traffic: /healthz says the process is up, this that it can serve.
  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: ReadinessSchema, 503: ReadinessSchema } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const { database, pendingMigrations } = await deps.database.readiness();
    // The database's error stays in the log: it may name hosts and users, and this URL is public.
    if (database !== null) req.log.warn({ error: database }, 'not ready: the database does not answer');
    const checks = {
      database: database === null ? 'ok' : 'failed',
      migrations: database !== null ? 'not checked' : pendingMigrations.length === 0 ? 'ok' : `pending: ${pendingMigrations.join(', ')}`,
    };
    const ready = checks.database === 'ok' && checks.migrations === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? ('ready' as const) : ('unready' as const), checks });
  });

  registerSiteRoutes(app, web);
  registerNewsletterRoutes(app, web);
  await app.register(adminRoutes, { web });
  await app.register(accountRoutes, { web });
  registerResourcePages(app, web);
  await app.register(resourceDownloadRoutes, { web });
  // The content API in its own scope: key checks and rate limits apply to it alone.
  await app.register(async (api) => {
    await registerApiAccess(api, deps.apiKeys, deps.config.apiRateLimit);
    registerApiRoutes(api, web);
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // This node's own publishes purge the cache through the content-version follower (app.ts).
  return { app, web, metrics };
}

async function safeSiteInfo(web: WebContext, req: FastifyRequest) {
  try {
    return await web.siteInfo(req);
  } catch {
    return { ...web.site(req), sections: [] };
  }
}

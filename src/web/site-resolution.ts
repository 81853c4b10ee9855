import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { SiteRecord, SiteService } from '../sites/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The site this request is for, chosen by its Host (the first site for an unknown host). */
    site: SiteRecord;
  }
}

/**
 * One hook for every route: the request's `Host` chooses its site. A site's other hosts answer
 * 301 to its primary host (same path, scheme and port), so each page has one address.
 */
export function registerSiteResolution(app: FastifyInstance, sites: SiteService): void {
  app.decorateRequest('site', null as unknown as SiteRecord);
  app.addHook('onRequest', async (req, reply) => {
    const { site, redirectTo } = sites.resolve(req.headers.host);
    req.site = site;
    if (redirectTo === undefined) return;
    const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1];
    return reply.redirect(`${req.protocol}://${redirectTo}${port ? `:${port}` : ''}${req.url}`, 301);
  });
}

/**
 * The page cache's site key for a raw request (before Fastify): '' with one site, so a one-site
 * installation's keys are its URLs as before; the site id otherwise; undefined for a redirecting host.
 */
export function pageCacheSiteKey(sites: SiteService): (req: IncomingMessage) => string | undefined {
  return (req) => {
    if (!sites.several) return '';
    const { site, redirectTo } = sites.resolve(req.headers.host);
    return redirectTo === undefined ? `${site.id}\u0000` : undefined;
  };
}

/**
 * @module sites
 * Several titles from one installation: the sites, their host names, and which site a request is
 * for. Everything else is shared or filtered by the site id this module resolves (docs/sites.md).
 */

export type { SiteRecord } from '../store/index.ts';
export * from './errors.ts';
export { normalHost } from './host-name.ts';
export { type Resolved, type SiteChanges, type SiteDeps, SiteService } from './site-service.ts';
export { siteUrl } from './site-url.ts';

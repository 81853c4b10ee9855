/**
 * @module catalog
 * Read functions behind the public site, the feeds and `/api/v1`: listings, articles, related.
 */

export { type CatalogDeps, CatalogService, type ListKind } from './catalog-service.ts';
export * from './catalog-types.ts';
export * from './errors.ts';

/**
 * @module catalog
 * Read functions behind the public site, the feeds and `/api/v1`: listings, articles, related.
 */

// The rows its reads return, for the pages and the API that show them (web/ never imports store/).
export type { ArticleSummary, CompanyRow } from '../store/index.ts';
export { type CatalogDeps, CatalogService, type ListKind } from './catalog-service.ts';
export * from './catalog-types.ts';
export * from './errors.ts';
export { SECTION_BLOCK_STORIES, type SectionBlock } from './front-page.ts';
export { VersionMemo } from './version-memo.ts';

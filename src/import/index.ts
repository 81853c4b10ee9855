/**
 * @module import
 * Importers that bring archives in through the publish pipeline: idempotent by source id,
 * streaming, refusing bad records with their position and reason while keeping the rest.
 * Each format (JSONL, RSS/Atom, WordPress WXR, Ghost JSON, a live site by its sitemap) turns its source into `SourceRecord`s; `importRecords` saves them in batches.
 */
export { ArticleRecord, recordProblem, toArticleInput } from './article-record.ts';
export { boundedLines, type OversizedLine } from './bounded-lines.ts';
export { GHOST_IMAGES, type GhostImportDeps, type GhostImportOptions, type GhostImportReport, type GhostTerm, importGhost } from './ghost-records.ts';
export { renderLexical, renderMobiledoc } from './ghost-render.ts';
export { type GhostRoutes, parseGhostRoutes } from './ghost-routes.ts';
export { saveGhostTerms } from './ghost-terms.ts';
export {
  DEFAULT_BATCH_SIZE,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  importRecords,
  type SourceRecord,
  UNDATED_REASON,
} from './import-records.ts';
export { type JsonLine, jsonLines } from './json-lines.ts';
export { importJsonl, importLines, type JsonlImportOptions, jsonlRecords } from './jsonl-importer.ts';
export { FETCH_DEFAULTS, type Fetched, fetchMedia, isPrivateAddress, type MediaFetchOptions } from './media-fetch.ts';
export { MediaImporter, type MediaLibrary, type MediaReport, type MediaSourceOptions, type WantedImage } from './media-import.ts';
export { type PageArticle, pageArticle } from './page-article.ts';
export { importRss, rssRecords } from './rss-records.ts';
export { DEFAULT_SITE_DELAY_MS, importSite, type SiteImportDeps, type SiteImportOptions, type SiteImportReport, type TermRedirect } from './site-records.ts';
export { type SitemapUrl, type SitemapWalk, walkSitemaps } from './sitemap-urls.ts';
export { renderWpContent, type WpAttachment, type WpBody } from './wp-content.ts';
export { saveWxrPage } from './wxr-pages.ts';
export {
  importWxr,
  isTimeZone,
  type WxrImportDeps,
  type WxrImportOptions,
  type WxrImportReport,
  type WxrPage,
  type WxrRecordsOptions,
  type WxrReview,
  wxrAttachments,
  wxrRecords,
} from './wxr-records.ts';
export { MAX_ITEM_SIZE } from './xml-items.ts';
export { decodeXml, type XmlImportOptions, type XmlSource } from './xml-source.ts';

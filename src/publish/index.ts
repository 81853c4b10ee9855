/**
 * @module publish
 * The one explicit publish pipeline every writer calls: clean → store → index → stages (tagging,
 * related) → invalidate caches.
 */
// Store types the web layer uses, under this capability's name (web/ never imports store/).
export type { ContentChange } from '../store/index.ts';
export type { ArticleInput, PreparedArticle, SaveResult, SponsorRef } from './article-input.ts';
export * from './errors.ts';
export { type ChangeListener, inputFor, PublishPipeline, type PublishPipelineDeps, type PublishStage, type RevisionOptions, type StoredArticle, type WithinSave } from './publish-pipeline.ts';
export { type LinkCompanies, renderAllArticles, renderArticles, renderStage } from './render-stage.ts';

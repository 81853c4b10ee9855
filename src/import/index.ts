/**
 * @module import
 * Importers that bring archives in through the publish pipeline: idempotent by source id,
 * streaming, refusing bad records with their position and reason while keeping the rest.
 */
export { ArticleRecord, recordProblem, toArticleInput } from './article-record.ts';
export { DEFAULT_BATCH_SIZE, type ImportOptions, type ImportProgress, type ImportReport, importJsonl, importLines } from './jsonl-importer.ts';

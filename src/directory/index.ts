/**
 * @module directory
 * The company directory: import/export as JSONL, merge duplicates, the compiled tagging matcher,
 * the publish pipeline's tagging stage, re-tagging after directory changes, and the legacy-id
 * clean-up of migrated bodies. The matching itself is `tagging/` (pure).
 */
export { CompanyRecord, companyRecordProblem } from './company-record.ts';
export {
  type CompanyImportReport,
  type CompiledDirectory,
  type DirectoryDeps,
  DirectoryService,
  exportRecord,
  taggableText,
} from './directory-service.ts';
export * from './errors.ts';
export { taggingStage } from './tagging-stage.ts';

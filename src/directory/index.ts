/**
 * @module directory
 * The company directory: import/export as JSONL, merge duplicates, the compiled tagging matcher,
 * the publish pipeline's tagging stage, re-tagging after directory changes (`RetagRunner`: in the
 * background, one node at a time), and the legacy-id clean-up of migrated bodies. The matching
 * itself is `tagging/` (pure).
 */
// Store types the web layer uses, under this capability's name (web/ never imports store/).
export type { JobState } from '../store/index.ts';
export { COMPANY_LIMITS, CompanyRecord, companyRecordProblem, isWebsite } from './company-record.ts';
export {
  type CompanyImportReport,
  type CompiledDirectory,
  type DirectoryDeps,
  DirectoryService,
  exportRecord,
  taggableText,
} from './directory-service.ts';
export * from './errors.ts';
export { type JobLog, RETAG_JOB, RETAG_LEASE_MS, type RetagRequester, RetagRunner, type RetagRunnerDeps } from './retag-runner.ts';
export { taggingStage } from './tagging-stage.ts';

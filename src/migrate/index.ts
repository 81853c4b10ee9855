/**
 * @module migrate
 * Moving a whole site between databases (`masthead migrate-db --from FILE --to URL`).
 */
export { type CopyProgress, type CopyReport, copyDatabase } from './copy-database.ts';

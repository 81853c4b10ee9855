/**
 * @module migrate
 * Moving a whole site between databases (`masthead migrate-db --from FILE --to URL`) and online
 * backups to an SQLite file (`masthead backup FILE`).
 */
export { backupTo } from './backup.ts';
export { type CopyProgress, type CopyReport, copyDatabase } from './copy-database.ts';

/**
 * @module migrate
 * Moving a whole site between databases (`masthead migrate-db --from FILE --to URL`) and online
 * backups to an SQLite file (`masthead backup FILE`) and their restore (`masthead restore FILE`),
 * and one site's content as article JSONL (`masthead backup FILE --site SLUG`).
 */
export { type BackupReport, backupTo } from './backup.ts';
export { COPIED_TABLES, type CopyProgress, type CopyReport, copyDatabase, UNCOPIED_TABLES } from './copy-database.ts';
export * from './errors.ts';
export { type RestoreOptions, restoreFrom } from './restore.ts';
export { siteJsonl } from './site-jsonl.ts';

import { defineError } from '../lib/errors.ts';

export const MigrationFailed = defineError('MH_MIGRATION_FAILED', 500, (name: string, why: string) => `Migration ${name} failed: ${why}`);
export const UnsupportedDatabase = defineError('MH_UNSUPPORTED_DATABASE', 500, (what: string) => `Unsupported database: ${what}`);

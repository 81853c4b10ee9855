import { defineError } from '../lib/errors.ts';

export const MigrationFailed = defineError('MH_MIGRATION_FAILED', 500, (name: string, why: string) => `Migration ${name} failed: ${why}`);

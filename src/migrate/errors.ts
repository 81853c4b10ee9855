/** Backup and restore's errors (see docs/errors.md). */
import { defineError } from '../lib/errors.ts';

export const NotABackup = defineError('MH_NOT_A_BACKUP', 400, (file: string, why: string) => `${file} is not a Masthead backup: ${why}`);
export const RestoreTargetNotEmpty = defineError(
  'MH_RESTORE_TARGET_NOT_EMPTY',
  409,
  (what: string) => `The site to restore into is not empty (${what}); restoring replaces everything in it: add --force to do that`,
);

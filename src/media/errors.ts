/** Media storage's errors (see docs/errors.md). */
import { defineError } from '../lib/errors.ts';

export const InvalidMediaKey = defineError('MH_MEDIA_KEY_INVALID', 500, (key: string) => `Invalid media storage key "${key.slice(0, 200)}"`);
export const MediaKeyTaken = defineError('MH_MEDIA_KEY_TAKEN', 500, (key: string) => `A media file is already stored under "${key}"; stored files are never replaced`);

import { defineError } from '../lib/errors.ts';

export const InvalidAd = defineError('MH_INVALID_AD', 422, (why: string) => `Invalid campaign or creative: ${why}`);
export const AdNotFound = defineError('MH_AD_NOT_FOUND', 404, (what: string) => `${what} not found`);

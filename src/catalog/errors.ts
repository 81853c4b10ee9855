import { defineError } from '../lib/errors.ts';

export const PageOutOfRange = defineError('MH_PAGE_OUT_OF_RANGE', 404, (page: number, last: number) => `Page ${page} does not exist (last page is ${last})`);
export const UnknownSlug = defineError('MH_UNKNOWN_SLUG', 404, (kind: string, slug: string) => `No ${kind} "${slug}"`);
export const InvalidDateRange = defineError('MH_INVALID_DATE', 404, (what: string) => `No archive for ${what}`);

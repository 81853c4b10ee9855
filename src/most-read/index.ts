/**
 * @module most-read
 * "Most read": per-article per-day view counters fed by a first-party beacon (no cookies, nothing
 * about the reader kept, crawlers not counted) and the week's most read list.
 */

export { isCrawler } from './crawlers.ts';
export { MOST_READ_DAYS, MOST_READ_SIZE, MOST_READ_TTL_MS, type MostReadDeps, type MostReadList, MostReadService } from './most-read-service.ts';

/**
 * @module domain
 * Pure editorial rules: slugs, read time, teasers, dates, and the types that carry meaning.
 * Nothing here does I/O, so every rule is unit-tested without a database.
 */
export { formatDate, formatMonth, isoDate } from './dates.ts';
export { NEWS_FRESHNESS_MS } from './news-freshness.ts';
export { countWords, readTimeMinutes, WORDS_PER_MINUTE } from './read-time.ts';
export { pickUniqueSlug, SLUG_IGNORE_WORDS, SLUG_MAX_LENGTH, slugify, uniqueSlug } from './slug.ts';
export { leadSentences, TEASER_LENGTH, teaser } from './teaser.ts';
export * from './types.ts';

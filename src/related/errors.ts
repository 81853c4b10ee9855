/**
 * The related-content errors. Both are programming or configuration mistakes, not reader errors:
 * an operator's weights out of range, or a caller asking about an article the engine never indexed.
 */
import { defineError } from '../lib/errors.ts';

/** A `RelatedWeights` field is out of its documented range (e.g. a recency strength above 0.5). */
export const InvalidRelatedWeights = defineError(
  'MH_RELATED_INVALID_WEIGHTS',
  500,
  (problems: string) => `Invalid related-content weights: ${problems}`,
);

/** The engine was asked for the list of an article it does not hold. */
export const RelatedArticleUnknown = defineError(
  'MH_RELATED_ARTICLE_UNKNOWN',
  404,
  (id: number) => `Article ${id} is not in the related-content index`,
);

/** A rebuild's scan thread ended (or failed to start) before answering for every article. */
export const RelatedScanThreadStopped = defineError(
  'MH_RELATED_SCAN_THREAD_STOPPED',
  500,
  (detail: string) => `The related rebuild's scan thread stopped: ${detail}`,
);

/** A rebuild's word thread (the first pass's rendering and tokenizing) ended or failed before answering for every chunk. */
export const RelatedWordThreadStopped = defineError(
  'MH_RELATED_WORD_THREAD_STOPPED',
  500,
  (detail: string) => `The related rebuild's word thread stopped: ${detail}`,
);

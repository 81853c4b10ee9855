/**
 * Reading speed used for "Read time": 230 words a minute, the commonly quoted adult average for
 * non-fiction on screen (Brysbaert 2019 puts silent reading of English at 238 wpm).
 */
export const WORDS_PER_MINUTE = 230;

/** Counts words as runs of letters or digits (a hyphenated name counts as one). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/**
 * Minutes to read a text, rounded up, at least 1.
 * @example readTimeMinutes('word '.repeat(231)) // 2
 */
export function readTimeMinutes(text: string, wordsPerMinute = WORDS_PER_MINUTE): number {
  return Math.max(1, Math.ceil(countWords(text) / wordsPerMinute));
}

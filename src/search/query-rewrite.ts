import type { SearchQuery } from '../store/index.ts';
import { isStopWord } from '../text/index.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * Drops stop words ("the", "of") from the bare words when something else is left to look for:
 * they match nearly every article, so they only cost time. Phrases keep theirs ("the who"), and a
 * query of nothing but stop words is left alone.
 * @example withoutStopWords(parseQuery('the price of oil')).words.map((w) => w.text) // ['price', 'oil']
 */
export function withoutStopWords(q: SearchQuery): SearchQuery {
  const kept = q.words.filter((w) => w.prefix || !isStopWord(w.text));
  if (kept.length === q.words.length || (kept.length === 0 && q.phrases.length === 0)) return q;
  return { ...q, words: kept };
}

/** Each misspelt word and what it became. */
export type Corrections = ReadonlyMap<string, string>;

/**
 * Corrections for the words of a query no article contains: each becomes the nearest frequent
 * word of the vocabulary (see Vocabulary.nearest). Words being typed (a prefix) and exclusions are
 * left alone. Null when nothing needs, or can be given, a correction.
 */
export function findCorrections(q: SearchQuery, vocabulary: Vocabulary): Corrections | null {
  const out = new Map<string, string>();
  const words = [...q.words.filter((w) => !w.prefix).map((w) => w.text), ...q.phrases.flat()];
  for (const word of words) {
    if (out.has(word) || !vocabulary.correctable(word)) continue;
    const found = vocabulary.nearest(word);
    if (found) out.set(word, found.word);
  }
  return out.size ? out : null;
}

/** The query with corrected words swapped in (in words and phrases; exclusions stay as typed). */
export function applyCorrections(q: SearchQuery, corrections: Corrections): SearchQuery {
  const fix = (w: string) => corrections.get(w) ?? w;
  return {
    ...q,
    words: q.words.map((w) => (w.prefix ? w : { text: fix(w.text), prefix: false })),
    phrases: q.phrases.map((p) => p.map(fix)),
  };
}

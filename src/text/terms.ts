import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stop-words.ts';
import { words } from './tokenize.ts';

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/**
 * Porter stem of a folded word, memoised: the vocabulary of a news archive is small next to
 * its word count, so the cache turns stemming into a map lookup on the hot paths.
 * @example stem('charging') // 'charg'
 */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    // Numbers and very short words stem to themselves; the stemmer would mangle "5g" or "ev".
    s = word.length <= 3 || /\d/.test(word) ? word : stemmer(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * The index terms of a text: folded, stop words dropped, stemmed. Used by related content
 * (and by anything else that compares texts by vocabulary).
 * @example terms('Charging the new batteries') // ['charg', 'new', 'batteri']
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** Whether a folded word is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

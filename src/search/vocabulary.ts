import type { VocabularyRows } from '../store/index.ts';
import { isStopWord } from '../text/index.ts';
import { bitCount, editDistance, letterMask } from './edit-distance.ts';

/** Words of at most this many letters are corrected within one edit; longer ones within two. */
export const SHORT_WORD = 5;
/** Shorter words are never corrected: too many real words sit one edit from `ev` or `uk`. */
export const MIN_CORRECTED_LENGTH = 3;

const LETTERS_RE = /^\p{L}+$/u;

interface Bucket {
  readonly words: string[];
  readonly docs: number[];
  readonly masks: number[];
}

export interface Correction {
  readonly word: string;
  readonly distance: number;
  readonly docs: number;
}

/**
 * The corpus vocabulary in memory: every unstemmed word with its document frequency, and the
 * frequent ones grouped by length for typo correction. A frequent word is one found in at least
 * ⌊log10 N⌋ of the N published articles (1 on a small site, 5 on a 100,000-article one), so a
 * misspelling that occurs once in the archive is never offered as the correction; stop words
 * are not offered either.
 * @example
 * const v = new Vocabulary({ documents: 2, words: ['charging', 'charting'], docs: [40, 3] });
 * v.nearest('chargng') // { word: 'charging', distance: 1, docs: 40 }
 */
export class Vocabulary {
  private readonly docsOf = new Map<string, number>();
  private readonly byLength = new Map<number, Bucket>();
  readonly minDocs: number;

  constructor(rows: VocabularyRows) {
    this.minDocs = Math.max(1, Math.floor(Math.log10(Math.max(1, rows.documents))));
    for (let i = 0; i < rows.words.length; i++) {
      const word = rows.words[i]!;
      const docs = rows.docs[i] ?? 0;
      this.docsOf.set(word, docs);
      // Stop words are never offered: "oill" means oil, not will (and stop words are not searched).
      if (docs < this.minDocs || word.length < 2 || !LETTERS_RE.test(word) || isStopWord(word)) continue;
      let bucket = this.byLength.get(word.length);
      if (!bucket) {
        bucket = { words: [], docs: [], masks: [] };
        this.byLength.set(word.length, bucket);
      }
      bucket.words.push(word);
      bucket.docs.push(docs);
      bucket.masks.push(letterMask(word));
    }
  }

  get size(): number {
    return this.docsOf.size;
  }

  /** In how many articles the word occurs (0: unknown). */
  docs(word: string): number {
    return this.docsOf.get(word) ?? 0;
  }

  /** Whether a word is one typo correction may replace: unknown, letters only, not too short. */
  correctable(word: string): boolean {
    return word.length >= MIN_CORRECTED_LENGTH && LETTERS_RE.test(word) && !this.docsOf.has(word);
  }

  /**
   * The frequent word nearest to `word`: within one edit for words of up to five letters and two
   * for longer ones; the smaller distance wins, then the word in more articles, then A–Z.
   */
  nearest(word: string): Correction | undefined {
    const max = word.length <= SHORT_WORD ? 1 : 2;
    const mask = letterMask(word);
    let best: Correction | undefined;
    for (let len = word.length - max; len <= word.length + max; len++) {
      const bucket = this.byLength.get(len);
      if (!bucket) continue;
      const { words, docs, masks } = bucket;
      for (let i = 0; i < words.length; i++) {
        if (bitCount(mask ^ masks[i]!) > 2 * max) continue;
        const limit = best ? best.distance : max;
        const d = editDistance(word, words[i]!, limit);
        if (d > limit) continue;
        const candidate = { word: words[i]!, distance: d, docs: docs[i]! };
        if (!best || better(candidate, best)) best = candidate;
      }
    }
    return best;
  }
}

function better(a: Correction, b: Correction): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.docs !== b.docs) return a.docs > b.docs;
  return a.word < b.word;
}

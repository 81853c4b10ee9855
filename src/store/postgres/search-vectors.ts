import { grown } from '../../lib/typed-arrays.ts';
import { porterStem } from './porter-stemmer.ts';

/**
 * The search vectors of a document built in this process, for texts SearchTextCleaner says the
 * server would clean to their runs of ASCII letters and digits: `head` and `doc` (HEAD_VECTOR and
 * DOC_VECTOR of migration 0032) in tsvector's binary form, and the length and word sets (DOC_LENGTH,
 * WORDS_VECTOR, TITLE_VECTOR). The server receives them instead of cleaning, parsing and stemming
 * every text, which was most of its time in a bulk import (issue 16). Equal to the server's
 * vectors by construction, each rule below being PostgreSQL's (checked by search-vectors.test.ts
 * on many texts, and once on all 100,000 articles of the generated corpus):
 *
 * - Cleaned, a text is runs of ASCII letters and digits between spaces, and the default parser
 *   gives each run one token, except a run starting with digits then `e` and digits: that
 *   `sfloat` (`1e5`) is a token, and the rest of the run another (`1e5x1`: `1e5`, `x1`). Letters
 *   only (`asciiword`) are stemmed by the snowball `porter` dictionary (lower-cased; runs of more
 *   than 1,000 bytes lower-cased only, and so is a word whose stem is empty); others (`numword`,
 *   `uint`, `sfloat`) lower-cased (`simple`).
 * - Each token is the next position (parsetext), tokens of more than 2,047 bytes are left out
 *   without one; positions stop at 16,383 (LIMITPOS), and a lexeme keeps at most 255 of its
 *   positions from one text, none after 16,383 (uniqueWORD).
 * - `setweight` puts the weight in a position's top two bits (A 3, B 2, C 1).
 * - `a || b` moves b's positions past a's largest one (capped at 16,383), appending to a
 *   lexeme of both while it holds fewer than 256 and its last is not 16,383 (tsvector_concat,
 *   add_pos).
 *
 * Built in one pass over the three texts, read as they are, every character other than an ASCII
 * letter or digit a separator (`head || body` is `doc`, so `head` is each lexeme's first
 * positions), with each word's lexeme remembered as a number: 65 µs an article, where cleaned
 * copies, their word sets and a first builder with maps of strings took 250.
 */

/** Longer tokens are not indexed ("word is too long to be indexed", ts_parse.c; MAXSTRLEN). */
const LONGEST_TOKEN = 2047;
/** The snowball dictionary returns longer words lower-cased, unstemmed (dict_snowball.c). */
const LONGEST_STEMMED = 1000;
/** The largest position (MAXENTRYPOS - 1). */
const LAST_POSITION = 16383;
/** Positions a lexeme keeps from one text (MAXNUMPOS - 1 in uniqueWORD) and after `||` (MAXNUMPOS). */
const TEXT_POSITIONS = 255;
const CONCAT_POSITIONS = 256;
/** A tsvector's lexemes and positions take at most this many bytes (MAXSTRPOS); past it the server refuses the text. */
const LARGEST_VECTOR = (1 << 20) - 1;
/** Words remembered, then forgotten all at once (between documents): a corpus's vocabulary is far smaller. */
const WORDS_KEPT = 200_000;
/** Words longer than this are not remembered (each is looked at anew). */
const LONGEST_REMEMBERED = 64;
/** The word table's slots: a power of two, more than twice WORDS_KEPT. */
const WORD_SLOTS = 1 << 19;
const SPACE = 0x20;
/** FNV-1a, over the lower-cased characters of a word. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** `headline`, `standfirst`, `body`: their weights A, B, C in a position's top two bits (setweight). */
const WEIGHTS = [3 << 14, 2 << 14, 1 << 14] as const;
/** A remembered word that is two tokens: a number in scientific notation, then a word (`1e5x1`). */
const TWO_TOKENS = -1;
/** A token too long to index. */
const TOO_LONG = -2;

/**
 * A document's search vectors: `head` and `doc`, `len` (DOC_LENGTH), and `words` and `title`
 * (the unstemmed word sets since migration 0045), the tsvectors in their binary form
 * (tsvectorrecv).
 */
export interface DocumentVectors {
  readonly head: Buffer;
  readonly doc: Buffer;
  readonly len: number;
  readonly words: Buffer;
  readonly title: Buffer;
}

/** Builds the `masthead` vectors of cleaned texts, remembering each word's lexeme. */
export class SearchVectorBuilder {
  /**
   * Remembered words (lower-cased) and their lexemes' numbers (or TWO_TOKENS, TOO_LONG): an
   * open-addressing table looked up with the text's own characters and their hash, so no
   * string is made for a word seen before (making them, and hashing them again for a Map, was
   * two thirds of the time).
   */
  private table = new Int32Array(WORD_SLOTS);
  private wordCount = 0;
  private wordChars = new Uint8Array(1 << 16);
  private wordsUsed = 0;
  private wordStarts = new Int32Array(1 << 12);
  private wordLengths = new Int32Array(1 << 12);
  private wordHashes = new Int32Array(1 << 12);
  private wordLexemes = new Int32Array(1 << 12);
  /** The remembered word `remembered` last looked up, or -1 when it is not in the table. */
  private lastWord = -1;
  /**
   * The current document's distinct words (`words`) and its headline's (`title`): remembered
   * ones by number (`inWords`, `inTitle` hold the document's stamp), others as strings.
   */
  private inWords = new Int32Array(1 << 12);
  private inTitle = new Int32Array(1 << 12);
  private docWords = new Int32Array(1 << 10);
  private docWordCount = 0;
  private titleWords = new Int32Array(1 << 10);
  private titleWordCount = 0;
  private otherWords = new Set<string>();
  private otherTitle = new Set<string>();
  /** Runs of letters and digits in the document (DOC_LENGTH). */
  private runs = 0;
  /** Lexeme to its number; each number's bytes are `lexemeChars[start, start + length)`. */
  private numbers = new Map<string, number>();
  private lexemeChars = new Uint8Array(1 << 16);
  private lexemesUsed = 0;
  private lexemeStarts = new Int32Array(1 << 12);
  private lexemeLengths = new Int32Array(1 << 12);
  /** Per lexeme number: its entry in the current document when `seen` holds the document's stamp. */
  private seen = new Int32Array(1 << 12);
  private entryOf = new Int32Array(1 << 12);
  private stamp = 0;

  /**
   * The current document's lexemes (entries): each one's lexeme number, its positions in `doc`
   * (a list through `next`, first to last, and how many), how many of them `head` holds, and
   * its state in the text being read (which text, how many positions it kept from it, the last).
   */
  private entries = 0;
  private lexemeOfEntry = new Int32Array(1 << 10);
  private firsts = new Int32Array(1 << 10);
  private lasts = new Int32Array(1 << 10);
  private counts = new Int32Array(1 << 10);
  private headCounts = new Int32Array(1 << 10);
  private texts = new Int32Array(1 << 10);
  private textCounts = new Int32Array(1 << 10);
  private textLasts = new Int32Array(1 << 10);
  /** Positions kept (WordEntryPos), each with the next of its lexeme's. */
  private positions = 0;
  private values = new Uint16Array(1 << 12);
  private nexts = new Int32Array(1 << 12);
  /** Bytes the three texts' vectors take on the server, at most (each lexeme once a text, its positions). */
  private stored = 0;
  /** The largest position in `doc` so far (the shift of the next text: `||`). */
  private largest = 0;

  /**
   * The vectors of texts that masthead_search_text would clean to their runs of ASCII letters
   * and digits, every other character a separator (SearchTextCleaner says which: it is not
   * checked here), or undefined when a vector might pass tsvector's size limit (the server's
   * path then decides, as before).
   */
  build(headline: string, standfirst: string, body: string): DocumentVectors | undefined {
    if (this.wordCount > WORDS_KEPT) this.forget();
    this.stamp++;
    this.entries = 0;
    this.positions = 0;
    this.stored = 0;
    this.largest = 0;
    this.runs = 0;
    this.docWordCount = 0;
    this.titleWordCount = 0;
    this.otherWords.clear();
    this.otherTitle.clear();
    this.text(headline, 0);
    this.text(standfirst, 1);
    this.headCounts.set(this.counts.subarray(0, this.entries));
    this.text(body, 2);
    if (this.stored > LARGEST_VECTOR) return undefined;
    return {
      head: this.binary(this.headCounts),
      doc: this.binary(this.counts),
      len: this.runs,
      words: this.wordSet(this.docWords, this.docWordCount, this.otherWords),
      title: this.wordSet(this.titleWords, this.titleWordCount, this.otherTitle),
    };
  }

  /**
   * Adds the tokens of one text (`to_tsvector` of its cleaned text, weighted), after the
   * positions of those before it (`||`), and its runs to the length and word sets.
   */
  private text(cleaned: string, text: 0 | 1 | 2): void {
    const shift = this.largest;
    let position = 0;
    let start = 0;
    let hash = FNV_OFFSET;
    const end = cleaned.length;
    for (let i = 0; i <= end; i++) {
      const c = i < end ? cleaned.charCodeAt(i) : SPACE;
      const lower = c | SPACE;
      if ((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
        // Lower-cases an ASCII letter and leaves a digit as it is.
        hash = Math.imul(hash ^ lower, FNV_PRIME);
        continue;
      }
      if (i > start) {
        const lexeme = this.remembered(cleaned, start, i, hash);
        this.addWord(cleaned, start, i, text === 0);
        if (lexeme >= 0) {
          position++;
          this.add(lexeme, text, Math.min(position, LAST_POSITION), shift);
        } else if (lexeme === TWO_TOKENS) {
          const [number, rest] = splitNumber(cleaned.slice(start, i).toLowerCase());
          for (const token of [this.lexemeOf(number), this.lexemeOf(rest)]) {
            if (token < 0) continue;
            position++;
            this.add(token, text, Math.min(position, LAST_POSITION), shift);
          }
        }
      }
      start = i + 1;
      hash = FNV_OFFSET;
    }
  }

  /**
   * The lexeme of the word `cleaned[start, end)`, lower-cased, from the word table (remembering
   * it the first time); `lastWord` is its number in the table.
   */
  private remembered(cleaned: string, start: number, end: number, hash: number): number {
    this.lastWord = -1;
    const length = end - start;
    if (length > LONGEST_REMEMBERED) return this.lexemeOf(cleaned.slice(start, end).toLowerCase());
    const mask = WORD_SLOTS - 1;
    let slot = hash & mask;
    for (;;) {
      const w = (this.table[slot] as number) - 1;
      if (w < 0) break;
      if (this.wordHashes[w] === hash && this.wordLengths[w] === length && this.sameWord(w, cleaned, start, length)) {
        this.lastWord = w;
        return this.wordLexemes[w] as number;
      }
      slot = (slot + 1) & mask;
    }
    const word = cleaned.slice(start, end).toLowerCase();
    const lexeme = this.lexemeOf(word);
    // A table at most half full: one huge document (forgetting waits for the next) is not remembered past that.
    if (this.wordCount >= WORD_SLOTS / 2) return lexeme;
    const w = this.wordCount;
    this.lastWord = w;
    this.wordChars = grown(this.wordChars, this.wordsUsed + length);
    for (let i = 0; i < length; i++) this.wordChars[this.wordsUsed + i] = word.charCodeAt(i);
    this.wordStarts = grown(this.wordStarts, w + 1);
    this.wordLengths = grown(this.wordLengths, w + 1);
    this.wordHashes = grown(this.wordHashes, w + 1);
    this.wordLexemes = grown(this.wordLexemes, w + 1);
    this.inWords = grown(this.inWords, w + 1);
    this.inTitle = grown(this.inTitle, w + 1);
    this.wordStarts[w] = this.wordsUsed;
    this.wordLengths[w] = length;
    this.wordHashes[w] = hash;
    this.wordLexemes[w] = lexeme;
    this.wordsUsed += length;
    this.table[slot] = ++this.wordCount;
    return lexeme;
  }

  /**
   * Counts the run `cleaned[start, end)` that `remembered` just looked up, and adds it to the
   * document's words (and the title's): runs of more than 2,047 bytes are left out of both, as
   * `to_tsvector` leaves them out.
   */
  private addWord(cleaned: string, start: number, end: number, headline: boolean): void {
    this.runs++;
    if (end - start > LONGEST_TOKEN) return;
    const w = this.lastWord;
    if (w < 0) {
      const word = cleaned.slice(start, end).toLowerCase();
      this.otherWords.add(word);
      if (headline) this.otherTitle.add(word);
      return;
    }
    if (this.inWords[w] !== this.stamp) {
      this.inWords[w] = this.stamp;
      this.docWords = grown(this.docWords, this.docWordCount + 1);
      this.docWords[this.docWordCount++] = w;
    }
    if (headline && this.inTitle[w] !== this.stamp) {
      this.inTitle[w] = this.stamp;
      this.titleWords = grown(this.titleWords, this.titleWordCount + 1);
      this.titleWords[this.titleWordCount++] = w;
    }
  }

  /**
   * Distinct words as a tsvector without positions in its binary form: the count, then each word
   * NUL-terminated with a zero position count. Unsorted: tsvectorrecv sorts the entries.
   */
  private wordSet(list: Int32Array, count: number, others: ReadonlySet<string>): Buffer {
    let size = 4;
    for (let i = 0; i < count; i++) size += (this.wordLengths[list[i] as number] as number) + 3;
    for (const word of others) size += word.length + 3;
    const out = Buffer.alloc(size);
    out.writeInt32BE(count + others.size, 0);
    let at = 4;
    const chars = this.wordChars;
    for (let i = 0; i < count; i++) {
      const w = list[i] as number;
      const from = this.wordStarts[w] as number;
      const end = from + (this.wordLengths[w] as number);
      for (let j = from; j < end; j++) out[at++] = chars[j] as number;
      at += 3;
    }
    for (const word of others) at += out.write(word, at, 'latin1') + 3;
    return out;
  }

  /** Remembered word `w` is `cleaned[start, start + length)` lower-cased. */
  private sameWord(w: number, cleaned: string, start: number, length: number): boolean {
    const from = this.wordStarts[w] as number;
    for (let i = 0; i < length; i++) if (this.wordChars[from + i] !== (cleaned.charCodeAt(start + i) | SPACE)) return false;
    return true;
  }

  /** One token's lexeme at `position` of text `text` (uniqueWORD), moved past `shift` into `doc` (add_pos). */
  private add(lexeme: number, text: number, position: number, shift: number): void {
    let e: number;
    if (this.seen[lexeme] === this.stamp) e = this.entryOf[lexeme] as number;
    else e = this.entry(lexeme);
    if (this.texts[e] !== text) {
      this.texts[e] = text;
      this.textCounts[e] = 0;
      this.stored += (this.lexemeLengths[lexeme] as number) + 3;
    } else {
      const last = this.textLasts[e];
      if ((this.textCounts[e] as number) >= TEXT_POSITIONS || last === LAST_POSITION || last === position) return;
    }
    (this.textCounts[e] as number)++;
    this.textLasts[e] = position;
    this.stored += 2;
    const count = this.counts[e] as number;
    if (count >= CONCAT_POSITIONS || (count > 0 && ((this.values[this.lasts[e] as number] as number) & LAST_POSITION) === LAST_POSITION)) return;
    const at = Math.min(position + shift, LAST_POSITION);
    const p = this.positions++;
    if (p >= this.values.length) {
      this.values = grown(this.values, p + 1);
      this.nexts = grown(this.nexts, p + 1);
    }
    this.values[p] = at | (WEIGHTS[text] as number);
    this.nexts[p] = -1;
    if (count === 0) this.firsts[e] = p;
    else this.nexts[this.lasts[e] as number] = p;
    this.lasts[e] = p;
    this.counts[e] = count + 1;
    if (at > this.largest) this.largest = at;
  }

  /** A new entry of the current document for `lexeme`. */
  private entry(lexeme: number): number {
    const e = this.entries++;
    this.seen[lexeme] = this.stamp;
    this.entryOf[lexeme] = e;
    if (e >= this.lexemeOfEntry.length) {
      const n = e + 1;
      this.lexemeOfEntry = grown(this.lexemeOfEntry, n);
      this.firsts = grown(this.firsts, n);
      this.lasts = grown(this.lasts, n);
      this.counts = grown(this.counts, n);
      this.headCounts = grown(this.headCounts, n);
      this.texts = grown(this.texts, n);
      this.textCounts = grown(this.textCounts, n);
      this.textLasts = grown(this.textLasts, n);
    }
    this.lexemeOfEntry[e] = lexeme;
    this.counts[e] = 0;
    this.headCounts[e] = 0;
    this.texts[e] = -1;
    return e;
  }

  /** The lexeme number of a whole run of lower-cased letters and digits, or TWO_TOKENS, or TOO_LONG. */
  private lexemeOf(word: string): number {
    // A number in scientific notation and a word: either may be too long, not both at once.
    if (isDigit(word.charCodeAt(0)) && splitNumber(word)[1] !== '') return TWO_TOKENS;
    if (word.length > LONGEST_TOKEN) return TOO_LONG;
    if (hasDigit(word)) return this.number(word);
    // An empty stem (`s`) leaves the word as it was: dsnowball_lexize copies only a non-empty result.
    return this.number(word.length > LONGEST_STEMMED ? word : porterStem(word) || word);
  }

  /** The number of a lexeme, given one the first time. */
  private number(lexeme: string): number {
    let n = this.numbers.get(lexeme);
    if (n !== undefined) return n;
    n = this.numbers.size;
    this.numbers.set(lexeme, n);
    this.lexemeChars = grown(this.lexemeChars, this.lexemesUsed + lexeme.length);
    for (let i = 0; i < lexeme.length; i++) this.lexemeChars[this.lexemesUsed + i] = lexeme.charCodeAt(i);
    this.lexemeStarts = grown(this.lexemeStarts, n + 1);
    this.lexemeLengths = grown(this.lexemeLengths, n + 1);
    this.lexemeStarts[n] = this.lexemesUsed;
    this.lexemeLengths[n] = lexeme.length;
    this.lexemesUsed += lexeme.length;
    this.seen = grown(this.seen, n + 1);
    this.entryOf = grown(this.entryOf, n + 1);
    return n;
  }

  /** Forgets every word and lexeme (between documents). */
  private forget(): void {
    this.table.fill(0);
    this.wordCount = 0;
    this.wordsUsed = 0;
    this.numbers = new Map();
    this.lexemesUsed = 0;
    this.seen.fill(0);
    this.inWords.fill(0);
    this.inTitle.fill(0);
    this.stamp = 0;
  }

  /**
   * The document's `head` (`counts`: each entry's positions from the headline and standfirst)
   * or `doc` (all of them) in tsvector's binary form (tsvectorsend): the count, then each
   * lexeme NUL-terminated, its position count and positions. Unsorted: tsvectorrecv sorts the
   * entries.
   */
  private binary(counts: Int32Array): Buffer {
    let size = 4;
    let lexemes = 0;
    for (let e = 0; e < this.entries; e++) {
      const n = counts[e] as number;
      if (n === 0) continue;
      lexemes++;
      size += (this.lexemeLengths[this.lexemeOfEntry[e] as number] as number) + 3 + 2 * n;
    }
    const out = Buffer.allocUnsafe(size);
    out.writeInt32BE(lexemes, 0);
    let at = 4;
    const chars = this.lexemeChars;
    for (let e = 0; e < this.entries; e++) {
      const n = counts[e] as number;
      if (n === 0) continue;
      const lexeme = this.lexemeOfEntry[e] as number;
      const start = this.lexemeStarts[lexeme] as number;
      const end = start + (this.lexemeLengths[lexeme] as number);
      for (let i = start; i < end; i++) out[at++] = chars[i] as number;
      out[at++] = 0;
      out[at++] = n >> 8;
      out[at++] = n & 0xff;
      let p = this.firsts[e] as number;
      for (let i = 0; i < n; i++) {
        const v = this.values[p] as number;
        out[at++] = v >> 8;
        out[at++] = v & 0xff;
        p = this.nexts[p] as number;
      }
    }
    return out;
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (isDigit(word.charCodeAt(i))) return true;
  return false;
}

/**
 * A run starting with a digit as the parser splits it: digits, `e` and digits (`sfloat`), then
 * the rest (starting with a letter) as a token of its own; otherwise the whole run and ''.
 */
function splitNumber(run: string): [string, string] {
  let i = 0;
  while (i < run.length && isDigit(run.charCodeAt(i))) i++;
  if (i === run.length || run.charCodeAt(i) !== 0x65 || !isDigit(run.charCodeAt(i + 1))) return [run, ''];
  let end = i + 2;
  while (end < run.length && isDigit(run.charCodeAt(end))) end++;
  return [run.slice(0, end), run.slice(end)];
}

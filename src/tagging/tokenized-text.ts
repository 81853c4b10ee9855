import { STOP_WORDS, type Token, tokenize } from '../text/index.ts';
import { isNameWord, startsLowerCase } from './name-forms.ts';

// Words after which a full stop does not end a sentence ("Mr. Smith", "St. Louis").
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  'mr mrs ms dr st jr sr vs gen sen rep gov prof mt ft no fig approx dept'.split(' '),
);
// The head of a dateline: a place whose first word is in capitals, perhaps a region after a
// comma, then a date (`1996-08-22`, `March 3`, `Aug 3`) and the end of the line or a dash.
const DATELINE_RE =
  /^[ \t]*(\p{Lu}[\p{Lu}.'-]*(?:[ \t]+[\p{L}.'-]+){0,3}(?:,[ \t]+\p{Lu}[\p{L}.'-]*(?:[ \t]+[\p{L}.'-]+){0,2})?)[ \t,]+(?:\d{4}-\d\d-\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2})\b/u;
// A line is in capitals when this share of its words (of two letters or more) are.
const CAPITALS_LINE_SHARE = 0.8;
const BLANK_LINE_RE = /\n[ \t\r\f\v\u00a0]*\n/g;
// A headline is a short paragraph: longer ones are running text whatever their case.
const HEADLINE_MAX_TOKENS = 24;

/** One line of a text, as the rules for capitals see it. */
export interface LineInfo {
  /** Offset of its first character. */
  readonly start: number;
  /** Its words of two letters or more. */
  readonly words: number;
  /** Nearly all of those words are in capitals. */
  readonly capitals: boolean;
  /** Offset just past the place name of a dateline at its head, or -1. */
  readonly datelineEnd: number;
}

/** How a paragraph is written: running text, or a headline (all caps or title case). */
export type ParagraphKind = 'running' | 'headline';

/**
 * A text with its tokens (from the shared `tokenize`) and the questions the matcher asks about
 * them: can two tokens sit inside one name, is a token capitalised, does it start a sentence, is
 * its paragraph a headline. Everything beyond the tokens is computed lazily, because only
 * ambiguous names and candidates need it.
 */
export class TokenizedText {
  readonly text: string;
  readonly tokens: Token[];
  #paragraphEnds: number[] | undefined;
  #paragraphKinds = new Map<number, ParagraphKind>();
  #terms: Set<string> | undefined;
  #lines = new Map<number, LineInfo>();

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  static #last: TokenizedText | undefined;

  /**
   * The tokenized text, reusing the last one made here when the text is the same: tagging an
   * article runs the matcher and then the candidate finder over one text, and tokenizing is most
   * of the cost of each. Everything a `TokenizedText` computes follows from its text alone.
   */
  static of(text: string): TokenizedText {
    const last = TokenizedText.#last;
    if (last?.text === text) return last;
    const made = new TokenizedText(text);
    TokenizedText.#last = made;
    return made;
  }

  /**
   * Whether token `k` may follow token `k - 1` inside one name: only white space (one line
   * break at most), hyphens and dashes, `&`, `/`, `+` and apostrophes between them, and a full
   * stop only inside a word (`Amazon.com`) or after an initial (`J.P. Morgan`).
   */
  joins(k: number): boolean {
    const prev = this.tokens[k - 1]!;
    const from = prev.end;
    const to = this.tokens[k]!.start;
    const text = this.text;
    if (to - from === 1) {
      const c = text.charCodeAt(from);
      if (c === 32 || c === 45) return true;
    }
    if (to - from > 12) return false;
    let newlines = 0;
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === 10) {
        if (++newlines > 1) return false;
      } else if (c === 46) {
        if (p + 1 !== to && prev.end - prev.start > 2) return false;
      } else if (!isNameGlue(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether only spaces, tabs, one line break or a hyphen separate token `k - 1` from `k`. */
  adjacent(k: number): boolean {
    const gap = this.gap(k, true);
    return gap >= 0 && gap <= 8;
  }

  /** Whether only spaces, tabs and at most one line break separate token `k - 1` from `k`. */
  spaced(k: number): boolean {
    return this.gap(k, false) > 0;
  }

  /** How many characters separate token `k - 1` from `k`, or -1 unless only spaces, tabs, at most one line break and (with `dashes`) hyphens do. */
  private gap(k: number, dashes: boolean): number {
    const from = this.tokens[k - 1]!.end;
    const to = this.tokens[k]!.start;
    let newlines = 0;
    for (let p = from; p < to; p++) {
      const c = this.text.charCodeAt(p);
      if (c === 10) {
        if (++newlines > 1) return -1;
      } else if (!(isSpace(c) || (dashes && isDash(c)))) {
        return -1;
      }
    }
    return to - from;
  }

  /** Whether only spaces and tabs separate token `k - 1` from `k`. */
  spacedOnLine(k: number): boolean {
    const from = this.tokens[k - 1]!.end;
    const to = this.tokens[k]!.start;
    for (let p = from; p < to; p++) {
      const c = this.text.charCodeAt(p);
      if (c !== 32 && c !== 9 && c !== 0xa0) return false;
    }
    return to > from;
  }

  /** The folded words of tokens `first..last` joined by spaces: one key for every spelling of a name. */
  termsKey(first: number, last: number): string {
    let key = this.tokens[first]!.term;
    for (let k = first + 1; k <= last; k++) key += ` ${this.tokens[k]!.term}`;
    return key;
  }

  /** Whether token `k` begins with an upper-case letter. */
  isCapitalised(k: number): boolean {
    const c = this.text.charCodeAt(this.tokens[k]!.start);
    if (c < 128) return c >= 65 && c <= 90;
    const ch = String.fromCodePoint(this.text.codePointAt(this.tokens[k]!.start)!);
    return ch !== ch.toLowerCase();
  }

  /** Whether tokens `first..last` contain no lower-case letter (`RSM`, `AT&T`). */
  isUpper(first: number, last: number): boolean {
    const text = this.text;
    for (let k = first; k <= last; k++) {
      const t = this.tokens[k]!;
      for (let p = t.start; p < t.end; p++) {
        const c = text.charCodeAt(p);
        if (c >= 97 && c <= 122) return false;
        if (c >= 128) {
          const ch = text[p]!;
          if (ch !== ch.toUpperCase()) return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether every word of tokens `first..last` that carries its case (see `isNameWord`) and
   * does not continue a hyphenated or dotted word begins without a lower-case letter:
   * `National Hockey League`, `Wal-mart`, `Bank of England`, not `national league`.
   */
  isNameCapitalised(first: number, last: number): boolean {
    for (let k = first; k <= last; k++) {
      const t = this.tokens[k]!;
      if (!startsLowerCase(this.text, t.start) || !isNameWord(t.term)) continue;
      if (k === first || isSpace(this.text.charCodeAt(t.start - 1)) || this.text.charCodeAt(t.start - 1) === 10) return false;
    }
    return true;
  }

  /** Whether a full stop immediately follows token `k`. */
  followedByStop(k: number): boolean {
    return this.text.charCodeAt(this.tokens[k]!.end) === 46;
  }

  /**
   * Whether tokens `first..last` are a dotted abbreviation (`U.N`, `F.B.I`): single letters
   * joined by full stops, so the stop after the last letter is part of it too (`U.N.`).
   */
  endsAbbreviation(first: number, last: number): boolean {
    if (last === first) return false;
    for (let k = first; k <= last; k++) {
      const t = this.tokens[k]!;
      if (t.end - t.start !== 1) return false;
      if (k > first && (t.start - this.tokens[k - 1]!.end !== 1 || this.text.charCodeAt(t.start - 1) !== 46)) return false;
    }
    return true;
  }

  /** Whether token `k` is a short all-capitals word (`UK`, `US`, `TV`). */
  isShortUpper(k: number): boolean {
    const t = this.tokens[k]!;
    return t.end - t.start <= 3 && this.isUpper(k, k) && this.isCapitalised(k);
  }

  /**
   * Whether token `k` begins a sentence: it is the first token, or a `.`, `!` or `?` (a full
   * stop not after an abbreviation or an initial), a blank line, or a line break followed by a
   * list bullet stands between it and the token before.
   */
  startsSentence(k: number): boolean {
    if (k === 0) return true;
    const prev = this.tokens[k - 1]!;
    const to = this.tokens[k]!.start;
    const text = this.text;
    let newline = false;
    for (let p = prev.end; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === 33 || c === 63) return true;
      if (c === 46) {
        if (prev.end - prev.start > 1 && !ABBREVIATIONS.has(prev.term)) return true;
      } else if (c === 10) {
        if (newline) return true;
        newline = true;
      } else if (newline && (c === 45 || c === 42 || c === 0x2022)) {
        return true;
      } else if (!isSpace(c)) {
        newline = false;
      }
    }
    return false;
  }

  /** Whether the paragraph of token `k` is running text or a headline. */
  paragraphKind(k: number): ParagraphKind {
    const ends = this.#blankLines();
    const pos = this.tokens[k]!.start;
    // Index of the first blank line after pos: the paragraph runs from the one before it.
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! <= pos) lo = mid + 1;
      else hi = mid;
    }
    const cached = this.#paragraphKinds.get(lo);
    if (cached !== undefined) return cached;
    const from = lo === 0 ? 0 : ends[lo - 1]!;
    const to = lo === ends.length ? this.text.length : ends[lo]!;
    const kind = this.#classify(k, from, to);
    this.#paragraphKinds.set(lo, kind);
    return kind;
  }

  /** Whether token `k` stands in the place name at the head of a dateline (`NEW YORK 1996-08-22`). */
  inDateline(k: number): boolean {
    const t = this.tokens[k]!;
    return t.start < this.#line(t.start).datelineEnd;
  }

  /** What the line of token `k` is (computed once per line). */
  lineOf(k: number): LineInfo {
    return this.#line(this.tokens[k]!.start);
  }

  #line(pos: number): LineInfo {
    const text = this.text;
    const from = text.lastIndexOf('\n', pos - 1) + 1;
    const cached = this.#lines.get(from);
    if (cached !== undefined) return cached;
    let to = text.indexOf('\n', pos);
    if (to < 0) to = text.length;
    const line = text.slice(from, to);
    let words = 0;
    let upper = 0;
    for (const m of line.matchAll(/\p{L}{2,}/gu)) {
      words++;
      if (m[0] === m[0].toUpperCase()) upper++;
    }
    const capitals = words >= 1 && upper / words >= CAPITALS_LINE_SHARE && /\p{Lu}/u.test(line);
    const dateline = DATELINE_RE.exec(line);
    const head = dateline?.[1];
    const datelineEnd = head !== undefined && head.split(/[ \t,]/)[0] === head.split(/[ \t,]/)[0]!.toUpperCase() ? from + dateline!.index + dateline![0].indexOf(head) + head.length : -1;
    const info = { start: from, words, capitals, datelineEnd };
    this.#lines.set(from, info);
    return info;
  }

  /** Whether `term` occurs anywhere in the text. */
  hasTerm(term: string): boolean {
    if (this.#terms === undefined) this.#terms = new Set(this.tokens.map((t) => t.term));
    return this.#terms.has(term);
  }

  // Offsets just past each blank line.
  #blankLines(): number[] {
    if (this.#paragraphEnds === undefined) {
      this.#paragraphEnds = [];
      for (const m of this.text.matchAll(BLANK_LINE_RE)) this.#paragraphEnds.push(m.index + m[0].length);
    }
    return this.#paragraphEnds;
  }

  #classify(k: number, from: number, to: number): ParagraphKind {
    let first = k;
    while (first > 0 && this.tokens[first - 1]!.start >= from) first--;
    let last = k;
    while (last + 1 < this.tokens.length && this.tokens[last + 1]!.start < to) last++;
    if (last - first + 1 > HEADLINE_MAX_TOKENS) return 'running';
    let significant = 0;
    let capitalised = 0;
    let upper = 0;
    for (let i = first; i <= last; i++) {
      const t = this.tokens[i]!;
      if (t.term.length < 2 || STOP_WORDS.has(t.term) || !/\p{L}/u.test(t.term)) continue;
      significant++;
      if (this.isCapitalised(i)) capitalised++;
      if (this.isUpper(i, i)) upper++;
    }
    if (significant === 0) return 'running';
    if (upper / significant >= 0.8 && significant >= 2) return 'headline';
    const tail = this.text.slice(from, to).trimEnd();
    const endsSentence = /[.!?;:,]["'”’)]?$/.test(tail);
    if (!endsSentence && significant >= 2 && capitalised / significant >= 0.75) return 'headline';
    return 'running';
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f;
}

function isDash(c: number): boolean {
  return c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;
}

// Characters that may stand between two words of one name.
function isNameGlue(c: number): boolean {
  return isSpace(c) || isDash(c) || c === 38 || c === 47 || c === 43 || c === 39 || c === 0x2019;
}

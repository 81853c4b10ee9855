import { foldText } from './fold.ts';

/** One word of a text: its folded form and where it stands in the original (UTF-16 offsets). */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

// Letters and digits, joined by inner apostrophes or dots between digits ("8.03", "O'Neil" stays
// one word only for the apostrophe case handled below). Everything else separates words.
const WORD_RE = /[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu;
// The same words in text whose only letters and digits are ASCII, [a-z0-9] once lower-cased:
// such text is folded once, whole, and scanned without Unicode classes. Besides ASCII it may hold
// the punctuation of edited text (typographic quotes, dashes, pound and euro signs, guillemets,
// bullets, no-break spaces): none is a letter or digit, and folding leaves each a non-word character.
const ASCII_WORD_RE = /[a-z0-9]+(?:[.,][0-9]+)*/g;
const PLAIN_RE = /^[\x00-\x7f\u00a0\u00a3\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]*$/;

/**
 * Splits text into folded words with their offsets in the text exactly as given.
 * Possessive `'s` is a separate token (`s`), so `Nissan's` yields `nissan` then `s`.
 * @example tokenize('Citroën’s 8.03 m').map(t => t.term) // ['citroen', 's', '8.03', 'm']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  if (isPlainText(text)) return plainTokens(text);
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index;
    tokens.push({ term: foldText(m[0]), start, end: start + m[0].length });
  }
  return tokens;
}

/**
 * The matches of ASCII_WORD_RE in the lower-cased text, found by a scan of character codes:
 * `matchAll` builds a match array for every word, a third of tokenizing an article (tagging
 * tokenizes every imported article). Hand-written for that; text.test.ts holds it to the pattern.
 */
function plainTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; ) {
    if (!isPlainWordCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const end = plainWordEnd(lower, i);
    tokens.push({ term: lower.slice(i, end), start: i, end });
    i = end;
  }
  return tokens;
}

/** `[a-z0-9]` by character code: what words of lower-cased plain text are made of (NaN, past the end, is not). */
export function isPlainWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Where the word of lower-cased plain text (`isPlainText`) that begins at `start` ends: ASCII_WORD_RE,
 * `[a-z0-9]+(?:[.,][0-9]+)*`, by character codes ("8.03" and "80,000" stay one word).
 */
export function plainWordEnd(lower: string, start: number): number {
  let i = start;
  while (isPlainWordCode(lower.charCodeAt(i))) i++;
  for (let c = lower.charCodeAt(i); (c === 46 || c === 44) && isDigitCode(lower.charCodeAt(i + 1)); c = lower.charCodeAt(i)) {
    i += 2;
    while (isDigitCode(lower.charCodeAt(i))) i++;
  }
  return i;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether every letter and digit of `text` is ASCII (besides ASCII it holds at most the
 * punctuation PLAIN_RE lists): its words are then `[a-z0-9]` runs of the lower-cased text, and
 * folding it changes nothing but case, so callers may skip Unicode classes and NFKD.
 * @example isPlainText('BA’s “profits” £3') // true
 */
export function isPlainText(text: string): boolean {
  return PLAIN_RE.test(text);
}

/** The folded words of a text, without offsets (cheaper when positions are not needed). */
export function words(text: string): string[] {
  if (isPlainText(text)) return text.toLowerCase().match(ASCII_WORD_RE) ?? [];
  return foldText(text).match(WORD_RE) ?? [];
}

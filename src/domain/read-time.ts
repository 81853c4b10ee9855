/**
 * Reading speed used for "Read time": 230 words a minute, the commonly quoted adult average for
 * non-fiction on screen (Brysbaert 2019 puts silent reading of English at 238 wpm).
 */
export const WORDS_PER_MINUTE = 230;

/** A letter or digit: what `countWords` counts runs of. */
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;

/** Per character of the Basic Multilingual Plane: 1 a letter or digit, 2 not, 0 not yet looked up. */
const BMP_WORD = new Uint8Array(0x10000);

function isWordCharacter(point: number): boolean {
  if (point > 0xffff) return WORD_CHARACTER.test(String.fromCodePoint(point));
  if (BMP_WORD[point] === 0) BMP_WORD[point] = WORD_CHARACTER.test(String.fromCharCode(point)) ? 1 : 2;
  return BMP_WORD[point] === 1;
}

/** Characters that join two runs into one word when alone between them: `e-mail`, `O'Neil`, `8.03`. */
function isJoiner(c: number): boolean {
  return c === 45 /* - */ || c === 39 /* ' */ || c === 46 /* . */ || c === 0x2019; /* ’ */
}

/**
 * Counts words as runs of letters or digits (a hyphenated name counts as one): the matches of
 * `[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*` (a regular expression), counted in one pass without building them (every
 * save and import counts its body twice; the match array was a share of an import's time).
 * @example countWords('Renault-Nissan invests 160 million, 8.03 units') // 6
 */
export function countWords(text: string): number {
  let count = 0;
  // The previous character: a letter or digit; a joiner right after one (the word may go on).
  let inWord = false;
  let joined = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const point = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    if (point > 0xffff) i++;
    const word = isWordCharacter(point);
    if (word) {
      if (!inWord && !joined) count++;
      inWord = true;
      joined = false;
    } else {
      joined = inWord && isJoiner(c);
      inWord = false;
    }
  }
  return count;
}

/**
 * Minutes to read a text, rounded up, at least 1.
 * @example readTimeMinutes('word '.repeat(231)) // 2
 */
export function readTimeMinutes(text: string, wordsPerMinute = WORDS_PER_MINUTE): number {
  return Math.max(1, Math.ceil(countWords(text) / wordsPerMinute));
}

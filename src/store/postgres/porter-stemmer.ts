/**
 * The Porter stemmer exactly as PostgreSQL's snowball `porter` dictionary stems (the `masthead`
 * configuration's words: migration 0032), written from Snowball's `porter.sbl`, step for step.
 * Hand-written rather than a package: what matters is byte-for-byte equality with the server's
 * stems (the vectors built here must equal `to_tsvector`'s), and the npm stemmers follow Martin
 * Porter's original C or JavaScript code, which differs from the Snowball program on some words
 * (no stemming of two-letter words, for one). Checked against the server on the corpus's words
 * and word lists (search-vectors.test.ts). Input: lower-case ASCII letters only.
 */

/** Snowball's `v` grouping: `y` is a vowel unless marked `Y` (initial, or after a vowel). */
function isVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
}

/** `shortv` ending at `end` (backwards: a non-vowel other than w, x, Y; a vowel; a non-vowel). */
function shortVowel(w: string, end: number): boolean {
  if (end < 3) return false;
  const last = w[end - 1];
  return !isVowel(last) && last !== 'w' && last !== 'x' && last !== 'Y' && isVowel(w[end - 2]) && !isVowel(w[end - 3]);
}

/** Some character of w[0, end) is a vowel (`gopast v` backwards). */
function hasVowel(w: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (isVowel(w[i])) return true;
  return false;
}

/** An `among` of suffixes and replacements, longest first: Snowball tries only the longest that matches. */
type Among = readonly (readonly [string, string])[];
const longestFirst = (list: Among): Among => [...list].sort((a, b) => b[0].length - a[0].length);

const STEP_2 = longestFirst([
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['izer', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alli', 'al'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['fulness', 'ful'],
  ['ousli', 'ous'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
]);

const STEP_3 = longestFirst([
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ative', ''],
  ['ful', ''],
  ['ness', ''],
]);

const STEP_4 = longestFirst(
  ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion'].map((s) => [s, ''] as const),
);

const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);

/** The longest suffix of `list` that `w` ends with. */
function longestSuffix(w: string, list: Among): readonly [string, string] | undefined {
  for (const entry of list) if (w.endsWith(entry[0])) return entry;
  return undefined;
}

/** `w` stemmed by `list` when its longest matching suffix starts at or after `region`. */
function replaceIn(w: string, list: Among, region: number): string {
  const found = longestSuffix(w, list);
  if (!found || w.length - found[0].length < region) return w;
  return w.slice(0, w.length - found[0].length) + found[1];
}

/** Snowball's `porter` stem of a lower-case ASCII word. */
export function porterStem(word: string): string {
  let w = word;
  // Mark consonant y: initial, or after a vowel (left to right, each mark seen by the next).
  let marked = false;
  if (w.includes('y')) {
    const chars = w.split('');
    for (let i = 0; i < chars.length; i++) {
      if (chars[i] === 'y' && (i === 0 || isVowel(chars[i - 1]))) {
        chars[i] = 'Y';
        marked = true;
      }
    }
    w = chars.join('');
  }
  const p1 = regionAfter(w, 0);
  const p2 = regionAfter(w, p1);

  // Step 1a.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (!w.endsWith('ss') && w.endsWith('s')) w = w.slice(0, -1);

  // Step 1b.
  if (w.endsWith('eed')) {
    if (w.length - 3 >= p1) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith('ed') ? 2 : w.endsWith('ing') ? 3 : 0;
    if (suffix > 0 && hasVowel(w, w.length - suffix)) {
      w = w.slice(0, -suffix);
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (DOUBLES.has(w.slice(-2))) w = w.slice(0, -1);
      else if (w.length === p1 && shortVowel(w, w.length)) w += 'e';
    }
  }

  // Step 1c.
  const last = w[w.length - 1];
  if ((last === 'y' || last === 'Y') && hasVowel(w, w.length - 1)) w = `${w.slice(0, -1)}i`;

  w = replaceIn(w, STEP_2, p1);
  w = replaceIn(w, STEP_3, p1);

  // Step 4.
  const found = longestSuffix(w, STEP_4);
  if (found) {
    const start = w.length - found[0].length;
    if (start >= p2 && (found[0] !== 'ion' || w[start - 1] === 's' || w[start - 1] === 't')) w = w.slice(0, start);
  }

  // Step 5a.
  if (w.endsWith('e')) {
    const at = w.length - 1;
    if (at >= p2 || (at >= p1 && !shortVowel(w, at))) w = w.slice(0, at);
  }
  // Step 5b.
  if (w.endsWith('ll') && w.length - 1 >= p2) w = w.slice(0, -1);

  return marked ? w.replaceAll('Y', 'y') : w;
}

/** Snowball's R1 mark from `from` (`gopast v gopast non-v`): the end of the word when there is none. */
function regionAfter(w: string, from: number): number {
  let i = from;
  while (i < w.length && !isVowel(w[i])) i++;
  if (i >= w.length) return w.length;
  while (i < w.length && isVowel(w[i])) i++;
  return i >= w.length ? w.length : i + 1;
}

/**
 * Case and diacritic folding shared by tagging, search and related content, so that
 * `Citroën`, `CITROEN` and `citroen` are one word everywhere.
 */

// Letters that Unicode decomposition (NFKD) leaves alone but readers treat as plain Latin.
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};
const EXTRA_FOLD_RE = /[ßæœøđðþłı]/g;
const COMBINING_MARKS_RE = /\p{M}+/gu;
const ASCII_RE = /^[\x00-\x7f]*$/;

/**
 * Lower-cases and strips diacritics.
 * @example foldText('Citroën Œuvre') // 'citroen oeuvre'
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: most trade-news text is ASCII, and NFKD is the expensive part.
  if (ASCII_RE.test(lower)) return lower;
  // Lower-cased again after decomposing: compatibility letters have no lower case of their own and
  // decompose to capitals, the mathematical alphanumerics (U+1D400–U+1D7FF, `𝐀𝐂𝐌𝐄` pasted from a
  // styled headline) and letter-like symbols (`ℌ`, `ℝ`) among them; so are modifier capitals (`ᴭ` → `Æ`).
  return lower
    .normalize('NFKD')
    .replace(COMBINING_MARKS_RE, '')
    .toLowerCase()
    .replace(EXTRA_FOLD_RE, (c) => EXTRA_FOLDS[c] ?? c);
}

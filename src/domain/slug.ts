import { foldText } from '../text/index.ts';

/**
 * Words Drupal Pathauto drops from aliases by default ("ignore words"), so the slugs of a
 * migrated Drupal site come out the same on Masthead and old URLs keep working.
 */
export const SLUG_IGNORE_WORDS: ReadonlySet<string> = new Set(
  'a an as at before but by for from is in into like of off on onto per since than the this that to up via with'.split(' '),
);

/** Pathauto's default maximum alias component length. */
export const SLUG_MAX_LENGTH = 100;

/**
 * Makes a URL slug from a headline, as Drupal Pathauto does: lower case, diacritics folded,
 * `$` and other punctuation removed, short stop words dropped, words joined by `-`, cut at a
 * word to at most `maxLength` characters.
 * @example slugify('Renault-Nissan Alliance invests $160 million in Korea')
 * // 'renault-nissan-alliance-invests-160-million-korea'
 */
export function slugify(text: string, maxLength = SLUG_MAX_LENGTH): string {
  // Lower-cased again: NFKD turns some letters without a lower case (𝐀, ℍ) into capitals.
  const words = foldText(text)
    .toLowerCase()
    // Apostrophes join ("Nissan's" -> "nissans"), as Pathauto removes them rather than separating.
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const kept = words.filter((w) => !SLUG_IGNORE_WORDS.has(w));
  // A headline made only of ignore words still needs a slug.
  const chosen = kept.length > 0 ? kept : words;
  let slug = '';
  for (const w of chosen) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > maxLength) {
      if (!slug) slug = cut(w, maxLength);
      break;
    }
    slug = next;
  }
  return slug || 'untitled';
}

/**
 * The first `length` UTF-16 units of a text, one fewer when the cut would split a surrogate pair:
 * half a character is no character, and `encodeURIComponent` throws on it (a 500 on every page
 * that links the article).
 */
function cut(text: string, length: number): string {
  const head = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * Makes a slug unique against those taken, the Pathauto way: `slug`, then `slug-0`, `slug-1`, …
 * @example uniqueSlug('tolling', (s) => s === 'tolling') // 'tolling-0'
 */
export function uniqueSlug(base: string, isTaken: (slug: string) => boolean, maxLength = SLUG_MAX_LENGTH): string {
  if (!isTaken(base)) return base;
  for (let i = 0; ; i++) {
    const suffix = `-${i}`;
    const candidate = cut(base, maxLength - suffix.length).replace(/-+$/, '') + suffix;
    if (!isTaken(candidate)) return candidate;
  }
}

/**
 * `uniqueSlug` against a store: `family` gives the slugs already taken that start with `base`
 * (one query), `taken` checks a single slug (used only when length limits cut the base short).
 * @example await pickUniqueSlug('tolling', async () => new Set(['tolling']), async () => false) // 'tolling-0'
 */
export async function pickUniqueSlug(
  base: string,
  family: () => Promise<ReadonlySet<string>>,
  taken: (slug: string) => Promise<boolean>,
  maxLength = SLUG_MAX_LENGTH,
): Promise<string> {
  const seen = new Set(await family());
  let candidate = uniqueSlug(base, (s) => seen.has(s), maxLength);
  while (await taken(candidate)) {
    seen.add(candidate);
    candidate = uniqueSlug(base, (s) => seen.has(s), maxLength);
  }
  return candidate;
}

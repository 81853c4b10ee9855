/** The teaser length used in lists, close to what the seed page's related list shows. */
export const TEASER_LENGTH = 300;

/** Whitespace that `\s+ → ' '` changes: a run of two or more, or one that is not a plain space. */
const WHITESPACE_TO_COLLAPSE = /\s{2}|[^\S ]/;

/**
 * Cuts text at a word boundary to at most `maxLength` characters (ellipsis included) and adds
 * `…` when anything was cut. Whitespace runs collapse to one space.
 * @example teaser('The quick brown fox', 12) // 'The quick…'
 */
export function teaser(text: string, maxLength = TEASER_LENGTH): string {
  // Most texts have no run to collapse: they skip the copy the replacement makes.
  const flat = (WHITESPACE_TO_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
  if (flat.length <= maxLength) return flat;
  const room = flat.slice(0, maxLength); // leave room for the ellipsis below
  const cut = room.lastIndexOf(' ');
  // A single word longer than the limit is cut inside the word rather than dropped.
  const head = (cut > 0 ? room.slice(0, cut) : room.slice(0, maxLength - 1)).replace(/[\s,;:.\-–—]+$/u, '');
  return `${head}…`;
}

/**
 * The opening sentences of a text, whole sentences up to `maxLength` characters (at least one,
 * cut as a teaser when the first alone is longer): a summary for articles without a standfirst.
 * @example leadSentences('One. Two. Three.', 10) // 'One. Two.'
 */
export function leadSentences(text: string, maxLength = TEASER_LENGTH): string {
  // Most texts have no run to collapse: they skip the copy the replacement makes.
  const flat = (WHITESPACE_TO_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
  if (flat.length <= maxLength) return flat;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(flat)) {
    if (out && out.length + segment.length > maxLength) break;
    out += segment;
    if (out.length >= maxLength) break;
  }
  return teaser(out, maxLength);
}

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
  // The opening flattened is a prefix of the whole flattened: when it is already longer than the
  // limit, the cut reads nothing past it (a body is kilobytes, flattened for 200 characters on every save).
  const opening = flatten(text.slice(0, 2 * maxLength + 64));
  const flat = opening.length > maxLength ? opening : flatten(text);
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
  const flat = flatten(text);
  if (flat.length <= maxLength) return flat;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(flat)) {
    if (out && out.length + segment.length > maxLength) break;
    out += segment;
    if (out.length >= maxLength) break;
  }
  return teaser(out, maxLength);
}

/** Whitespace runs as one space, none at either end. */
function flatten(text: string): string {
  // Most texts have no run to collapse: they skip the copy the replacement makes.
  return (WHITESPACE_TO_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

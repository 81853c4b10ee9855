import type { SearchQuery } from '../search-index.ts';

/** Quotes a string as an FTS5 string, so no reader input is ever read as FTS5 syntax. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Compiles a parsed query to an FTS5 MATCH expression, or null when nothing positive is left
 * (a query of only exclusions matches nothing rather than everything).
 * @example toFts5Match({ words: [{ text: 'toll', prefix: true }], phrases: [], excluded: [], mode: 'all' }) // '"toll"*'
 */
export function toFts5Match(q: SearchQuery): string | null {
  const positives = [
    ...q.words.filter((w) => w.text.trim()).map((w) => (w.prefix ? `${quote(w.text)}*` : quote(w.text))),
    ...q.phrases.filter((p) => p.length > 0).map((p) => quote(p.join(' '))),
  ];
  if (positives.length === 0) return null;
  const positive = positives.length === 1 ? positives[0]! : `(${positives.join(q.mode === 'all' ? ' AND ' : ' OR ')})`;
  const negatives = q.excluded.filter((e) => e.length > 0).map((e) => `NOT ${quote(e.join(' '))}`);
  return [positive, ...negatives].join(' ');
}

/**
 * The headline query behind search-as-you-type: every word, the last one as a prefix.
 * Null when there is nothing to look for.
 * @example toFts5TitleMatch(['smart'], 'cit') // '"smart" AND "cit"*'
 */
export function toFts5TitleMatch(words: readonly string[], prefix: string): string | null {
  const parts = [...words.filter((w) => w.trim()).map(quote), ...(prefix.trim() ? [`${quote(prefix)}*`] : [])];
  return parts.length ? parts.join(' AND ') : null;
}

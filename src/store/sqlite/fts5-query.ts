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

// What the unicode61 tokenizer keeps together (letters, numbers, private use, and the combining
// marks that remove_diacritics folds away); everything else separates tokens.
const NOT_TOKEN = /[^\p{L}\p{N}\p{Co}\p{M}]+/u;

/**
 * A word split where unicode61 splits it (`1,000` is the two tokens `1` and `000`): the headline
 * table is `detail=none`, which refuses a quoted string of two tokens as a phrase query.
 */
function tokens(text: string): string[] {
  return text.split(NOT_TOKEN).filter((t) => t.length > 0);
}

/**
 * The headline query behind search-as-you-type: every token, the last one as a prefix, one token
 * per term (never a phrase). Null when there is nothing to look for.
 * @example toFts5TitleMatch(['smart'], 'cit') // '"smart" AND "cit"*'
 * @example toFts5TitleMatch(['10,000'], 'tr') // '"10" AND "000" AND "tr"*'
 */
export function toFts5TitleMatch(words: readonly string[], prefix: string): string | null {
  const prefixTokens = tokens(prefix);
  const last = prefixTokens.pop();
  const parts = [...words.flatMap(tokens), ...prefixTokens].map(quote);
  if (last) parts.push(`${quote(last)}*`);
  return parts.length ? parts.join(' AND ') : null;
}

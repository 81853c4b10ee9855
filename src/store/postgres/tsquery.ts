import type { SearchQuery } from '../search-index.ts';

/** A lexeme as a tsquery operand; words reach here as letters and digits only, quotes are doubled anyway. */
export function lexeme(word: string, prefix = false): string {
  return `'${word.replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

/** One word (perhaps a prefix) or phrase of a query as a tsquery. */
export function termQuery(words: readonly string[], prefix: boolean): string {
  return words.length === 1 ? lexeme(words[0]!, prefix) : phrase(words);
}

function phrase(words: readonly string[]): string {
  return words.length === 1 ? lexeme(words[0]!) : `(${words.map((w) => lexeme(w)).join(' <-> ')})`;
}

/**
 * Compiles a parsed query to `to_tsquery('english', …)` syntax: the same reader language as on
 * SQLite (all words, phrases in order, exclusions, a prefix last word). Null when nothing positive.
 * @example toTsQuery({ words: [{ text: 'toll', prefix: true }], phrases: [['smart', 'city']], excluded: [], mode: 'all' })
 * // "('toll':* & ('smart' <-> 'city'))"
 */
export function toTsQuery(q: SearchQuery): string | null {
  const positives = [...q.words.map((w) => lexeme(w.text, w.prefix)), ...q.phrases.filter((p) => p.length).map(phrase)];
  if (positives.length === 0) return null;
  const positive = positives.length === 1 ? positives[0]! : `(${positives.join(q.mode === 'all' ? ' & ' : ' | ')})`;
  const negatives = q.excluded.filter((e) => e.length).map((e) => `!${phrase(e)}`);
  return [positive, ...negatives].join(' & ');
}

/** Where masthead_search_text splits a text (`[^[:alnum:]]+`): what separates the headline's words. */
const NOT_WORD = /[^\p{L}\p{N}]+/u;

function titleTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(NOT_WORD)
    .filter((t) => t.length > 0);
}

/**
 * The headline query behind search-as-you-type, read as a `::tsquery` (lexemes as written, no
 * parser): every token of the typed words, the last one as a prefix, one token a term, as
 * SQLite's toFts5TitleMatch builds it. The headline's word set (`title`) holds the cleaned
 * headline's tokens, lower-cased and without positions, so `10,000` is `'10' & '000'` there too;
 * PostgreSQL's parser would have read it as a phrase, which needs positions, and kept `1.5`
 * whole. Null when there is nothing to look for.
 * @example toTsTitleQuery(['smart'], 'cit') // "'smart' & 'cit':*"
 * @example toTsTitleQuery(['10,000'], 'tr') // "'10' & '000' & 'tr':*"
 */
export function toTsTitleQuery(words: readonly string[], prefix: string): string | null {
  const prefixTokens = titleTokens(prefix);
  const last = prefixTokens.pop();
  const parts = [...words.flatMap(titleTokens), ...prefixTokens].map((t) => lexeme(t));
  if (last) parts.push(lexeme(last, true));
  return parts.length ? parts.join(' & ') : null;
}

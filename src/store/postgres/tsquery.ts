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

/**
 * The headline query behind search-as-you-type, for `to_tsquery('simple', …)`: every word, the
 * last one as a prefix. Null when there is nothing to look for.
 * @example toTsTitleQuery(['smart'], 'cit') // "'smart' & 'cit':*"
 */
export function toTsTitleQuery(words: readonly string[], prefix: string): string | null {
  const parts = [...words.filter((w) => w.trim()).map((w) => lexeme(w)), ...(prefix.trim() ? [lexeme(prefix, true)] : [])];
  return parts.length ? parts.join(' & ') : null;
}

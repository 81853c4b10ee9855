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
  const parts = [...words.map((w) => titleTerm(w, false)), titleTerm(prefix, true)].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' & ') : null;
}

/**
 * A typed word as the headline vector holds it: split where masthead_search_text splits (at
 * anything not a letter or digit), so `10,000` is the phrase `'10' <-> '000'` and `1.5` is
 * `'1' <-> '5'`, the last part a prefix when the word is. PostgreSQL's own parser would keep
 * `1.5` whole, which the headline's words never hold.
 */
function titleTerm(word: string, prefix: boolean): string | null {
  const parts = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!parts.length) return null;
  const last = parts.length - 1;
  const operands = parts.map((p, i) => lexeme(p, prefix && i === last));
  return operands.length === 1 ? operands[0]! : `(${operands.join(' <-> ')})`;
}

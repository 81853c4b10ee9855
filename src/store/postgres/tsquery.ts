import type { SearchQuery } from '../search-index.ts';

/** A lexeme as a tsquery operand; words reach here as letters and digits only, quotes are doubled anyway. */
function lexeme(word: string, prefix = false): string {
  return `'${word.replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

function phrase(words: readonly string[]): string {
  return words.length === 1 ? lexeme(words[0]!) : `(${words.map((w) => lexeme(w)).join(' <-> ')})`;
}

/**
 * Compiles a parsed query to `to_tsquery('english', …)` syntax: the same reader language as on
 * SQLite (all words, phrases in order, exclusions, a prefix last word). Null when nothing positive.
 * @example toTsQuery({ words: [{ text: 'toll', prefix: true }], phrases: [['smart', 'city']], excluded: [], mode: 'all' })
 * // "'toll':* & ('smart' <-> 'city')"
 */
export function toTsQuery(q: SearchQuery): string | null {
  const positives = [...q.words.map((w) => lexeme(w.text, w.prefix)), ...q.phrases.filter((p) => p.length).map(phrase)];
  if (positives.length === 0) return null;
  const positive = positives.length === 1 ? positives[0]! : `(${positives.join(q.mode === 'all' ? ' & ' : ' | ')})`;
  const negatives = q.excluded.filter((e) => e.length).map((e) => `!${phrase(e)}`);
  return [positive, ...negatives].join(' & ');
}

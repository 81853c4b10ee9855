import type { SearchQuery } from '../store/index.ts';
import { words } from '../text/index.ts';

/** Longest query text considered; the rest is ignored (a 10,000-character query is not an error). */
export const MAX_QUERY_LENGTH = 400;
/** Most words and phrases kept from one query. */
export const MAX_QUERY_PARTS = 24;

export interface ParseOptions {
  /** Treat the last bare word as a prefix (search as you type). */
  readonly prefixLast?: boolean;
}

/**
 * Parses what a reader typed: bare words (all must match), "quoted phrases", `-exclusions`
 * (a word or a quoted phrase). Anything else — unbalanced quotes, FTS syntax such as `NEAR(`,
 * `*`, `AND` — is read as plain words, so no input can break the engine underneath.
 * @example parseQuery('ev "wireless charging" -tesla')
 * // { words: [{ text: 'ev', prefix: false }], phrases: [['wireless', 'charging']], excluded: [['tesla']], mode: 'all' }
 */
export function parseQuery(input: string, options: ParseOptions = {}): SearchQuery {
  const text = input.slice(0, MAX_QUERY_LENGTH);
  const found: { text: string; prefix: boolean }[] = [];
  const phrases: string[][] = [];
  const excluded: string[][] = [];
  // "…" (closed or running to the end), or a run of non-space characters; each may carry a leading '-'.
  const PART_RE = /(-?)"([^"]*)("?)|(-?)([^\s"]+)/g;
  let parts = 0;
  // Whether the text ends in the middle of a bare word, the one search-as-you-type completes.
  let typing = false;
  for (const m of text.matchAll(PART_RE)) {
    if (parts >= MAX_QUERY_PARTS) break;
    typing = false;
    if (m[2] !== undefined) {
      const ws = words(m[2]);
      if (!ws.length) continue;
      parts++;
      if (m[1]) excluded.push(ws);
      else if (ws.length === 1) {
        found.push({ text: ws[0]!, prefix: false });
        typing = !m[3];
      } else phrases.push(ws);
    } else {
      const ws = words(m[5] ?? '');
      if (!ws.length) continue;
      parts++;
      // "-word" excludes; a dash inside a word ("renault-nissan") is a phrase of its parts.
      if (m[4]) excluded.push(ws);
      else if (ws.length > 1) phrases.push(ws);
      else {
        found.push({ text: ws[0]!, prefix: false });
        typing = m.index + m[0].length === text.length;
      }
    }
  }
  const last = found.at(-1);
  if (options.prefixLast && last && typing && /[\p{L}\p{N}]$/u.test(text)) {
    found[found.length - 1] = { text: last.text, prefix: true };
  }
  return { words: found, phrases, excluded, mode: 'all' };
}

/** True when the query has anything positive to look for. */
export function hasPositiveTerms(q: SearchQuery): boolean {
  return q.words.length > 0 || q.phrases.length > 0;
}

/** The query with its words allowed to match any, not all (the relaxed retry). */
export function relaxed(q: SearchQuery): SearchQuery {
  return { ...q, mode: 'any' };
}

/** The query as a reader would read it back ("Showing results for …"). */
export function describeQuery(q: SearchQuery): string {
  return [
    ...q.words.map((w) => w.text),
    ...q.phrases.map((p) => `"${p.join(' ')}"`),
    ...q.excluded.map((e) => (e.length > 1 ? `-"${e.join(' ')}"` : `-${e[0]}`)),
  ].join(' ');
}

import { LEGAL_SUFFIXES } from './corporate-cues.ts';
import type { ResolvedMatch } from './resolve-mentions.ts';
import type { TokenizedText } from './tokenized-text.ts';

// A line in capitals whose words are at least this share names is a list (a league table, a
// fixture list, the name of a newspaper above its digest), not a headline.
const LIST_LINE_SHARE = 0.5;

/**
 * The rules for text in capitals, where case says nothing (PRODUCT.md feature 4, issue 18):
 *
 * - A dateline (`NEW YORK 1996-08-22`, `CHICAGO, March 3 -`, `COMMACK, New York 1996-08-21`) names
 *   a place: nothing in its place name is a company.
 * - In a headline in capitals (`SOCCER - CHICAGO BEAT DALLAS IN OPENER`), a name is a company only
 *   when the text also names it (that company, or that name) outside lines in capitals, in the
 *   story under the headline, where case and the other rules could judge it.
 * - Acronyms the directory writes in capitals (`BP`) are written so everywhere: they stand.
 * - A line in capitals that is mostly names (`MONTREAL 71 60 .542 11`, `BOSTON AT CALIFORNIA`) is a
 *   table or a list of names: its names stand.
 *
 * Takes and returns resolved mentions in text order.
 * @example
 * // "NEW YORK 1996-08-22\nThe New York Rangers…": the dateline's New York is dropped.
 */
export function applyCapitalsRules(tt: TokenizedText, mentions: readonly ResolvedMatch[]): ResolvedMatch[] {
  const kept = mentions.filter((m) => !tt.inDateline(m.first));
  const supported = new Set<string>();
  const supportedCompanies = new Set<number>();
  const namedWords = new Map<number, number>();
  for (const m of kept) {
    const line = tt.lineOf(m.first);
    if (!line.capitals) {
      supported.add(keyOf(tt, m));
      supportedCompanies.add(m.company);
    }
    else namedWords.set(line.start, (namedWords.get(line.start) ?? 0) + wordsIn(tt, m));
  }
  return kept.filter((m) => {
    const line = tt.lineOf(m.first);
    if (!line.capitals || m.acronym || supportedCompanies.has(m.company) || supported.has(keyOf(tt, m))) return true;
    return (namedWords.get(line.start) ?? 0) >= LIST_LINE_SHARE * line.words;
  });
}

// The folded words of a mention without a trailing legal form: `Chicago Inc` and `CHICAGO` agree.
function keyOf(tt: TokenizedText, m: ResolvedMatch): string {
  let last = m.last;
  while (last > m.first && LEGAL_SUFFIXES.has(tt.tokens[last]!.term)) last--;
  const terms: string[] = [];
  for (let k = m.first; k <= last; k++) terms.push(tt.tokens[k]!.term);
  return terms.join(' ');
}

// Words of two letters or more in a mention, counted as `LineInfo.words` counts them.
function wordsIn(tt: TokenizedText, m: ResolvedMatch): number {
  let n = 0;
  for (let k = m.first; k <= m.last; k++) if (/\p{L}{2,}/u.test(tt.tokens[k]!.term)) n++;
  return n;
}

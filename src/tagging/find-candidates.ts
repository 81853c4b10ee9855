import { STOP_WORDS } from '../text/index.ts';
import { CANDIDATE_CUES, LEGAL_SUFFIXES, LOWER_CASE_SUFFIXES } from './corporate-cues.ts';
import { TokenizedText } from './tokenized-text.ts';
import type { Candidate, CompanyMatcher, Mention } from './types.ts';

// Lower-case words that may stand inside a company name ("Bank of America", "Banco de Brasil").
const CONNECTORS: ReadonlySet<string> = new Set(
  'of for de du des del do da dos das di la le van von der'.split(' '),
);

/**
 * Names that look like companies but are not in the directory: runs of capitalised words (with
 * `&`, hyphens, `of`/`de`/`von`… inside) in running text that end in a corporate cue (`Inc`,
 * `Ltd`, `GmbH`, `plc`, `Motors`, `Group`, `Alliance`, `Technologies`…; see `CANDIDATE_CUES`),
 * cut after the last cue and without leading stop words. A run is dropped when one mention the
 * matcher finds covers it once its legal form is set aside (`Nissan Motor Co` when the directory
 * has `Nissan Motor`). Headlines (all capitals or title case) are skipped: every word there is
 * capitalised. Counted per distinct name (folded), most frequent first.
 * @example
 * findCandidates('Acme Logistics Ltd signed with Renault. Acme Logistics Ltd said…', matcher)
 * // [{ name: 'Acme Logistics Ltd', count: 2 }]
 */
export function findCandidates(text: string, matcher: CompanyMatcher, mentions: readonly Mention[] = matcher.find(text)): Candidate[] {
  // Callers that already ran the matcher on this text pass its mentions: one walk, not two.
  const tt = TokenizedText.of(text);
  const tokens = tt.tokens;
  const found = new Map<string, { name: string; count: number; first: number }>();
  let k = 0;
  while (k < tokens.length) {
    if (!tt.isCapitalised(k) || tt.paragraphKind(k) === 'headline') {
      k++;
      continue;
    }
    let last = k;
    let lastCue = -1;
    for (;;) {
      const next = nextInRun(tt, last);
      if (next < 0) break;
      last = next;
      if (CANDIDATE_CUES.has(tokens[last]!.term)) lastCue = last;
    }
    let first = k;
    while (first < lastCue && STOP_WORDS.has(tokens[first]!.term)) first++;
    if (lastCue > first && hasNameWord(tt, first, lastCue) && !isCovered(tt, first, lastCue, mentions)) {
      const start = tokens[first]!.start;
      const name = text.slice(start, tokens[lastCue]!.end).replace(/\s+/g, ' ').trim();
      const key = tokens
        .slice(first, lastCue + 1)
        .map((t) => t.term)
        .join(' ');
      const seen = found.get(key);
      if (seen === undefined) found.set(key, { name, count: 1, first: start });
      else seen.count++;
    }
    k = last + 1;
  }
  return [...found.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .map(({ name, count }) => ({ name, count }));
}

// The next token of a capitalised run after `last`, or -1 (a connector is taken with the
// capitalised word after it, a possessive `'s` when a capitalised word follows).
function nextInRun(tt: TokenizedText, last: number): number {
  const next = last + 1;
  const t = tt.tokens[next];
  if (t === undefined || !tt.joins(next) || tt.startsSentence(next)) return -1;
  if (tt.isCapitalised(next) || LOWER_CASE_SUFFIXES.has(t.term)) return next;
  if ((CONNECTORS.has(t.term) || t.term === 's') && next + 1 < tt.tokens.length) {
    if (tt.joins(next + 1) && tt.isCapitalised(next + 1) && !tt.startsSentence(next + 1)) return next + 1;
  }
  return -1;
}

// At least one word that is neither a cue nor a stop word: "Acme Group", not "The Group".
function hasNameWord(tt: TokenizedText, first: number, last: number): boolean {
  for (let k = first; k <= last; k++) {
    const term = tt.tokens[k]!.term;
    if (!CANDIDATE_CUES.has(term) && !STOP_WORDS.has(term)) return true;
  }
  return false;
}

function isCovered(tt: TokenizedText, first: number, last: number, mentions: readonly Mention[]): boolean {
  let core = last;
  while (core > first && LEGAL_SUFFIXES.has(tt.tokens[core]!.term)) core--;
  const start = tt.tokens[first]!.start;
  const end = tt.tokens[core]!.end;
  return mentions.some((m) => m.start <= start && m.end >= end);
}

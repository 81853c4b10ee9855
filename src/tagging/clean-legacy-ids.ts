import { type NameForm, nameForms } from './name-forms.ts';
import { TokenizedText } from './tokenized-text.ts';
import type { CleanedText, DirectoryEntry, LegacyLink } from './types.ts';

const DIGITS_RE = /^[0-9]+$/;

/**
 * Removes company ids that leaked into text when a legacy site was migrated, and says where the
 * links they stood for were. A whole number (digits only, not part of `8.03` or `80,000`)
 * followed by exactly one space and then by the name or an alias of the directory company with
 * that id (same matching rules as the tagger: case, hyphens, possessives, whole words, acronyms
 * in capitals) loses itself and that space; the name becomes a link. Every other number stays
 * exactly as written: `US$160 million`, `1999`, `60 other countries`, and an id followed by
 * another company's name.
 * @example
 * cleanLegacyIds('2453 Renault-838 Nissan Alliance', (id) => directory.get(id))
 * // { text: 'Renault-Nissan Alliance', links: [{ start: 0, end: 7, companyId: '2453' }, { start: 8, end: 14, companyId: '838' }] }
 */
export function cleanLegacyIds(
  text: string,
  lookup: (legacyId: string) => DirectoryEntry | undefined,
): CleanedText {
  if (!/[0-9] /.test(text)) return { text, links: [] };
  const tt = new TokenizedText(text);
  const tokens = tt.tokens;
  const formsOf = new Map<string, readonly NameForm[]>();
  const links: LegacyLink[] = [];
  const parts: string[] = [];
  let copied = 0;
  let removed = 0;
  for (let k = 0; k + 1 < tokens.length; k++) {
    const number = tokens[k]!;
    const name = tokens[k + 1]!;
    if (name.start !== number.end + 1 || text.charCodeAt(number.end) !== 32 || !DIGITS_RE.test(number.term)) continue;
    const entry = lookup(number.term);
    if (entry === undefined) continue;
    let forms = formsOf.get(number.term);
    if (forms === undefined) {
      forms = nameForms(entry);
      formsOf.set(number.term, forms);
    }
    const last = longestFormAt(tt, k + 1, forms);
    if (last < 0) continue;
    parts.push(text.slice(copied, number.start));
    copied = name.start;
    removed += name.start - number.start;
    links.push({ start: name.start - removed, end: tokens[last]!.end - removed, companyId: entry.id });
    k = last;
  }
  if (links.length === 0) return { text, links };
  parts.push(text.slice(copied));
  return { text: parts.join(''), links };
}

// The last token of the longest form written from token `first`, or -1.
function longestFormAt(tt: TokenizedText, first: number, forms: readonly NameForm[]): number {
  let best = -1;
  for (const form of forms) {
    const last = first + form.terms.length - 1;
    if (last <= best || last >= tt.tokens.length) continue;
    let ok = true;
    for (let i = 0; i < form.terms.length && ok; i++) {
      const k = first + i;
      ok = tt.tokens[k]!.term === form.terms[i] && (i === 0 || tt.joins(k));
    }
    if (ok && form.upperOnly) ok = tt.isUpper(first, last);
    if (ok) best = last;
  }
  return best;
}

import { STOP_WORDS, tokenize } from '../text/index.ts';
import { AMBIGUOUS_NAMES } from './ambiguous-names.ts';
import { LEGAL_SUFFIXES } from './corporate-cues.ts';
import { PLACE_NAMES } from './place-names.ts';
import type { DirectoryEntry } from './types.ts';

/** One way a company is written, as the sequence of folded tokens the matcher walks. */
export interface NameForm {
  /** Folded tokens, as `tokenize` gives them. */
  readonly terms: readonly string[];
  /** A short all-capitals acronym (`RSM`, `AT&T`, `3M`): matches only when written in capitals. */
  readonly upperOnly: boolean;
  /** Also a common word (`Apple`, `Next`): matches only with evidence. */
  readonly ambiguous: boolean;
  /** Comes from the directory name rather than an alias. */
  readonly primary: boolean;
  /**
   * The directory writes every word of it with a capital (`Renault`, `National Hockey League`):
   * a lower-case word in the text is then a common word (`league`, `national`), not the name.
   */
  readonly capitalised: boolean;
  /** Also a place or a day (`New York`, `Chicago`, `Wednesday`; see `PLACE_NAMES`): matches only with evidence. */
  readonly place: boolean;
  /** The directory writes it with a final full stop (`Ameritech Corp.`, `U.N.`): the mention keeps it. */
  readonly finalStop: boolean;
}

// Acronyms up to this many letters are matched in capitals only ("RSM", not "rsm").
const ACRONYM_MAX_LETTERS = 4;
const LETTER_RE = /\p{L}/gu;
const LETTERS_ONLY_RE = /^\p{L}+$/u;

/**
 * Every token sequence a company may be written as: its name and aliases, and for each also
 * without a trailing legal form (`Next plc` → `Next`) or a leading "The", with `&` read as
 * "and" and back, hyphenated words joined (`Wal-Mart` → `Walmart`), `'s` joined
 * (`McDonald's` → `McDonalds`), and names of two or three words written as one (`TimeWarner`).
 * @example nameForms({ id: '1', name: 'Renault Samsung Motors', aliases: ['RSM'] }).map((f) => f.terms.join(' '))
 * // ['renault samsung motors', 'renaultsamsungmotors', 'rsm']
 */
export function nameForms(entry: DirectoryEntry): NameForm[] {
  const forms = new Map<string, NameForm>();
  // Spelling variants share the ambiguity of the words they come from (`base`).
  const add = (
    base: readonly string[],
    upperOnly: boolean,
    primary: boolean,
    gaps: readonly string[],
    capitalised: boolean,
    finalStop = false,
  ): void => {
    const ambiguous = isAmbiguous(base, upperOnly, primary, entry.ambiguous === true);
    for (const terms of variants(base, gaps)) {
      if (terms.length === 0 || (terms.length === 1 && /^\d+$/.test(terms[0]!))) continue;
      const key = terms.join(' ');
      const seen = forms.get(key);
      forms.set(
        key,
        seen === undefined
          ? { terms, upperOnly, ambiguous, primary, capitalised, finalStop, place: !upperOnly && PLACE_NAMES.has(key) }
          : {
              terms,
              upperOnly: seen.upperOnly && upperOnly,
              ambiguous: seen.ambiguous && ambiguous,
              primary: seen.primary || primary,
              capitalised: seen.capitalised && capitalised,
              finalStop: seen.finalStop || finalStop,
              place: seen.place,
            },
      );
    }
  };
  const surfaces = [entry.name, ...entry.aliases];
  for (let s = 0; s < surfaces.length; s++) {
    const surface = surfaces[s]!;
    const primary = s === 0;
    const tokens = tokenize(surface);
    if (tokens.length === 0) continue;
    const upperOnly = isAcronym(surface);
    const terms = tokens.map((t) => t.term);
    const gaps = tokens.slice(1).map((t, i) => surface.slice(tokens[i]!.end, t.start));
    const capitalised = tokens.every((t, i) => !isNameWord(t.term) || (i > 0 && !/\s$/.test(gaps[i - 1]!)) || !startsLowerCase(surface, t.start));
    add(terms, upperOnly, primary, gaps, capitalised, surface.trimEnd().endsWith('.'));
    // Without a trailing legal form, and without a leading "The".
    let keep = terms.length;
    while (keep > 1 && LEGAL_SUFFIXES.has(terms[keep - 1]!)) keep--;
    const skip = terms.length > 1 && terms[0] === 'the' ? 1 : 0;
    if (keep < terms.length || skip > 0) {
      const core = terms.slice(skip, keep);
      const meaningful = core.some((t) => !STOP_WORDS.has(t) && !/^\d+$/.test(t));
      if (meaningful) {
        const coreSurface = surface.slice(tokens[skip]!.start, tokens[keep - 1]!.end);
        add(core, isAcronym(coreSurface), primary, gaps.slice(skip, keep - 1), capitalised);
        if (skip > 0) add(terms.slice(1), upperOnly, primary, gaps.slice(1), capitalised);
      }
    }
  }
  return [...forms.values()];
}

// The spelling variants of one token sequence (`gaps[i]` is the text between terms i and i+1).
function variants(terms: readonly string[], gaps: readonly string[]): (readonly string[])[] {
  const out: (readonly string[])[] = [terms];
  const andAt = terms.indexOf('and');
  if (andAt > 0 && andAt < terms.length - 1) out.push([...terms.slice(0, andAt), ...terms.slice(andAt + 1)]);
  const ampAt = gaps.findIndex((g) => g.includes('&'));
  if (ampAt >= 0) out.push([...terms.slice(0, ampAt + 1), 'and', ...terms.slice(ampAt + 1)]);
  if (gaps.some((g) => /^[-‐‑]$/.test(g) || g === "'" || g === '’')) {
    const joined: string[] = [terms[0]!];
    for (let i = 1; i < terms.length; i++) {
      const g = gaps[i - 1]!;
      if (/^[-‐‑'’]$/.test(g)) joined[joined.length - 1] += terms[i]!;
      else joined.push(terms[i]!);
    }
    out.push(joined);
  }
  // Written as one word: "TimeWarner", "SonyEricsson", "DaimlerChrysler".
  const plain = (t: string): boolean => LETTERS_ONLY_RE.test(t) && !STOP_WORDS.has(t) && !LEGAL_SUFFIXES.has(t);
  if (terms.length >= 2 && terms.length <= 3 && terms.every(plain)) out.push([terms.join('')]);
  return out;
}

/**
 * Whether a word of a name carries its case: not a stop word (`of`, `the`, `and`), not a legal
 * form (`plc` is written both ways), not a number.
 */
export function isNameWord(term: string): boolean {
  return !STOP_WORDS.has(term) && !LEGAL_SUFFIXES.has(term) && !/^\d/.test(term);
}

/** Whether the word at `at` begins with a lower-case letter. */
export function startsLowerCase(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return c >= 97 && c <= 122;
  const ch = String.fromCodePoint(text.codePointAt(at)!);
  return ch !== ch.toUpperCase();
}

// Upper-case letters only, and few of them: "RSM", "AT&T", "3M" (not "TOTAL", not "Rsm").
function isAcronym(surface: string): boolean {
  const letters = surface.match(LETTER_RE);
  if (letters === null || letters.length > ACRONYM_MAX_LETTERS) return false;
  return letters.every((l) => l !== l.toLowerCase());
}

// See `resolve-ambiguous.ts` for what an ambiguous form must show before it is tagged.
function isAmbiguous(terms: readonly string[], upperOnly: boolean, primary: boolean, flagged: boolean): boolean {
  if (upperOnly) return false;
  if (LEGAL_SUFFIXES.has(terms[terms.length - 1]!) && terms.length > 1) return false;
  const key = terms.join(' ');
  if (AMBIGUOUS_NAMES.has(key)) return true;
  if (terms.length === 1 && STOP_WORDS.has(key)) return true;
  return flagged && (primary || terms.length === 1);
}

import { STOP_WORDS } from '../text/index.ts';
import { applyCapitalsRules } from './capitals.ts';
import { CANDIDATE_CUES, CORPORATE_CUES, LEGAL_SUFFIXES, LOWER_CASE_SUFFIXES } from './corporate-cues.ts';
import type { NameForm } from './name-forms.ts';
import type { TokenizedText } from './tokenized-text.ts';

/** A form of a company found at tokens `first..last` before evidence is weighed. */
export interface RawMatch {
  readonly first: number;
  readonly last: number;
  /** The companies (indexes into the directory) written this way, with the form they use. */
  readonly options: readonly { readonly company: number; readonly form: NameForm }[];
}

/** A mention that survived: tokens `first..last` (legal form included) name `company`. */
export interface ResolvedMatch {
  readonly first: number;
  readonly last: number;
  readonly company: number;
  /** The full stop right after the last token belongs to the mention (`U.N.`, `Ameritech Corp.`). */
  readonly finalStop: boolean;
  /** Found as an acronym the directory writes in capitals (`BP`, `RSM`). */
  readonly acronym: boolean;
}

/** What the evidence rule needs to know about the directory and the editor's choices. */
export interface ResolveContext {
  /** Folded context words of each company (by directory index). */
  readonly contextOf: (company: number) => readonly string[];
  readonly pinned: ReadonlySet<number>;
  readonly blocked: ReadonlySet<number>;
}

// A mention runs on over at most this many legal-form words ("Nissan Motor Co Ltd").
const MAX_LEGAL_SUFFIXES = 2;
// Corporate cues count within this many tokens either side, in the same sentence.
const CUE_WINDOW = 4;
/**
 * Capitalised words that may follow a common-word name without making it part of another name:
 * the places and trades companies name their subsidiaries after (`Shell Canada`, `Orange UK`).
 */
const SUBSIDIARY_WORDS: ReadonlySet<string> = new Set(
  `uk us usa america american canada canadian australia france francaise germany deutschland japan
china india europe european asia pacific africa ireland italia italy espana spain nederland
netherlands belgium brasil brazil mexico international worldwide global oil chemical chemicals
petroleum`.split(/\s+/),
);

/**
 * Picks one company per found name, weighs the evidence for ambiguous names, runs mentions on
 * over trailing legal forms, and drops blocked companies and ticker symbols (a name in capitals
 * that opens an angle bracket, as newswires write them: `General Electric Co <GE>`, `<RD.AS>`).
 *
 * The rule for an ambiguous form (a common word such as `Apple`, `Shell`, `Orange`, `Next`):
 *
 * 1. It must be capitalised (every word of it): lower case is never the company (`orange juice`,
 *    `shell company`). In running text it must not end a longer capitalised name: a capitalised
 *    word before it that does not itself start the sentence (`Agent Orange`, `Big Apple`,
 *    `Fiona Apple`) rules it out.
 * 2. A legal form right after it (`Apple Inc`), or a subsidiary name ending in one (`Shell
 *    Canada Ltd`), makes it unambiguous.
 * 3. It is accepted when the company is *established* in the text: pinned by an editor, or
 *    written somewhere in an unambiguous form (`Apple Computer`, an alias, a legal form), or
 *    accepted by rule 5 or 6 at another place.
 * 4. When it begins a longer capitalised name in running text (`Orange County`, `Sky News`,
 *    `the Oracle of Omaha`: followed by a capitalised word, or by `of` and one, other than the
 *    places and trades subsidiaries are named after, `Shell Canada`, `Orange UK`), rule 3 is
 *    the only way in: a company's own brands are tagged in an article about it, a county is not.
 * 5. Otherwise it needs a strong position, mid-sentence in running text (not the first word of
 *    a sentence, not in an all-capitals or title-case headline), and either a corporate cue
 *    within four words in the same sentence (`Shell said`, `shares in Orange`, `oil giant
 *    Shell`; see `CORPORATE_CUES`) or one of the company's context words anywhere in the text
 *    (`iPod` for Apple; see `AMBIGUOUS_NAMES` and `DirectoryEntry.context`).
 * 6. At the start of a sentence or in a headline it needs both: a cue nearby and a context word.
 */
export function resolveMentions(tt: TokenizedText, raw: readonly RawMatch[], ctx: ResolveContext): ResolvedMatch[] {
  const established = new Set(ctx.pinned);
  const picked: {
    first: number;
    last: number;
    company: number;
    ambiguous: boolean;
    inLongerName: boolean;
    place: boolean;
    finalStop: boolean;
    acronym: boolean;
  }[] = [];
  for (const m of raw) {
    const choice = pick(m, ctx);
    if (choice === undefined || isTicker(tt, m.first, m.last)) continue;
    let last = m.last;
    let suffixes = 0;
    while (suffixes < MAX_LEGAL_SUFFIXES && isLegalSuffixAt(tt, last + 1)) {
      last++;
      suffixes++;
    }
    const ambiguous = choice.form.ambiguous && suffixes === 0;
    const inLongerName = !ambiguous && suffixes === 0 && m.first === m.last && isInLongerName(tt, m.first, m.last);
    const place = !ambiguous && suffixes === 0 && choice.form.place && !tt.lineOf(m.first).capitals;
    if (!ambiguous && !inLongerName && !place) established.add(choice.company);
    const finalStop = tt.followedByStop(last) && ((suffixes === 0 && choice.form.finalStop) || tt.endsAbbreviation(m.first, last));
    picked.push({
      first: m.first,
      last,
      company: choice.company,
      ambiguous,
      inLongerName,
      place,
      finalStop,
      acronym: choice.form.upperOnly,
    });
  }

  // Rules 1, 2 and 5 first, since an accepted mention establishes its company for the others.
  const verdict = new Map<number, boolean>();
  const contextSeen = new Map<number, boolean>();
  const hasContext = (company: number): boolean => {
    let seen = contextSeen.get(company);
    if (seen === undefined) {
      seen = ctx.contextOf(company).some((w) => tt.hasTerm(w));
      contextSeen.set(company, seen);
    }
    return seen;
  };
  const weak: number[] = [];
  const compound: number[] = [];
  for (let i = 0; i < picked.length; i++) {
    const p = picked[i]!;
    if (!p.ambiguous) continue;
    const shape = shapeOf(tt, p.first, p.last);
    if (shape === 'word') {
      verdict.set(i, false);
    } else if (shape === 'company') {
      verdict.set(i, true);
      established.add(p.company);
    } else if (shape === 'compound') {
      compound.push(i);
    } else if (isStrongPosition(tt, p.first) && (hasCueNear(tt, p.first, p.last) || hasContext(p.company))) {
      verdict.set(i, true);
      established.add(p.company);
    } else {
      weak.push(i);
    }
  }
  for (const i of weak) {
    const p = picked[i]!;
    verdict.set(i, established.has(p.company) || (hasCueNear(tt, p.first, p.last) && hasContext(p.company)));
    if (verdict.get(i)) established.add(p.company);
  }
  for (const i of compound) verdict.set(i, established.has(picked[i]!.company));
  // Rule 8: a place or a day needs evidence where it stands, or its name accepted elsewhere.
  const placesWithEvidence = new Set<string>();
  for (const p of picked) if (p.place && hasClubEvidence(tt, p.first, p.last)) placesWithEvidence.add(tt.termsKey(p.first, p.last));
  for (let i = 0; i < picked.length; i++) {
    const p = picked[i]!;
    if (p.place) verdict.set(i, ctx.pinned.has(p.company) || placesWithEvidence.has(tt.termsKey(p.first, p.last)));
  }
  // Rule 7: a one-word name inside a longer capitalised name stands only where its company stands alone
  // elsewhere (`Honda` in `American Honda`); otherwise the longer name is something else.
  const standing = new Set<string>();
  for (let i = 0; i < picked.length; i++) {
    const p = picked[i]!;
    if (!p.inLongerName && (!(p.ambiguous || p.place) || verdict.get(i) === true)) standing.add(tt.termsKey(p.first, p.last));
  }
  for (let i = 0; i < picked.length; i++) {
    const p = picked[i]!;
    if (p.inLongerName && !p.place) verdict.set(i, established.has(p.company) || standing.has(tt.termsKey(p.first, p.last)));
  }

  const out: ResolvedMatch[] = [];
  for (let i = 0; i < picked.length; i++) {
    const p = picked[i]!;
    if (ctx.blocked.has(p.company)) continue;
    if ((p.ambiguous || p.inLongerName || p.place) && verdict.get(i) !== true) continue;
    out.push({ first: p.first, last: p.last, company: p.company, finalStop: p.finalStop, acronym: p.acronym });
  }
  return applyCapitalsRules(tt, out);
}

// One company for a name several share: not blocked, pinned first, then a form that needs no
// evidence, then the directory name over an alias, then directory order. A name only blocked
// companies share is still consumed (it is not read again as a shorter name), then dropped.
function pick(m: RawMatch, ctx: ResolveContext): { company: number; form: NameForm } | undefined {
  let best: { company: number; form: NameForm } | undefined;
  let bestScore = -1;
  for (const o of m.options) {
    const score =
      (ctx.blocked.has(o.company) ? 0 : 8) +
      (ctx.pinned.has(o.company) ? 4 : 0) +
      (o.form.ambiguous ? 0 : 2) +
      (o.form.primary ? 1 : 0);
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

function isTicker(tt: TokenizedText, first: number, last: number): boolean {
  const start = tt.tokens[first]!.start;
  const end = tt.tokens[last]!.end;
  const after = tt.text.charCodeAt(end);
  return tt.text.charCodeAt(start - 1) === 60 && (after === 62 || after === 46) && tt.isUpper(first, last);
}

function isLegalSuffixAt(tt: TokenizedText, k: number): boolean {
  const t = tt.tokens[k];
  if (t === undefined || !LEGAL_SUFFIXES.has(t.term) || !tt.spaced(k)) return false;
  return tt.isCapitalised(k) || LOWER_CASE_SUFFIXES.has(t.term);
}

/**
 * Rules 1, 2 and 4: `word` when it cannot be the company (lower case, or the end of a longer
 * name), `company` when a following capitalised run ends in a legal form, `compound` when it
 * begins a longer name, else `name`.
 */
function shapeOf(tt: TokenizedText, first: number, last: number): 'word' | 'name' | 'company' | 'compound' {
  for (let k = first; k <= last; k++) {
    if (!tt.isCapitalised(k) && !STOP_WORDS.has(tt.tokens[k]!.term)) return 'word';
  }
  // Up to two subsidiary words then a legal form: "Shell Canada Ltd", "Shell Oil Co" (not
  // "Orange-Co Inc" or "Orange Julius International Inc", which are other companies).
  for (let k = last + 1; k <= last + 3 && k < tt.tokens.length; k++) {
    if (!tt.isCapitalised(k) || !tt.spaced(k)) break;
    const term = tt.tokens[k]!.term;
    if (k > last + 1 && LEGAL_SUFFIXES.has(term)) return 'company';
    if (!SUBSIDIARY_WORDS.has(term) && !CANDIDATE_CUES.has(term)) break;
  }
  if (tt.paragraphKind(first) === 'headline') return 'name';
  const prev = first - 1;
  if (
    prev >= 0 &&
    !tt.startsSentence(first) &&
    !tt.startsSentence(prev) &&
    tt.adjacent(first) &&
    tt.isCapitalised(prev) &&
    !STOP_WORDS.has(tt.tokens[prev]!.term)
  ) {
    return 'word';
  }
  const next = last + 1;
  if (next < tt.tokens.length && !tt.startsSentence(next)) {
    const term = tt.tokens[next]!.term;
    if (tt.adjacent(next) && tt.isCapitalised(next)) {
      const subsidiary = SUBSIDIARY_WORDS.has(term) || CANDIDATE_CUES.has(term) || tt.isShortUpper(next);
      if (!subsidiary && !STOP_WORDS.has(term)) return 'compound';
    }
    const after = next + 1;
    if (term === 'of' && after < tt.tokens.length && tt.isCapitalised(after) && tt.adjacent(after)) return 'compound';
  }
  return 'name';
}

/**
 * Rule 7: whether a one-word name is part of a longer capitalised name the directory does not know, in
 * running text: a capitalised word right before it that does not start the sentence (`Davey
 * Johnson`, `White House`, `Mexico City`), or one right after it other than a trade word or a
 * short acronym (`South Africa`, `National League`, `Toyota Celica`, not `Honda Motors`, `Honda
 * UK`). A company that stands alone elsewhere in the text keeps them (`Honda Canada`). Only spaces count: a comma, a hyphen or a line break ends a name. Not in lines in
 * capitals, where every word is capitalised (see `capitals.ts`).
 */
function isInLongerName(tt: TokenizedText, first: number, last: number): boolean {
  if (tt.lineOf(first).capitals) return false;
  const prev = first - 1;
  if (prev >= 0 && !tt.startsSentence(first) && !tt.startsSentence(prev) && tt.spacedOnLine(first) && isNameWordAt(tt, prev)) {
    return true;
  }
  const next = last + 1;
  if (next < tt.tokens.length && !tt.startsSentence(next) && tt.spacedOnLine(next) && isNameWordAt(tt, next)) {
    const term = tt.tokens[next]!.term;
    return !CANDIDATE_CUES.has(term) && !tt.isShortUpper(next);
  }
  return false;
}

// A capitalised word that may continue a name: not a stop word (`The`, `In`), not a legal form.
function isNameWordAt(tt: TokenizedText, k: number): boolean {
  const term = tt.tokens[k]!.term;
  return tt.isCapitalised(k) && !STOP_WORDS.has(term) && !LEGAL_SUFFIXES.has(term);
}

// Words right after a team's name in a sports report (`Chicago beat Florida`).
const RESULT_VERBS: ReadonlySet<string> = new Set(
  'beat beats drew draw lost lose won win defeated edged routed blanked swept downed thrashed trounced crushed hammered rallied held'.split(' '),
);
// Words beside a club's name (`Milan coach`, `champions Milan`, `Liverpool striker`, `beat Barcelona`).
const CLUB_WORDS: ReadonlySet<string> = new Set(
  'coach manager striker midfielder defender goalkeeper forward champions club fans beat'.split(' '),
);
// Corporate cues that do not also follow places (`said in London`, `Jordan said`).
const REPORTING_VERBS: ReadonlySet<string> = new Set('said says told announced announces reported reports'.split(' '));

/**
 * Rule 8: what shows that a place or a day names an organisation where it stands: a score right
 * after it on the same line (`Chicago 5 Florida 3`, `MONTREAL 71 60 .542`), `v` or `vs` beside
 * it, a result verb right after it (`Barcelona beat Atletico`), a club word beside it (`Milan
 * coach`, `champions Milan`, `beat Barcelona`), or a corporate cue other than a reporting verb
 * next to it (`shares in Chicago`, `Chicago Board`).
 */
function hasClubEvidence(tt: TokenizedText, first: number, last: number): boolean {
  const tokens = tt.tokens;
  const next = last + 1;
  const prev = first - 1;
  if (next < tokens.length && tt.spacedOnLine(next)) {
    const term = tokens[next]!.term;
    if (/^\d{1,3}$/.test(term) || term === 'v' || term === 'vs' || RESULT_VERBS.has(term) || CLUB_WORDS.has(term)) return true;
    if (CORPORATE_CUES.has(term) && !REPORTING_VERBS.has(term)) return true;
  }
  if (prev >= 0 && tt.spacedOnLine(first)) {
    const term = tokens[prev]!.term;
    if (term === 'v' || term === 'vs' || CLUB_WORDS.has(term)) return true;
    if (CORPORATE_CUES.has(term) && !REPORTING_VERBS.has(term)) return true;
  }
  return false;
}

function isStrongPosition(tt: TokenizedText, first: number): boolean {
  return !tt.startsSentence(first) && tt.paragraphKind(first) === 'running';
}

function hasCueNear(tt: TokenizedText, first: number, last: number): boolean {
  for (let k = first - 1; k >= 0 && k >= first - CUE_WINDOW; k--) {
    if (tt.startsSentence(k + 1)) break;
    if (CORPORATE_CUES.has(tt.tokens[k]!.term)) return true;
  }
  for (let k = last + 1; k < tt.tokens.length && k <= last + CUE_WINDOW; k++) {
    if (tt.startsSentence(k)) break;
    if (CORPORATE_CUES.has(tt.tokens[k]!.term)) return true;
  }
  return false;
}

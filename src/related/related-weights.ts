/**
 * The operator's knobs for related content, with defaults. Relevance is
 * (text·sim + companies·C + section·S + tags·T) × recency, then the list is built greedily with the
 * near-duplicate rule and a diversity penalty.
 */
import { InvalidRelatedWeights } from './errors.ts';

export interface RelatedWeights {
  /** Weight of text similarity: the cosine of the two signatures, in [0, 1]. */
  readonly text: number;
  /**
   * Weight of shared companies. The signal is Σ rarity(c) over shared companies / √(|A|·|B|), in
   * [0, 1], where rarity(c) = ln(N / df(c)) / ln(N): a company in every article counts 0.
   */
  readonly companies: number;
  /** Weight of being in the same section (1 or 0). */
  readonly section: number;
  /** Weight of shared tags, computed like companies (tags compared case- and accent-insensitively). */
  readonly tags: number;
  /**
   * Recency half-life in days, applied to the difference between the two articles' dates: the
   * preference factor is 1 − r + r·2^(−Δdays / halfLife). Infinity (or 0 strength) turns it off.
   */
  readonly recencyHalfLifeDays: number;
  /**
   * r, the most the recency preference can take away, at most 0.5: a related story never loses more
   * than half its score for being old, so the list can never become "the latest posts".
   */
  readonly recencyStrength: number;
  /** Signature cosine at or above which a candidate is a near-duplicate (a re-run of the same story). */
  readonly nearDuplicateCosine: number;
  /** Strength of the diversity penalty, in [0, 1]; 0 turns diversity off. */
  readonly diversity: number;
  /**
   * Cosine to an already chosen item above which a candidate is penalised, by
   * diversity · (cos − threshold) / (1 − threshold) of its score: "another item about the same story".
   */
  readonly diversityThreshold: number;
  /** How many text candidates are scored per list (the list itself is N long). */
  readonly candidatePool: number;
}

export const DEFAULT_RELATED_WEIGHTS: RelatedWeights = Object.freeze({
  text: 1,
  companies: 0.3,
  section: 0.05,
  tags: 0.15,
  recencyHalfLifeDays: 365,
  recencyStrength: 0.3,
  nearDuplicateCosine: 0.8,
  diversity: 0.5,
  diversityThreshold: 0.6,
  candidatePool: 60,
});

/** The maximum recency strength: the bound that keeps old related stories above new unrelated ones. */
export const MAX_RECENCY_STRENGTH = 0.5;

/**
 * Defaults overlaid with the operator's choices, checked and frozen.
 * @example resolveWeights({ recencyHalfLifeDays: 90 }).recencyStrength // 0.3
 * @throws MH_RELATED_INVALID_WEIGHTS when a field is out of range.
 */
export function resolveWeights(overrides: Partial<RelatedWeights> = {}): RelatedWeights {
  const w = { ...DEFAULT_RELATED_WEIGHTS, ...overrides };
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  for (const key of ['text', 'companies', 'section', 'tags'] as const) {
    check(Number.isFinite(w[key]) && w[key] >= 0, `${key} must be a finite number ≥ 0`);
  }
  check(w.recencyHalfLifeDays > 0, 'recencyHalfLifeDays must be > 0 (Infinity turns recency off)');
  check(
    w.recencyStrength >= 0 && w.recencyStrength <= MAX_RECENCY_STRENGTH,
    `recencyStrength must be in [0, ${MAX_RECENCY_STRENGTH}]`,
  );
  check(w.nearDuplicateCosine > 0 && w.nearDuplicateCosine <= 1, 'nearDuplicateCosine must be in (0, 1]');
  check(w.diversity >= 0 && w.diversity <= 1, 'diversity must be in [0, 1]');
  check(w.diversityThreshold >= 0 && w.diversityThreshold < 1, 'diversityThreshold must be in [0, 1)');
  check(Number.isInteger(w.candidatePool) && w.candidatePool >= 1, 'candidatePool must be an integer ≥ 1');
  if (problems.length > 0) throw InvalidRelatedWeights(problems.join('; '));
  return Object.freeze(w);
}

/** A labelled or predicted mention: a span of one article's text and the company it names. */
export interface ScoredSpan {
  readonly start: number;
  readonly end: number;
  readonly companyId: string;
}

/** One article's gold labels and the tagger's output for it. */
export interface ScoredArticle {
  readonly articleId: string;
  readonly gold: readonly ScoredSpan[];
  readonly predicted: readonly ScoredSpan[];
}

/** Micro-averaged counts and rates. */
export interface MentionScore {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** A span the tagger got wrong, with its article. */
export interface ScoredError extends ScoredSpan {
  readonly articleId: string;
}

/** What `scoreMentions` returns. */
export interface ScoreReport {
  /** Exact spans: same start, end and company. */
  readonly span: MentionScore;
  /** Companies per article: the set of companies named anywhere in it. */
  readonly company: MentionScore;
  readonly falsePositives: ScoredError[];
  readonly falseNegatives: ScoredError[];
}

/**
 * Precision, recall and F1 of tagger output against labels, micro-averaged over all articles,
 * both for exact spans and for the set of companies each article mentions. A rate with nothing
 * to count (no predictions, no labels) is 1.
 * @example
 * scoreMentions([{ articleId: 'a', gold: [{ start: 0, end: 7, companyId: '1' }], predicted: [] }]).span.recall // 0
 */
export function scoreMentions(articles: readonly ScoredArticle[]): ScoreReport {
  const span = { tp: 0, fp: 0, fn: 0 };
  const company = { tp: 0, fp: 0, fn: 0 };
  const falsePositives: ScoredError[] = [];
  const falseNegatives: ScoredError[] = [];
  for (const a of articles) {
    const key = (s: ScoredSpan): string => `${s.start}:${s.end}:${s.companyId}`;
    const gold = new Set(a.gold.map(key));
    const predicted = new Set(a.predicted.map(key));
    for (const p of a.predicted) {
      if (gold.has(key(p))) span.tp++;
      else {
        span.fp++;
        falsePositives.push({ articleId: a.articleId, start: p.start, end: p.end, companyId: p.companyId });
      }
    }
    for (const g of a.gold) {
      if (!predicted.has(key(g))) {
        span.fn++;
        falseNegatives.push({ articleId: a.articleId, start: g.start, end: g.end, companyId: g.companyId });
      }
    }
    const goldCompanies = new Set(a.gold.map((g) => g.companyId));
    const predictedCompanies = new Set(a.predicted.map((p) => p.companyId));
    for (const c of predictedCompanies) {
      if (goldCompanies.has(c)) company.tp++;
      else company.fp++;
    }
    for (const c of goldCompanies) if (!predictedCompanies.has(c)) company.fn++;
  }
  return { span: rates(span), company: rates(company), falsePositives, falseNegatives };
}

function rates({ tp, fp, fn }: { tp: number; fp: number; fn: number }): MentionScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

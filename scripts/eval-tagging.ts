/**
 * Scores company tagging on the hand-labelled set in test/fixtures/tagging (real BBC and
 * Reuters articles, read from ../shared/data at run time).
 *
 *   npx tsx scripts/eval-tagging.ts
 *
 * Prints micro precision, recall and F1 for exact spans (start, end, company) and for the set
 * of companies each article mentions, then every false positive and false negative in context.
 */
import type { MentionScore, ScoredError } from '../src/tagging/index.ts';
import { DATA_DIR, evaluateLabelledSet, hasData } from '../test/fixtures/tagging/labelled-set.ts';

if (!hasData()) {
  console.log(`skipped: the corpora are not in ${DATA_DIR}`);
  process.exit(0);
}
const { articles, directory, report } = evaluateLabelledSet();
const names = new Map(directory.map((c) => [c.id, c.name]));
const texts = new Map(articles.map((a) => [a.articleId, a.text]));
const labelled = articles.reduce((n, a) => n + a.mentions.length, 0);

const line = (label: string, s: MentionScore): string =>
  `${label}  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;
console.log(`labelled set: ${articles.length} articles, ${labelled} mentions, ${directory.length} companies`);
console.log(line('spans    ', report.span));
console.log(line('companies', report.company));

const show = (title: string, errors: readonly ScoredError[]): void => {
  console.log(`\n${title} (${errors.length})`);
  for (const e of errors) {
    const text = texts.get(e.articleId) ?? '';
    const context = `${text.slice(Math.max(0, e.start - 30), e.start)}[${text.slice(e.start, e.end)}]${text.slice(e.end, e.end + 30)}`;
    console.log(`  ${e.articleId} ${e.start}-${e.end} ${names.get(e.companyId) ?? e.companyId}: ${JSON.stringify(context)}`);
  }
};
show('false positives', report.falsePositives);
show('false negatives', report.falseNegatives);

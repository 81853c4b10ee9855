/**
 * Scores company tagging, each figure next to the naive baseline computed in the same run (every
 * case-sensitive whole-word occurrence of a directory name, longest first; issue 18):
 *
 *   npm run eval:tagging
 *
 * 1. CoNLL-2003 (../shared/data/conll2003): human-labelled Reuters news the rules were never
 *    written against, with every organisation name labelled in the split in the directory (see
 *    test/fixtures/tagging/conll.ts). The rules are tuned on `train`; `testa`, the development
 *    split, is the check. Exact spans.
 * 2. The hand-labelled set in test/fixtures/tagging (real BBC and Reuters articles, read from
 *    ../shared/data at run time): exact spans (start, end, company) and the set of companies each
 *    article mentions, then every false positive and false negative in context.
 */

import { type MentionScore, type ScoredError, scoreMentions } from '../src/tagging/index.ts';
import { type ConllSplit, evaluateConll, hasConll } from '../test/fixtures/tagging/conll.ts';
import { DATA_DIR, evaluateLabelledSet, hasData } from '../test/fixtures/tagging/labelled-set.ts';
import { naiveMentions } from '../test/fixtures/tagging/naive-baseline.ts';

const line = (label: string, s: MentionScore): string =>
  `  ${label.padEnd(18)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;

const SPLITS: readonly [ConllSplit, string][] = [
  ['train', 'CoNLL-2003 train (the rules were tuned on it)'],
  ['testa', 'CoNLL-2003 development split (testa)'],
];
for (const [split, title] of SPLITS) {
  if (!hasConll(split)) {
    console.log(`${title}: skipped, not in ${DATA_DIR}/conll2003\n`);
    continue;
  }
  const { documents, directory, tagger, baseline } = evaluateConll(split);
  const labelled = documents.reduce((n, d) => n + d.orgs.length, 0);
  console.log(`${title}: ${documents.length} documents, ${labelled} ORG spans, ${directory.length} names in the directory`);
  console.log(line('tagger, spans', tagger.span));
  console.log(line('baseline, spans', baseline.span));
  console.log('');
}

if (!hasData()) {
  console.log(`labelled set: skipped, the corpora are not in ${DATA_DIR}`);
  process.exit(0);
}
const { articles, directory, report } = evaluateLabelledSet();
const names = new Map(directory.map((c) => [c.id, c.name]));
const texts = new Map(articles.map((a) => [a.articleId, a.text]));
const labelled = articles.reduce((n, a) => n + a.mentions.length, 0);
const directoryNames = directory.flatMap((c) => [c.name, ...c.aliases].map((name) => ({ name, companyId: c.id })));
const baseline = scoreMentions(
  articles.map((a) => ({ articleId: a.articleId, gold: a.mentions, predicted: naiveMentions(a.text, directoryNames) })),
);

console.log(`labelled set: ${articles.length} articles, ${labelled} mentions, ${directory.length} companies (names and aliases)`);
console.log(line('tagger, spans', report.span));
console.log(line('baseline, spans', baseline.span));
console.log(line('tagger, companies', report.company));
console.log(line('baseline, companies', baseline.company));

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

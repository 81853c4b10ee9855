import { describe, expect, it } from 'vitest';
import { InternedAnalyzer } from './interned-analyzer.ts';
import { analyzeDoc } from './signature.ts';
import { TermStats } from './term-stats.ts';

const DOCS = [
  { title: 'Batteries for Renault', standfirst: 'A battery plant in Douai', body: 'Renault builds batteries. Battery cells, 8.03 million, in 1987.' },
  { title: 'Citroën’s new van', standfirst: '', body: 'The van, the vans and the Citroën dealers: Renault’s rival.' },
  { title: 'Tolling', standfirst: 'Road pricing', body: 'Tolls and tolling. A a I of the.' },
  { title: '', standfirst: '', body: '' },
];

function named(analyzer: InternedAnalyzer, a: ReturnType<InternedAnalyzer['analyze']>) {
  const tf = new Map<string, number>();
  const surface = new Map<string, string>();
  a.terms.forEach((t, i) => {
    tf.set(analyzer.terms[t]!, a.counts[i]!);
    surface.set(analyzer.terms[t]!, analyzer.words[a.words[i]!]!);
  });
  return { tf, length: a.length, surface };
}

describe('InternedAnalyzer', () => {
  it('analyses each article as analyzeDoc does, terms in order of first use', () => {
    const analyzer = new InternedAnalyzer();
    for (const doc of DOCS) {
      const mine = named(analyzer, analyzer.analyze(doc));
      const theirs = analyzeDoc(doc);
      expect(mine).toEqual(theirs);
      expect([...mine.tf.keys()]).toEqual([...theirs.tf.keys()]);
    }
  });

  it('counts document frequencies, articles and length as TermStats would', () => {
    const analyzer = new InternedAnalyzer({ titleBoost: 5 });
    const stats = new TermStats();
    for (const doc of [...DOCS, ...DOCS]) {
      analyzer.analyze(doc);
      const a = analyzeDoc(doc, { titleBoost: 5 });
      stats.addDoc(a.tf.keys(), a.length);
    }
    const counted = new TermStats();
    counted.addCounts(analyzer.df(), analyzer.docCount, analyzer.totalLength);
    expect(new Map(counted.entries())).toEqual(new Map(stats.entries()));
    expect([counted.docCount, counted.totalLength]).toEqual([stats.docCount, stats.totalLength]);
    expect(counted.df('renault')).toBe(4);
  });

  it('grows past its first vocabulary and article sizes', () => {
    const analyzer = new InternedAnalyzer();
    const body = Array.from({ length: 20_000 }, (_, i) => `word${i.toString(36)}x`).join(' ');
    const a = analyzer.analyze({ title: 'Many', standfirst: '', body });
    expect(named(analyzer, a)).toEqual(analyzeDoc({ title: 'Many', standfirst: '', body }));
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisSpill } from './analysis-spill.ts';
import { type InternedAnalysis, InternedAnalyzer } from './interned-analyzer.ts';
import { analyzeDoc, signatureFromAnalysis } from './signature.ts';
import { TermStats } from './term-stats.ts';

// An analysis's arrays are views into scratch space: copied to be compared later.
const copy = (a: InternedAnalysis) => ({ length: a.length, terms: [...a.terms], words: [...a.words], counts: [...a.counts] });

describe('AnalysisSpill', () => {
  it('gives back each chunk of analyses as written, signed as the named analyses would be, and leaves no file behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-test-'));
    const docs = [
      { title: 'Batteries for Renault', standfirst: 'A battery plant in Douai', body: 'Renault builds batteries. Battery cells, 8.03 million.' },
      { title: 'Citroën’s new van', standfirst: '', body: 'The van, the vans and the Citroën dealers, and Renault batteries.' },
      { title: 'Tolling', standfirst: 'Road pricing', body: 'Tolls and tolling, the van and the battery.' },
    ];
    const analyzer = new InternedAnalyzer();
    const spill = AnalysisSpill.open(dir);
    try {
      expect(fs.readdirSync(dir)).toEqual([]);
      const written: ReturnType<typeof copy>[] = [];
      const write = (id: number, k: number) => {
        const analysis = analyzer.analyze(docs[k]!);
        written[k] = copy(analysis);
        spill.write(id, analysis);
      };
      write(1, 0);
      write(2, 1);
      const first = spill.endChunk();
      write(30, 2);
      const second = spill.endChunk();
      // Read back in any order (each record copied as it comes: the next one reuses its arrays).
      expect(Array.from(spill.readInterned(second), ([id, a]) => [id, copy(a)])).toEqual([[30, written[2]]]);
      expect(Array.from(spill.readInterned(first), ([id, a]) => [id, copy(a)])).toEqual([
        [1, written[0]],
        [2, written[1]],
      ]);
      // Signed from the ids, each is what its named analysis signs to, weights to the bit.
      const stats = new TermStats();
      stats.addCounts(analyzer.df(), analyzer.docCount, analyzer.totalLength);
      const opts = { minDocFreq: 1 };
      const signed = [first, second].flatMap((part) => Array.from(spill.readInterned(part), ([, a]) => analyzer.signature(a, stats, opts)));
      expect(signed.map(({ termIds: _, ...named }) => named)).toEqual(docs.map((d) => signatureFromAnalysis(analyzeDoc(d), stats, opts)));
      expect(signed.every((s) => s.terms.length > 3)).toBe(true);
      // Each carries its terms' ids in the analyzer's dictionary.
      for (const s of signed) expect(Array.from(s.termIds!.ids, (id) => analyzer.terms[id])).toEqual(s.terms);
    } finally {
      spill.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

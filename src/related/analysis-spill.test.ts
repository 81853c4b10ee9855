import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisSpill } from './analysis-spill.ts';
import { InternedAnalyzer } from './interned-analyzer.ts';
import { analyzeDoc } from './signature.ts';

describe('AnalysisSpill', () => {
  it('gives back each chunk of analyses as written, and leaves no file behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-test-'));
    const docs = [
      { title: 'Batteries for Renault', standfirst: 'A battery plant in Douai', body: 'Renault builds batteries. Battery cells, 8.03 million.' },
      { title: 'Citroën’s new van', standfirst: '', body: 'The van, the vans and the Citroën dealers.' },
      { title: 'Tolling', standfirst: 'Road pricing', body: 'Tolls and tolling.' },
    ];
    const analyzer = new InternedAnalyzer();
    const spill = AnalysisSpill.open(dir);
    try {
      expect(fs.readdirSync(dir)).toEqual([]);
      spill.write(1, analyzer.analyze(docs[0]!));
      spill.write(2, analyzer.analyze(docs[1]!));
      const first = spill.endChunk();
      spill.write(30, analyzer.analyze(docs[2]!));
      const second = spill.endChunk();
      expect([...spill.readChunk(second, analyzer)]).toEqual([[30, analyzeDoc(docs[2]!)]]);
      expect([...spill.readChunk(first, analyzer)]).toEqual([
        [1, analyzeDoc(docs[0]!)],
        [2, analyzeDoc(docs[1]!)],
      ]);
    } finally {
      spill.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { scoreMentions } from './score-mentions.ts';

describe('scoreMentions', () => {
  it('counts exact spans and companies per article', () => {
    const report = scoreMentions([
      {
        articleId: 'a',
        gold: [
          { start: 0, end: 7, companyId: 'r' },
          { start: 20, end: 26, companyId: 'n' },
          { start: 30, end: 36, companyId: 'n' },
        ],
        predicted: [
          { start: 0, end: 7, companyId: 'r' },
          { start: 20, end: 25, companyId: 'n' },
          { start: 40, end: 45, companyId: 'd' },
        ],
      },
      { articleId: 'b', gold: [], predicted: [] },
    ]);
    expect(report.span).toEqual({ tp: 1, fp: 2, fn: 2, precision: 1 / 3, recall: 1 / 3, f1: 1 / 3 });
    expect(report.company).toEqual({ tp: 2, fp: 1, fn: 0, precision: 2 / 3, recall: 1, f1: 0.8 });
    expect(report.falsePositives).toEqual([
      { articleId: 'a', start: 20, end: 25, companyId: 'n' },
      { articleId: 'a', start: 40, end: 45, companyId: 'd' },
    ]);
    expect(report.falseNegatives).toEqual([
      { articleId: 'a', start: 20, end: 26, companyId: 'n' },
      { articleId: 'a', start: 30, end: 36, companyId: 'n' },
    ]);
  });
  it('rates nothing to count as 1', () => {
    expect(scoreMentions([]).span).toEqual({ tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
  });
});

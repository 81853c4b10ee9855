import { describe, expect, it } from 'vitest';
import { diffRevision, diffText } from './revision-diff.ts';

describe('revision diff', () => {
  it('marks words removed from the older text and added in the newer one', () => {
    expect(diffText('Tolls rise on the bridge', 'Tolls fall on the bridge')).toEqual([
      { kind: 'same', text: 'Tolls ' },
      { kind: 'removed', text: 'rise' },
      { kind: 'added', text: 'fall' },
      { kind: 'same', text: ' on the bridge' },
    ]);
  });

  it('compares headline, standfirst and body, saying which changed', () => {
    const before = { headline: 'Same', standfirst: '', body: 'One.\n\nTwo.' };
    const after = { headline: 'Same', standfirst: 'New standfirst', body: 'One.\n\nTwo.' };
    expect(diffRevision(before, after).map((f) => [f.field, f.changed])).toEqual([
      ['headline', false],
      ['standfirst', true],
      ['body', false],
    ]);
    expect(diffRevision(before, after)[1]!.parts).toEqual([{ kind: 'added', text: 'New standfirst' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseQuery } from './parse-query.ts';
import { applyCorrections, findCorrections } from './query-rewrite.ts';
import { Vocabulary } from './vocabulary.ts';

function vocabulary(entries: Record<string, number>, documents = 10): Vocabulary {
  return new Vocabulary({ documents, words: Object.keys(entries), docs: Object.values(entries) });
}

describe('Vocabulary.nearest', () => {
  const v = vocabulary({ charging: 40, charting: 3, tolling: 12, toll: 30, trucks: 25, truck: 9, gantries: 4, road: 50, roads: 20, nissan: 8 });

  it('corrects a short word (up to five letters) within one edit only', () => {
    expect(v.nearest('tols')?.word).toBe('toll');
    expect(v.nearest('rod')?.word).toBe('road');
    expect(v.nearest('trks')).toBeUndefined();
  });
  it('corrects a longer word within two edits', () => {
    expect(v.nearest('chrgng')).toEqual({ word: 'charging', distance: 2, docs: 40 });
    expect(v.nearest('gamtreis')?.word).toBe('gantries');
    expect(v.nearest('chxxxing')).toBeUndefined();
  });
  it('counts swapping two neighbouring letters as one edit', () => {
    expect(v.nearest('nissna')).toEqual({ word: 'nissan', distance: 1, docs: 8 });
  });
  it('prefers the smaller distance, then the word in more articles', () => {
    // "chargting" is one edit from "charging" and from "charting": the more frequent wins.
    expect(v.nearest('chargting')?.word).toBe('charging');
    // "truckss" is one edit from "trucks" and two from "truck".
    expect(v.nearest('truckss')?.word).toBe('trucks');
  });
  it('never offers a stop word', () => {
    const words = vocabulary({ will: 900, oil: 40 });
    expect(words.nearest('oill')?.word).toBe('oil');
  });
  it('knows which words no article contains', () => {
    expect(v.docs('toll')).toBe(30);
    expect(v.docs('tol')).toBe(0);
    expect(v.correctable('toll')).toBe(false);
    expect(v.correctable('tol')).toBe(true);
    expect(v.correctable('ev')).toBe(false);
    expect(v.correctable('5gx')).toBe(false);
  });
  it('offers only frequent words: at least ⌊log10 N⌋ articles', () => {
    const big = vocabulary({ charging: 900, chargin: 1 }, 100_000);
    expect(big.minDocs).toBe(5);
    expect(big.nearest('chargng')?.word).toBe('charging');
    expect(big.nearest('chargi')?.word).toBe('charging');
    // A rare spelling is known (not corrected) but never offered.
    expect(big.correctable('chargin')).toBe(false);
    expect(vocabulary({ zeppelin: 1 }, 3).nearest('zepelin')?.word).toBe('zeppelin');
  });
});

describe('findCorrections / applyCorrections', () => {
  const v = vocabulary({ wireless: 5, charging: 9, tesla: 3, toll: 4 });
  it('corrects unknown words in words and phrases, not exclusions or a prefix being typed', () => {
    const q = parseQuery('"wireles charging" chargng -tesl tol', { prefixLast: true });
    const fixes = findCorrections(q, v)!;
    expect([...fixes]).toEqual([
      ['chargng', 'charging'],
      ['wireles', 'wireless'],
    ]);
    const fixed = applyCorrections(q, fixes);
    expect(fixed.phrases).toEqual([['wireless', 'charging']]);
    expect(fixed.words).toEqual([
      { text: 'charging', prefix: false },
      { text: 'tol', prefix: true },
    ]);
    expect(fixed.excluded).toEqual([['tesl']]);
  });
  it('returns null when every word is known or nothing is near', () => {
    expect(findCorrections(parseQuery('wireless charging'), v)).toBeNull();
    expect(findCorrections(parseQuery('zzzzzz'), v)).toBeNull();
  });
});

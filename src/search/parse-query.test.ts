import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQuery, MAX_QUERY_PARTS, parseQuery } from './parse-query.ts';

describe('parseQuery', () => {
  it('reads bare words', () => {
    expect(parseQuery('Electric  Trucks')).toEqual({
      words: [
        { text: 'electric', prefix: false },
        { text: 'trucks', prefix: false },
      ],
      phrases: [],
      excluded: [],
      mode: 'all',
    });
  });
  it('reads quoted phrases and exclusions', () => {
    const q = parseQuery('ev "wireless charging" -tesla -"model s"');
    expect(q.words).toEqual([{ text: 'ev', prefix: false }]);
    expect(q.phrases).toEqual([['wireless', 'charging']]);
    expect(q.excluded).toEqual([['tesla'], ['model', 's']]);
  });
  it('reads an unbalanced quote as a phrase to the end', () => {
    expect(parseQuery('toll "open road').phrases).toEqual([['open', 'road']]);
  });
  it('treats hyphenated words as a phrase', () => {
    expect(parseQuery('renault-nissan').phrases).toEqual([['renault', 'nissan']]);
  });
  it('folds diacritics', () => {
    expect(parseQuery('Citroën').words).toEqual([{ text: 'citroen', prefix: false }]);
  });
  it('marks the last word as a prefix when typing', () => {
    expect(parseQuery('smart cit', { prefixLast: true }).words.at(-1)).toEqual({ text: 'cit', prefix: true });
    expect(parseQuery('smart cit ', { prefixLast: true }).words.at(-1)).toEqual({ text: 'cit', prefix: false });
    expect(parseQuery('smart cit').words.at(-1)).toEqual({ text: 'cit', prefix: false });
  });
  it.each(['"', '""', '-', '--', '*', 'NEAR(', '()', '"-"', '^', ':', 'AND OR NOT', '{col}: x'])('survives %j', (input) => {
    const q = parseQuery(input);
    for (const w of q.words) expect(w.text).toMatch(/^[\p{L}\p{N}.,]+$/u);
  });
  it('reads FTS operators as words', () => {
    const q = parseQuery('NEAR(a b) x*');
    expect(q.phrases).toEqual([['near', 'a']]);
    expect(q.words.map((w) => w.text)).toEqual(['b', 'x']);
  });
  it('caps very long queries', () => {
    const q = parseQuery('word '.repeat(2000));
    expect(q.words.length).toBe(MAX_QUERY_PARTS);
  });
  it('only ever yields plain folded words', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const q = parseQuery(s, { prefixLast: true });
        const all = [...q.words.map((w) => w.text), ...q.phrases.flat(), ...q.excluded.flat()];
        for (const w of all) expect(w).toMatch(/^[\p{L}\p{N}]+(?:[.,][\p{N}]+)*$/u);
      }),
    );
  });
});

describe('describeQuery', () => {
  it('reads the query back', () => {
    expect(describeQuery(parseQuery('ev "wireless charging" -tesla -"model s"'))).toBe('ev "wireless charging" -tesla -"model s"');
  });
});

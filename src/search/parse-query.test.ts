import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQuery, MAX_QUERY_LENGTH, MAX_QUERY_PARTS, parseQuery } from './parse-query.ts';

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

describe('parseQuery: every operator and malformed input', () => {
  const parts = (input: string, prefixLast = false) => {
    const q = parseQuery(input, { prefixLast });
    return { words: q.words.map((w) => (w.prefix ? `${w.text}*` : w.text)), phrases: q.phrases, excluded: q.excluded };
  };
  it.each<[string, ReturnType<typeof parts>]>([
    ['toll road', { words: ['toll', 'road'], phrases: [], excluded: [] }],
    ['"toll road"', { words: [], phrases: [['toll', 'road']], excluded: [] }],
    ['"toll"', { words: ['toll'], phrases: [], excluded: [] }],
    ['-toll road', { words: ['road'], phrases: [], excluded: [['toll']] }],
    ['road -"toll booth"', { words: ['road'], phrases: [], excluded: [['toll', 'booth']] }],
    ['road --toll', { words: ['road'], phrases: [], excluded: [['toll']] }],
    ['e-toll', { words: [], phrases: [['e', 'toll']], excluded: [] }],
    ['"', { words: [], phrases: [], excluded: [] }],
    ['"" - -- * ^ : ( ) { }', { words: [], phrases: [], excluded: [] }],
    ['"toll road', { words: [], phrases: [['toll', 'road']], excluded: [] }],
    // The stray quote opens a phrase to the end; a one-word phrase is a word.
    ['toll" road', { words: ['toll', 'road'], phrases: [], excluded: [] }],
    ['NEAR(toll road, 5)', { words: ['road', '5'], phrases: [['near', 'toll']], excluded: [] }],
    ['toll*', { words: ['toll'], phrases: [], excluded: [] }],
    ['^toll', { words: ['toll'], phrases: [], excluded: [] }],
    ['headline:toll', { words: [], phrases: [['headline', 'toll']], excluded: [] }],
    ['{headline body}: toll', { words: ['headline', 'body', 'toll'], phrases: [], excluded: [] }],
    ['toll AND road OR NOT x', { words: ['toll', 'and', 'road', 'or', 'not', 'x'], phrases: [], excluded: [] }],
    ["o'neil's", { words: [], phrases: [['o', 'neil', 's']], excluded: [] }],
    ['8.03 million', { words: ['8.03', 'million'], phrases: [], excluded: [] }],
  ])('reads %j', (input, expected) => {
    expect(parts(input)).toEqual(expected);
  });
  it('reads a prefix only on the last bare word, and only while it is being typed', () => {
    expect(parts('toll ro', true).words).toEqual(['toll', 'ro*']);
    expect(parts('toll "ro', true).words).toEqual(['toll', 'ro*']);
    expect(parts('toll -ro', true).words).toEqual(['toll']);
    expect(parts('toll ro)', true).words).toEqual(['toll', 'ro']);
  });
  it('reads only the first MAX_QUERY_LENGTH characters of a 10,000-character query', () => {
    const q = parseQuery('a'.repeat(10_000));
    expect(q.words).toEqual([{ text: 'a'.repeat(MAX_QUERY_LENGTH), prefix: false }]);
  });
  it('has nothing positive for a query of only exclusions or operators', () => {
    for (const input of ['-toll', '-"toll road"', '*', '"-"', '()']) {
      const q = parseQuery(input);
      expect(q.words.length + q.phrases.length).toBe(0);
    }
  });
});

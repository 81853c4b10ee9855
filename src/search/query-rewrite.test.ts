import { describe, expect, it } from 'vitest';
import { parseQuery } from './parse-query.ts';
import { withoutStopWords } from './query-rewrite.ts';

describe('withoutStopWords', () => {
  it('drops stop words when other words remain', () => {
    expect(withoutStopWords(parseQuery('the price of oil')).words.map((w) => w.text)).toEqual(['price', 'oil']);
  });
  it('keeps them inside phrases', () => {
    const q = withoutStopWords(parseQuery('"the who" of'));
    expect(q.phrases).toEqual([['the', 'who']]);
    expect(q.words).toEqual([]);
  });
  it('keeps a query of nothing but stop words, and a prefix being typed', () => {
    expect(withoutStopWords(parseQuery('to be or not')).words.map((w) => w.text)).toEqual(['to', 'be', 'or', 'not']);
    expect(withoutStopWords(parseQuery('toll th', { prefixLast: true })).words.map((w) => w.text)).toEqual(['toll', 'th']);
    expect(withoutStopWords(parseQuery('toll the', { prefixLast: true })).words.map((w) => w.text)).toEqual(['toll', 'the']);
  });
});

import { describe, expect, it } from 'vitest';
import { foldText, stem, terms, tokenize, words } from './index.ts';

describe('foldText', () => {
  it('lower-cases and strips diacritics', () => {
    expect(foldText('Citroën')).toBe('citroen');
    expect(foldText('ŠKODA Straße')).toBe('skoda strasse');
    expect(foldText('Øresund Œuvre')).toBe('oresund oeuvre');
  });
  it('keeps ASCII text as lower case', () => {
    expect(foldText('Renault-Nissan')).toBe('renault-nissan');
  });
});

describe('tokenize', () => {
  it('gives folded words with offsets into the original text', () => {
    const text = 'Citroën’s plant, 8.03 million';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.term)).toEqual(['citroen', 's', 'plant', '8.03', 'million']);
    for (const t of tokens) expect(foldText(text.slice(t.start, t.end))).toBe(t.term);
  });
  it('keeps numbers with separators whole', () => {
    expect(words('US$160 million, 80,000 units')).toEqual(['us', '160', 'million', '80,000', 'units']);
  });
  it('splits hyphenated names', () => {
    expect(words('Renault-Nissan')).toEqual(['renault', 'nissan']);
  });
});

describe('terms', () => {
  it('drops stop words and stems', () => {
    expect(terms('Charging the new batteries')).toEqual(['charg', 'new', 'batteri']);
  });
  it('leaves short words and numbers unstemmed', () => {
    expect(stem('ev')).toBe('ev');
    expect(stem('5g')).toBe('5g');
  });
  it('stems inflections to one term', () => {
    expect(stem('charging')).toBe(stem('charge'));
  });
});

describe('the plain-text fast path of tokenize and words', () => {
  // The general path, as written before the fast path: what the fast path must always agree with.
  const reference = (text: string) => [...text.matchAll(/[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu)].map((m) => ({ term: foldText(m[0]), start: m.index, end: m.index + m[0].length }));
  const referenceWords = (text: string) => foldText(text).match(/[\p{L}\p{N}]+(?:[.,][\p{N}]+)*/gu) ?? [];
  const alphabet = ['a', 'Z', 'q', '7', '0', ' ', '.', ',', "'", '-', '\n', '“', '”', '‘', '’', '–', '—', '£', '€', '«', '»', '•', '\u00a0', 'é', 'İ', 'ß', '™', '½'];

  it('gives what the general path gives, on text with and without such characters', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 2000; n++) {
      const pool = n % 2 ? alphabet.slice(0, 23) : alphabet;
      const text = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => pool[Math.floor(rnd() * pool.length)]).join('');
      expect(tokenize(text)).toEqual(reference(text));
      expect(words(text)).toEqual(referenceWords(text));
    }
  });
});

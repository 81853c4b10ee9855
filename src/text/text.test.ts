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

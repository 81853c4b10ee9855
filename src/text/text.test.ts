import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../test/fuzz.ts';
import { foldText, stem, terms, tokenize, words } from './index.ts';

/** Every mathematical alphanumeric symbol (U+1D400–U+1D7FF) and the plain letter or digit it is a style of. */
const MATH_ALNUM: readonly (readonly [string, string])[] = Array.from({ length: 0x400 }, (_, i) => String.fromCodePoint(0x1d400 + i))
  .map((c) => [c, c.normalize('NFKD')] as const)
  .filter(([, plain]) => /^[A-Za-z0-9]$/.test(plain));

describe('foldText', () => {
  it('lower-cases and strips diacritics', () => {
    expect(foldText('Citroën')).toBe('citroen');
    expect(foldText('ŠKODA Straße')).toBe('skoda strasse');
    expect(foldText('Øresund Œuvre')).toBe('oresund oeuvre');
  });
  it('keeps ASCII text as lower case', () => {
    expect(foldText('Renault-Nissan')).toBe('renault-nissan');
  });
  it('folds mathematical letters and digits to the plain lower-case ones they are styles of', () => {
    expect(foldText('𝐀𝐂𝐌𝐄 𝑻𝒓𝒖𝒄𝒌𝒔 𝟐𝟎𝟐𝟔 ℌ𝔢𝔩𝔩𝔬 𝙱𝚞𝚜')).toBe('acme trucks 2026 hello bus');
    // Every style of every letter (bold, italic, script, fraktur, double-struck, sans, monospace) and digit.
    expect(MATH_ALNUM.length).toBeGreaterThanOrEqual(700);
    for (const [styled, plain] of MATH_ALNUM) expect(foldText(styled)).toBe(plain.toLowerCase());
  });
  it(
    'property: text of styled and plain letters folds to the plain text folded, and folding is stable',
    () => {
      const piece = fc.oneof(
        fc.constantFrom(...MATH_ALNUM).map(([styled, plain]) => ({ text: styled, plain })),
        fc.constantFrom('a', 'Z', '7', ' ', '-', '.', 'é', 'Ø', 'ß').map((c) => ({ text: c, plain: c })),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
          const folded = foldText(pieces.map((p) => p.text).join(''));
          expect(folded).toBe(foldText(pieces.map((p) => p.plain).join('')));
          expect(folded).toMatch(/^[ a-z0-9.-]*$/);
        }),
        fuzz(500),
      );
      // Whatever the text: folding what was folded changes nothing (search, tagging and related
      // content fold a text and may fold its words again).
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
          expect(foldText(foldText(text))).toBe(foldText(text));
        }),
        fuzz(2000),
      );
    },
    fuzzTimeout(),
  );
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../test/fuzz.ts';
import { pickUniqueSlug, slugify, uniqueSlug } from './slug.ts';

const SLUG = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
/** A slug is one path segment: lower-case words of letters and digits, single dashes, whole characters (no lone surrogate), percent-encodable. */
function expectSlug(slug: string, maxLength = 100): void {
  expect(slug.length).toBeLessThanOrEqual(maxLength);
  expect(slug).toMatch(SLUG);
  expect(slug).toBe(slug.toLowerCase());
  expect(slug).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  expect(() => encodeURIComponent(slug)).not.toThrow();
}
/** Headlines in any script, astral letters (𠀀, 𝐀) and lone surrogates included, long enough to be cut. */
const anyHeadline = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '-', '𠀀', '𝐀', 'é', '\uD800', 'the', '0', "'"), maxLength: 150 }),
);

describe('slugify', () => {
  it('makes the seed article slug as Pathauto did', () => {
    expect(slugify('Renault-Nissan Alliance invests $160 million in Korea')).toBe(
      'renault-nissan-alliance-invests-160-million-korea',
    );
  });
  it.each([
    ['Qualcomm and Renault sign MoU on wireless EV charging technology', 'qualcomm-and-renault-sign-mou-wireless-ev-charging-technology'],
    ['European car manufacturers face world’s toughest CO2 targets', 'european-car-manufacturers-face-worlds-toughest-co2-targets'],
    ['The A to Z of tolling', 'z-tolling'],
    ['Citroën’s new plant', 'citroens-new-plant'],
    ['  What?! -- "Quotes" & ampersands  ', 'what-quotes-ampersands'],
  ])('%s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
  it('keeps a headline made only of stop words', () => {
    expect(slugify('To be or not to be')).toBe('be-or-not-be');
    expect(slugify('The')).toBe('the');
  });
  it('gives a fallback for text without letters', () => {
    expect(slugify('!!!')).toBe('untitled');
  });
  it('cuts at a word within the length limit', () => {
    expect(slugify('alpha beta gamma delta', 16)).toBe('alpha-beta-gamma');
    expect(slugify('supercalifragilistic', 5)).toBe('super');
  });
  it('lower-cases letters that folding turns into capitals', () => {
    expect(slugify('𝐀𝐁𝐂 news')).toBe('abc-news');
  });
  it('cuts a long word between characters, never inside one', () => {
    const slug = slugify(`a${'𠀀'.repeat(60)}`);
    expectSlug(slug);
    expect(slug).toBe(`a${'𠀀'.repeat(49)}`);
  });
  it('always yields whole-character words joined by single dashes, stable when slugified again (property)', () => {
    fc.assert(
      fc.property(anyHeadline, (s) => {
        const slug = slugify(s);
        expectSlug(slug);
        expect(slugify(slug)).toBe(slug);
      }),
      fuzz(1000),
    );
  }, fuzzTimeout());
  it('always yields lower-case ASCII-safe words joined by single dashes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const slug = slugify(s);
        expect(slug.length).toBeLessThanOrEqual(100);
        expect(slug).toMatch(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u);
      }),
    );
  });
});

describe('uniqueSlug', () => {
  it('returns the slug when free', () => {
    expect(uniqueSlug('tolling', () => false)).toBe('tolling');
  });
  it('numbers collisions from 0', () => {
    const taken = new Set(['tolling', 'tolling-0']);
    expect(uniqueSlug('tolling', (s) => taken.has(s))).toBe('tolling-1');
  });
  it('stays within the length limit', () => {
    expect(uniqueSlug('abcdef', (s) => s === 'abcdef', 6)).toBe('abcd-0');
  });
});

describe('slug families (property)', () => {
  it('give every headline of a family its own slug, within the limit, whatever was taken before', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyHeadline, { minLength: 1, maxLength: 12 }), fc.array(anyHeadline, { maxLength: 6 }), fc.integer({ min: 8, max: 100 }), async (headlines, before, max) => {
        const taken = new Set(before.map((h) => slugify(h, max)));
        // The store's family query: the base and every `base-…` slug.
        const family = (base: string) => async () => new Set([...taken].filter((t) => t === base || t.startsWith(`${base}-`)));
        for (const h of headlines) {
          const base = slugify(h, max);
          const slug = await pickUniqueSlug(base, family(base), async (c) => taken.has(c), max);
          expectSlug(slug, max);
          expect(taken.has(slug), slug).toBe(false);
          taken.add(slug);
        }
      }),
      fuzz(300),
    );
  }, fuzzTimeout());
});

describe('pickUniqueSlug', () => {
  it('picks the next free number from the taken family in one read', async () => {
    let reads = 0;
    const family = async () => {
      reads++;
      return new Set(['same', 'same-0', 'same-1', 'same-3']);
    };
    expect(await pickUniqueSlug('same', family, async () => false)).toBe('same-2');
    expect(reads).toBe(1);
  });
  it('checks single slugs when the family missed one (a length-limited base)', async () => {
    const taken = new Set(['abcd-0']);
    expect(await pickUniqueSlug('abcdef', async () => new Set(['abcdef']), async (s) => taken.has(s), 6)).toBe('abcd-1');
  });
});

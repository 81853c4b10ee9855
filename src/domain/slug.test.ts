import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickUniqueSlug, slugify, uniqueSlug } from './slug.ts';

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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_COMPANIES, seedCompany } from '../../test/seed-companies.ts';
import { cleanLegacyIds } from './clean-legacy-ids.ts';

const lookup = seedCompany;

// Sentences of the seed article's body, as migrated.
const SEED_INVEST =
  '2453 Renault-838 Nissan Alliance will invest US$160 million in Korea to meet anticipated demand for the ' +
  'next-generation Nissan Rogue and to accelerate growth of Renault Samsung Motors. Production of Nissan Rogue ' +
  'crossover in Busan, Korea, will begin in 2014, with an annual capacity of about 80,000 units.';
const SEED_BRANDS =
  'Formed in 1999, the Renault-Nissan Alliance achieved a record 8.03 million vehicle sales in 2011 in nearly ' +
  '200 countries. Brands include Renault, Nissan, 4777 Infiniti, 1973 Dacia and Renault Samsung Motors.';

describe('cleanLegacyIds: the seed article', () => {
  it('removes the ids before Renault and Nissan and links them', () => {
    const { text, links } = cleanLegacyIds(SEED_INVEST, lookup);
    expect(text).toBe(SEED_INVEST.slice('2453 '.length).replace('Renault-838 Nissan', 'Renault-Nissan'));
    expect(text.startsWith('Renault-Nissan Alliance will invest US$160 million in Korea')).toBe(true);
    expect(links).toEqual([
      { start: 0, end: 7, companyId: '2453' },
      { start: 8, end: 14, companyId: '838' },
    ]);
  });
  it('removes the ids before Infiniti and Dacia and keeps every real number', () => {
    const { text, links } = cleanLegacyIds(SEED_BRANDS, lookup);
    expect(text).toBe(
      'Formed in 1999, the Renault-Nissan Alliance achieved a record 8.03 million vehicle sales in 2011 in nearly ' +
        '200 countries. Brands include Renault, Nissan, Infiniti, Dacia and Renault Samsung Motors.',
    );
    expect(links).toEqual([
      { start: 154, end: 162, companyId: '4777' },
      { start: 164, end: 169, companyId: '1973' },
    ]);
    expect(links.map((l) => text.slice(l.start, l.end))).toEqual(['Infiniti', 'Dacia']);
  });
});

describe('cleanLegacyIds: what stays', () => {
  it('keeps numbers not followed by a company name', () => {
    const text = 'It will invest US$160 million in 2014 for 80,000 units, 8.03 million sales, 60 other countries.';
    expect(cleanLegacyIds(text, lookup)).toEqual({ text, links: [] });
  });
  it('keeps an id followed by another company, or a longer word', () => {
    for (const text of ['2453 Nissan', '838 Renault', '1973 Dacian kings', '4777 Infinitive']) {
      expect(cleanLegacyIds(text, lookup)).toEqual({ text, links: [] });
    }
  });
  it('keeps an id not followed by exactly one space', () => {
    for (const text of ['2453  Renault', '2453\nRenault', '2453-Renault', '2453Renault', 'RSS2453 Renault']) {
      expect(cleanLegacyIds(text, lookup)).toEqual({ text, links: [] });
    }
  });
  it('keeps a number that is part of a larger number', () => {
    for (const text of ['1,2453 Renault', '0.838 Nissan']) {
      expect(cleanLegacyIds(text, lookup)).toEqual({ text, links: [] });
    }
  });
  it('keeps a number the directory does not know', () => {
    expect(cleanLegacyIds('1234 Renault', lookup)).toEqual({ text: '1234 Renault', links: [] });
  });
});

describe('cleanLegacyIds: names', () => {
  it('takes the longest name or alias of the company with that id', () => {
    expect(cleanLegacyIds('with 9001 Renault Samsung Motors and 9001 RSM.', lookup)).toEqual({
      text: 'with Renault Samsung Motors and RSM.',
      links: [
        { start: 5, end: 27, companyId: '9001' },
        { start: 32, end: 35, companyId: '9001' },
      ],
    });
  });
  it('applies the matcher rules to the name: acronyms in capitals, possessives, case', () => {
    expect(cleanLegacyIds('9001 rsm', lookup)).toEqual({ text: '9001 rsm', links: [] });
    expect(cleanLegacyIds("838 Nissan's plant, 2453 RENAULT", lookup)).toEqual({
      text: "Nissan's plant, RENAULT",
      links: [
        { start: 0, end: 6, companyId: '838' },
        { start: 16, end: 23, companyId: '2453' },
      ],
    });
  });
  it('links only the name after its own id', () => {
    expect(cleanLegacyIds('2453 Renault Samsung Motors', lookup)).toEqual({
      text: 'Renault Samsung Motors',
      links: [{ start: 0, end: 7, companyId: '2453' }],
    });
  });
});

describe('cleanLegacyIds: properties', () => {
  it('returns any text unchanged when the directory knows none of its numbers', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(cleanLegacyIds(text, () => undefined)).toEqual({ text, links: [] });
      }),
    );
  });
  it('returns text without leaked ids unchanged', () => {
    const ids = SEED_COMPANIES.map((c) => c.id);
    const names = ['Renault', 'Nissan', 'Infiniti', 'Dacia', 'Dacian', 'Renault Samsung Motors', 'RSM', 'rsm', 'million'];
    // A known id only ever stands before a name that is not its company's, or not after one space.
    const mismatched = fc
      .tuple(fc.constantFrom(...SEED_COMPANIES), fc.constantFrom(...names), fc.constantFrom(' ', '  ', '\n', ', ', '-'))
      .filter(([c, name, gap]) => gap !== ' ' || !name.toLowerCase().startsWith(c.name.toLowerCase()))
      .filter(([c, name, gap]) => gap !== ' ' || !(c.aliases.includes(name) && name === name.toUpperCase()))
      .map(([c, name, gap]) => `${c.id}${gap}${name}`);
    const number = fc.nat({ max: 1_000_000 }).filter((n) => !ids.includes(String(n))).map(String);
    const decimal = fc.tuple(fc.nat(), fc.nat({ max: 999 })).map(([a, b]) => `${a}.${b}`);
    const word = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/\p{N}/u.test(s));
    const fragment = fc.oneof(mismatched, number, decimal, word, fc.constantFrom(...names));
    const text = fc
      .array(fc.tuple(fragment, fc.constantFrom(' ', ', ', '. ', '\n', '-', '')), { maxLength: 20 })
      .map((parts) => parts.map(([f, sep]) => f + sep).join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(cleanLegacyIds(t, lookup)).toEqual({ text: t, links: [] });
      }),
      { numRuns: 500 },
    );
  });
});

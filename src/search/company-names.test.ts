import { describe, expect, it } from 'vitest';
import { CompanyNames, nameKey } from './company-names.ts';

const company = (id: number, name: string, aliases: string[] = []) => ({ id, sourceId: String(id), slug: nameKey(name).replace(/ /g, '-'), name, aliases });

describe('CompanyNames', () => {
  const names = new CompanyNames([
    company(1, 'Renault', ['Renault Group']),
    company(2, 'Renault Samsung Motors', ['RSM']),
    company(3, 'Nissan'),
    company(4, 'Citroën'),
    company(5, 'Renault-Nissan Alliance'),
    company(6, 'Rensselaer Freight'),
  ]);

  it('finds names and aliases starting with the typed text, exact name first, then the shortest', () => {
    expect(names.startingWith('renault', 5).map((c) => c.id)).toEqual([1, 2, 5]);
    expect(names.startingWith('REN', 5).map((c) => c.id)).toEqual([1, 6, 2, 5]);
    expect(names.startingWith('rsm', 5).map((c) => c.id)).toEqual([2]);
  });
  it('ignores case, diacritics and punctuation', () => {
    expect(names.startingWith('citroen', 5).map((c) => c.id)).toEqual([4]);
    expect(names.startingWith('renault nis', 5).map((c) => c.id)).toEqual([5]);
    expect(names.startingWith('  Renault-Sam', 5).map((c) => c.id)).toEqual([2]);
  });
  it('lists each company once, up to the limit', () => {
    expect(names.startingWith('renault g', 5).map((c) => c.id)).toEqual([1]);
    expect(names.startingWith('r', 2)).toHaveLength(2);
    expect(names.startingWith('', 5)).toEqual([]);
    expect(names.startingWith('"-*', 5)).toEqual([]);
    expect(names.startingWith('zz', 5)).toEqual([]);
  });
});

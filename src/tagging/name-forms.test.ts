import { describe, expect, it } from 'vitest';
import { nameForms } from './name-forms.ts';

function forms(name: string, aliases: string[] = [], ambiguous = false): string[] {
  return nameForms({ id: '1', name, aliases, ambiguous }).map(
    (f) => f.terms.join(' ') + (f.upperOnly ? ' [upper]' : '') + (f.ambiguous ? ' [ambiguous]' : '') + (f.primary ? '' : ' [alias]'),
  );
}

describe('nameForms', () => {
  it('folds the name and marks short all-capitals aliases', () => {
    expect(forms('Renault Samsung Motors', ['RSM', 'Citroën'])).toEqual([
      'renault samsung motors',
      'renaultsamsungmotors',
      'rsm [upper] [alias]',
      'citroen [alias]',
    ]);
  });
  it('adds the name without its legal form or a leading "The"', () => {
    expect(forms('The Gap Inc')).toEqual(['the gap inc', 'gap [ambiguous]', 'gap inc']);
    expect(forms('Next plc')).toEqual(['next plc', 'next [ambiguous]']);
  });
  it('reads & as "and", joins hyphens, possessives and short names written as one word', () => {
    expect(forms('Marks & Spencer')).toEqual(['marks spencer', 'marks and spencer', 'marksspencer']);
    expect(forms('Time Warner')).toEqual(['time warner', 'timewarner']);
    expect(forms('Wal-Mart')).toEqual(['wal mart', 'walmart']);
    expect(forms("Sainsbury's")).toEqual(['sainsbury s', 'sainsburys']);
  });
  it('marks common words and flagged names as ambiguous, acronyms never', () => {
    expect(forms('Acorn', ['Acorn Computers', 'ACN'], true)).toEqual([
      'acorn [ambiguous]',
      'acorn computers [alias]',
      'acorncomputers [alias]',
      'acn [upper] [alias]',
    ]);
    expect(forms('Shell', ['Royal Dutch Shell'])).toEqual(['shell [ambiguous]', 'royal dutch shell [alias]', 'royaldutchshell [alias]']);
  });
  it('skips empty names and bare numbers', () => {
    expect(forms('—', ['2453'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileMatcher } from './compile-matcher.ts';
import { findCandidates } from './find-candidates.ts';

const matcher = compileMatcher([
  { id: '2453', name: 'Renault', aliases: [] },
  { id: '838', name: 'Nissan', aliases: [] },
  { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'] },
  { id: '18', name: 'Nissan Motor', aliases: [] },
]);

describe('findCandidates', () => {
  it('offers a company-like name the directory lacks, counted', () => {
    const text = 'Renault-Nissan Alliance will invest in Renault Samsung Motors. The Renault-Nissan Alliance said so.';
    expect(findCandidates(text, matcher)).toEqual([{ name: 'Renault-Nissan Alliance', count: 2 }]);
  });
  it('does not offer a name the matcher covers, with or without a legal form', () => {
    expect(findCandidates('Renault Samsung Motors and Nissan Motor Co Ltd agreed.', matcher)).toEqual([]);
  });
  it('ends the name at its last cue and drops a leading stop word', () => {
    const text = "The Acme Logistics Group said Acme Logistics Group's chairman John Smith, of Acme Logistics\n  Group, agreed.";
    expect(findCandidates(text, matcher)).toEqual([{ name: 'Acme Logistics Group', count: 3 }]);
  });
  it('keeps lower-case legal forms and connectors inside a name', () => {
    expect(findCandidates('Tesco plc and Bank of America Corp and Banco do Brasil SA.', matcher)).toEqual([
      { name: 'Tesco plc', count: 1 },
      { name: 'Bank of America Corp', count: 1 },
      { name: 'Banco do Brasil SA', count: 1 },
    ]);
  });
  it('orders by count, then by first appearance', () => {
    const text = 'Beta Systems and Alpha Technologies. Alpha Technologies grew.';
    expect(findCandidates(text, matcher)).toEqual([
      { name: 'Alpha Technologies', count: 2 },
      { name: 'Beta Systems', count: 1 },
    ]);
  });
  it('needs more than one word and a word that is not a cue', () => {
    expect(findCandidates('Motors rose. Shares in Group Inc fell. The Group said.', matcher)).toEqual([]);
  });
  it('skips names without a cue and headlines', () => {
    expect(findCandidates('ACME HOLDINGS BUYS BETA SYSTEMS\n\nCeltic Renewables and BioBase Europe Pilot Plant.', matcher)).toEqual([]);
  });
  it('does not run a name across a comma or a sentence', () => {
    const text = 'Shares in Renault, Nissan Holdings and others fell. It was Ford. Motors Group shares fell.';
    expect(findCandidates(text, matcher)).toEqual([{ name: 'Nissan Holdings', count: 1 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileMatcher } from './compile-matcher.ts';
import type { DirectoryEntry } from './types.ts';

// Each common-word name of the built-in list, as a directory would hold it.
const COMMON: DirectoryEntry[] = [
  { id: 'apple', name: 'Apple', aliases: ['Apple Computer'] },
  { id: 'shell', name: 'Shell', aliases: ['Royal Dutch Shell'] },
  { id: 'orange', name: 'Orange', aliases: [] },
  { id: 'amazon', name: 'Amazon', aliases: [] },
  { id: 'target', name: 'Target Corporation', aliases: ['Target'] },
  { id: 'alphabet', name: 'Alphabet', aliases: [] },
  { id: 'visa', name: 'Visa', aliases: [] },
  { id: 'gap', name: 'Gap', aliases: [] },
  { id: 'oracle', name: 'Oracle', aliases: [] },
  { id: 'sky', name: 'Sky', aliases: [] },
  { id: 'next', name: 'Next plc', aliases: [] },
  { id: 'boots', name: 'Boots', aliases: [] },
  { id: 'acorn', name: 'Acorn', aliases: [], ambiguous: true, context: ['Computers'] },
];
const matcher = compileMatcher(COMMON);

function found(text: string, pinned: string[] = []): [string, number, string][] {
  return matcher.find(text, { pinned }).map((m) => [m.text, m.start, m.companyId]);
}

describe('ambiguous names: with evidence', () => {
  // [name, text, offset of the mention]
  const cases: [string, string, number][] = [
    ['apple', 'Shares in Apple rose 3% on Monday.', 10],
    ['shell', 'Oil giant Shell said profits rose.', 10],
    ['orange', 'Mobile operator Orange said it had 50 million customers.', 16],
    ['amazon', 'Online retailer Amazon reported record sales.', 16],
    ['target', 'US retailer Target said sales fell.', 12],
    ['alphabet', "Google's parent Alphabet said it would buy back shares.", 16],
    ['visa', 'Card firm Visa said spending rose.', 10],
    ['gap', 'Clothing retailer Gap said sales fell.', 18],
    ['oracle', 'Software maker Oracle said it would cut jobs.', 15],
    ['sky', 'Satellite broadcaster Sky said it had won the rights.', 22],
    ['next', 'High street retailer Next said sales rose.', 21],
    ['boots', 'Chemist chain Boots said it would close shops.', 14],
    ['acorn', 'Shares in Acorn rose.', 10],
  ];
  for (const [id, text, start] of cases) {
    it(`${id}: ${text}`, () => {
      const name = text.slice(start).split(/\s/)[0]!;
      expect(found(text)).toEqual([[name, start, id]]);
    });
  }
  it('accepts a mention mid-sentence with a context word elsewhere in the text', () => {
    expect(found('The new iPod is here. Fans of Apple queued for hours.')).toEqual([['Apple', 30, 'apple']]);
    expect(found('The Acorn machine was one of the first home computers.')).toEqual([['Acorn', 4, 'acorn']]);
  });
  it('accepts every capitalised mention once an unambiguous one is in the text', () => {
    expect(found('Apple Computer launched the iMac. Apple is based in California.')).toEqual([
      ['Apple Computer', 0, 'apple'],
      ['Apple', 34, 'apple'],
    ]);
    expect(found('SHELL RAISES PRICES\n\nRoyal Dutch Shell raised prices.')).toEqual([
      ['SHELL', 0, 'shell'],
      ['Royal Dutch Shell', 21, 'shell'],
    ]);
  });
  it('accepts a mention once another one has shown evidence', () => {
    expect(found('Apple is growing. Analysts said Apple had a good year.')).toEqual([
      ['Apple', 0, 'apple'],
      ['Apple', 32, 'apple'],
    ]);
  });
  it('reads a legal form, or a subsidiary name ending in one, as evidence', () => {
    expect(found('Apple Inc is growing.')).toEqual([['Apple Inc', 0, 'apple']]);
    expect(found('Shell Canada Ltd raised its crude postings.')).toEqual([['Shell', 0, 'shell']]);
  });
  it('accepts a sentence-initial mention with both a cue and a context word', () => {
    expect(found('Orange said its network now reaches 90% of homes.')).toEqual([['Orange', 0, 'orange']]);
  });
  it("tags a company's own brands once it is established, and no county", () => {
    expect(found('Broadcaster Sky said it won the rights. Sky News will show it.')).toEqual([
      ['Sky', 12, 'sky'],
      ['Sky', 40, 'sky'],
    ]);
    expect(found('Mobile operator Orange said it grew. Orange County is sunny.')).toEqual([
      ['Orange', 16, 'orange'],
      ['Orange', 37, 'orange'],
    ]);
    expect(found('Officials said Orange County is sunny.')).toEqual([]);
  });
  it('accepts a capitalised mention of a pinned company', () => {
    expect(found('Apple is based in California.', ['apple'])).toEqual([['Apple', 0, 'apple']]);
    expect(found('he ate an apple', ['apple'])).toEqual([]);
  });
});

describe('ambiguous names: without evidence', () => {
  const texts = [
    'He picked an apple from the tree. Apple pie is popular.',
    'Apple is based in California.',
    'He ate an apple. Apple said profits rose.',
    'It was sold to a little-known shell company. The shell of the building remained.',
    'Shell fragments were found on the beach.',
    'Frozen orange juice from Brazil. Frozen Concentrated Orange Juice prices rose, traders said.',
    'Orange County officials said the fires were out.',
    'Officials in Orange County said the fires were out.',
    'The 2005 Orange Prize for fiction was announced.',
    'Victims of Agent Orange said they would sue.',
    'the Amazon rainforest is shrinking',
    'The target was missed. Target practice resumed.',
    'The alphabet has 26 letters.',
    'Her visa application was refused. Visa rules were tightened.',
    'There is a gap in the market, the company said.',
    'She crossed the Cumberland Gap, the firm said.',
    'Buffett, the Oracle of Omaha, said shares were cheap.',
    'The sky was blue. He told Sky News the company was sold.',
    'Next year sales will rise. Star Trek: The Next Generation was shown.',
    'His football boots were muddy. Boots were left at the door.',
    'An acorn fell. Acorn trees grow slowly.',
    'APPLE SAID PROFITS ROSE',
    'Apple Unveils New Phone',
    'The singer Fiona Apple said she would tour.',
  ];
  for (const text of texts) {
    it(text, () => {
      expect(found(text)).toEqual([]);
    });
  }
});

describe('ticker symbols', () => {
  const m = compileMatcher([
    { id: 'ge', name: 'General Electric', aliases: ['GE'] },
    { id: 'renault', name: 'Renault', aliases: [] },
  ]);
  it('skips a name in capitals that opens an angle bracket, not a name in brackets', () => {
    const text = 'General Electric Co <GE> and <GE.N> sold it to <Renault>; GE said.';
    expect(m.find(text).map((x) => [x.text, x.start])).toEqual([
      ['General Electric Co', 0],
      ['Renault', 48],
      ['GE', 58],
    ]);
  });
});

describe('places and days that clubs share, and names inside longer names', () => {
  const matcher = compileMatcher([
    { id: 'chi', name: 'Chicago', aliases: [] },
    { id: 'fla', name: 'Florida', aliases: [] },
    { id: 'barca', name: 'Barcelona', aliases: [] },
    { id: 'wed', name: 'Wednesday', aliases: [] },
    { id: 'south', name: 'South', aliases: [] },
    { id: 'nat', name: 'National', aliases: [] },
    { id: 'honda', name: 'Honda', aliases: [] },
  ]);
  const found = (text: string): string[] => matcher.find(text).map((m) => m.text);
  it('reads a place or a day as itself without evidence', () => {
    expect(found('Democrats gathered in Chicago on Wednesday, and Florida voted.')).toEqual([]);
  });
  it('takes a score, "v", a result verb or a corporate cue beside it as evidence', () => {
    expect(found('Chicago 5 Florida 3')).toEqual(['Chicago', 'Florida']);
    expect(found('Barcelona beat the champions. Fans in Barcelona celebrated.')).toEqual(['Barcelona', 'Barcelona']);
    expect(found('Wrexham v Wednesday')).toEqual(['Wednesday']);
  });
  it('does not tag a one-word name inside a longer capitalised name', () => {
    expect(found('a tour of South Africa with the National League champions')).toEqual([]);
    expect(found('sales at American Honda rose')).toEqual([]);
  });
  it('tags it there once the company stands alone in the text', () => {
    expect(found('Honda said sales at American Honda rose')).toEqual(['Honda', 'Honda']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from './compile-matcher.ts';
import type { DirectoryEntry, FindOptions } from './types.ts';

const DIRECTORY: DirectoryEntry[] = [
  { id: '2453', name: 'Renault', aliases: [] },
  { id: '838', name: 'Nissan', aliases: [] },
  { id: '4777', name: 'Infiniti', aliases: [] },
  { id: '1973', name: 'Dacia', aliases: [] },
  { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'] },
  { id: '77', name: 'Citroën', aliases: [] },
  { id: '12', name: 'Texaco', aliases: [] },
  { id: '13', name: 'AT&T', aliases: [] },
  { id: '14', name: '3M', aliases: [] },
  { id: '15', name: 'Marks & Spencer', aliases: ['M&S'] },
  { id: '16', name: 'Wal-Mart Stores', aliases: ['Wal-Mart'] },
  { id: '17', name: "McDonald's", aliases: [] },
  { id: '18', name: 'Nissan Motor Co Ltd', aliases: [] },
  { id: '19', name: 'J.P. Morgan', aliases: [] },
  { id: '20', name: 'Amazon.com', aliases: [] },
];
const matcher = compileMatcher(DIRECTORY);

// [text, start, end, companyId] for each mention, in order.
function spans(text: string, options?: FindOptions): [string, number, number, string][] {
  return matcher.find(text, options).map((m) => {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    return [m.text, m.start, m.end, m.companyId];
  });
}

describe('compileMatcher: names and aliases', () => {
  it('prefers the longest name', () => {
    expect(spans('Renault Samsung Motors and Renault')).toEqual([
      ['Renault Samsung Motors', 0, 22, '9001'],
      ['Renault', 27, 34, '2453'],
    ]);
  });
  it('returns the directory name of the company', () => {
    expect(matcher.find('RSM')[0]).toEqual({ start: 0, end: 3, text: 'RSM', companyId: '9001', name: 'Renault Samsung Motors' });
  });
  it('matches a short all-capitals alias in capitals only', () => {
    expect(spans('every RSM employee, not rsm or Rsm')).toEqual([['RSM', 6, 9, '9001']]);
    expect(spans('AT&T and at&t; 3M and 3m')).toEqual([
      ['AT&T', 0, 4, '13'],
      ['3M', 15, 17, '14'],
    ]);
  });
  it('matches other names in capitals or any mixed case, not in lower case', () => {
    expect(spans('RENAULT, renault, ReNault')).toEqual([
      ['RENAULT', 0, 7, '2453'],
      ['ReNault', 18, 25, '2453'],
    ]);
  });
  it('reads a lower-case word as a common word unless the directory writes the name in lower case', () => {
    const m = compileMatcher([
      { id: 'nhl', name: 'National Hockey League', aliases: [] },
      { id: 'labour', name: 'Labour', aliases: [] },
      { id: 'ej', name: 'easyJet', aliases: [] },
      { id: 'boe', name: 'Bank of England', aliases: [] },
    ]);
    const found = (text: string): string[] => m.find(text).map((x) => x.text);
    expect(found('a national hockey league; labour costs; the Labour party')).toEqual(['Labour']);
    expect(found('easyjet and EasyJet; the Bank of England')).toEqual(['easyjet', 'EasyJet', 'Bank of England']);
    expect(found('the National Hockey league')).toEqual([]);
  });
  it('splits Renault-Nissan Alliance into its companies when the alliance is not in the directory', () => {
    expect(spans('Renault-Nissan Alliance will invest')).toEqual([
      ['Renault', 0, 7, '2453'],
      ['Nissan', 8, 14, '838'],
    ]);
  });
  it('matches the alliance as one name when the directory has it', () => {
    const m = compileMatcher([...DIRECTORY, { id: '5', name: 'Renault-Nissan Alliance', aliases: [] }]);
    expect(m.find('the Renault–Nissan Alliance and Renault Nissan Alliance').map((x) => [x.text, x.start, x.companyId])).toEqual([
      ['Renault–Nissan Alliance', 4, '5'],
      ['Renault Nissan Alliance', 32, '5'],
    ]);
  });
});

describe('compileMatcher: writing', () => {
  it('reads hyphens and dashes as word breaks', () => {
    expect(spans('Renault–Nissan, Renault—Nissan')).toEqual([
      ['Renault', 0, 7, '2453'],
      ['Nissan', 8, 14, '838'],
      ['Renault', 16, 23, '2453'],
      ['Nissan', 24, 30, '838'],
    ]);
  });
  it('leaves the possessive out of the mention', () => {
    expect(spans("Nissan's plant and Nissan’s plant")).toEqual([
      ['Nissan', 0, 6, '838'],
      ['Nissan', 19, 25, '838'],
    ]);
  });
  it('keeps a possessive that is part of the name', () => {
    expect(spans("McDonald's, McDonald’s and McDonalds")).toEqual([
      ["McDonald's", 0, 10, '17'],
      ['McDonald’s', 12, 22, '17'],
      ['McDonalds', 27, 36, '17'],
    ]);
  });
  it('ignores diacritics both ways', () => {
    expect(spans('Citroën, Citroen, CITROËN')).toEqual([
      ['Citroën', 0, 7, '77'],
      ['Citroen', 9, 16, '77'],
      ['CITROËN', 18, 25, '77'],
    ]);
    const plain = compileMatcher([{ id: '1', name: 'Skoda', aliases: [] }]);
    expect(plain.find('Škoda').map((m) => m.text)).toEqual(['Škoda']);
  });
  it('reads through curly and straight quotes', () => {
    expect(spans('“Renault” and ‘Nissan’ and "Dacia"')).toEqual([
      ['Renault', 1, 8, '2453'],
      ['Nissan', 15, 21, '838'],
      ['Dacia', 28, 33, '1973'],
    ]);
  });
  it('matches a name across a line break and several spaces', () => {
    expect(spans('growth of Renault\n    Samsung   Motors.')).toEqual([['Renault\n    Samsung   Motors', 10, 38, '9001']]);
  });
  it('does not match a name across a blank line or a comma', () => {
    expect(spans('Renault\n\nSamsung Motors')).toEqual([['Renault', 0, 7, '2453']]);
    expect(spans('Renault, Samsung Motors')).toEqual([['Renault', 0, 7, '2453']]);
  });
  it('matches whole words only', () => {
    expect(spans('the Dacian kings, Renaults, Renault5, Nissanville and Dacia')).toEqual([['Dacia', 54, 59, '1973']]);
  });
  it('reads & as "and" and joins hyphenated names', () => {
    expect(spans('Marks and Spencer, Marks & Spencer, M&S, Walmart')).toEqual([
      ['Marks and Spencer', 0, 17, '15'],
      ['Marks & Spencer', 19, 34, '15'],
      ['M&S', 36, 39, '15'],
      ['Walmart', 41, 48, '16'],
    ]);
  });
  it('runs a mention on over a legal form, and matches a name without its legal form', () => {
    expect(spans('Texaco Inc said; Nissan Motor said; Nissan Motor Co Ltd said')).toEqual([
      ['Texaco Inc', 0, 10, '12'],
      ['Nissan Motor', 17, 29, '18'],
      ['Nissan Motor Co Ltd', 36, 55, '18'],
    ]);
  });
  it('runs on over a lower-case plc but not over other lower-case words', () => {
    expect(spans('Texaco plc and Texaco co-operation')).toEqual([
      ['Texaco plc', 0, 10, '12'],
      ['Texaco', 15, 21, '12'],
    ]);
  });
  it('leaves a lower-case "the" out of a name that begins with "The"', () => {
    const m = compileMatcher([{ id: 'g', name: 'The Gap Inc', aliases: [] }]);
    expect(m.find('The Gap Inc said the Gap Stores grew').map((x) => [x.text, x.start])).toEqual([
      ['The Gap Inc', 0],
      ['Gap', 21],
    ]);
  });
  it('keeps the final full stop of an abbreviation, and of a name the directory writes with one', () => {
    const m = compileMatcher([
      { id: 'un', name: 'U.N.', aliases: [] },
      { id: 'am', name: 'Ameritech Corp.', aliases: [] },
      { id: 'gte', name: 'GTE', aliases: [] },
    ]);
    const found = (text: string): string[] => m.find(text).map((x) => x.text);
    expect(found('A U.N. official said. Iraq wrote to the U.N.')).toEqual(['U.N.', 'U.N.']);
    expect(found('Ameritech Corp. and GTE Corp. signed; so did Ameritech Corp')).toEqual(['Ameritech Corp.', 'GTE Corp', 'Ameritech Corp']);
  });
  it('finds a name broken across a line as one mention', () => {
    const m = compileMatcher([{ id: 'nhl', name: 'National Hockey League', aliases: [] }]);
    expect(m.find('joined the National Hockey\nLeague in 1990').map((x) => [x.text, x.start])).toEqual([['National Hockey\nLeague', 11]]);
  });
  it('reads full stops inside a name but not at the end of a sentence', () => {
    expect(spans('J.P. Morgan and J. P. Morgan; Amazon.com')).toEqual([
      ['J.P. Morgan', 0, 11, '19'],
      ['J. P. Morgan', 16, 28, '19'],
      ['Amazon.com', 30, 40, '20'],
    ]);
    expect(spans('sold to Renault. Samsung Motors bought')).toEqual([['Renault', 8, 15, '2453']]);
  });
  it('gives offsets in UTF-16 code units', () => {
    expect(spans('😀 Ünïcode — Renault')).toEqual([['Renault', 13, 20, '2453']]);
  });
  it('finds nothing in a text without names', () => {
    expect(spans('')).toEqual([]);
    expect(spans('Production will begin in 2014, with 80,000 units.')).toEqual([]);
  });
});

describe('compileMatcher: editors', () => {
  it('never returns a blocked company', () => {
    expect(spans('Renault and Nissan', { blocked: ['838'] })).toEqual([['Renault', 0, 7, '2453']]);
  });
  it('does not read a blocked name again as a shorter one', () => {
    expect(spans('Renault Samsung Motors', { blocked: new Set(['9001']) })).toEqual([]);
  });
  it('chooses among companies that share a name: not blocked, then the name over an alias', () => {
    const m = compileMatcher([
      { id: 'a', name: 'General Motors', aliases: ['GM'] },
      { id: 'b', name: 'GM', aliases: [] },
    ]);
    expect(m.find('GM said').map((x) => x.companyId)).toEqual(['b']);
    expect(m.find('GM said', { blocked: ['b'] }).map((x) => x.companyId)).toEqual(['a']);
  });
  it('reports its size', () => {
    expect(matcher.size).toBe(DIRECTORY.length);
  });
});

describe('compileMatcher: properties', () => {
  const names = ['Renault', 'RSM', 'rsm', 'Nissan’s', "Nissan's", 'Citroën', 'Samsung', 'Motors', 'Dacian', 'AT&T', '3M', 'Inc'];
  const piece = fc.oneof(fc.constantFrom(...names), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 3 }));
  const text = fc
    .array(fc.tuple(piece, fc.constantFrom(' ', '\n', '-', '–', ', ', '. ', '', '  ')), { maxLength: 16 })
    .map((parts) => parts.map(([p, sep]) => p + sep).join(''));
  const ids = new Set(DIRECTORY.map((c) => c.id));
  it('returns ordered, non-overlapping mentions whose text is the slice at their offsets', () => {
    fc.assert(
      fc.property(text, (t) => {
        let end = 0;
        for (const m of matcher.find(t)) {
          expect(m.start).toBeGreaterThanOrEqual(end);
          expect(m.end).toBeGreaterThan(m.start);
          expect(t.slice(m.start, m.end)).toBe(m.text);
          expect(ids.has(m.companyId)).toBe(true);
          end = m.end;
        }
      }),
      { numRuns: 500 },
    );
  });
  it('never returns a blocked company', () => {
    fc.assert(
      fc.property(text, fc.subarray([...ids]), (t, blocked) => {
        for (const m of matcher.find(t, { blocked })) expect(blocked).not.toContain(m.companyId);
      }),
      { numRuns: 300 },
    );
  });
});

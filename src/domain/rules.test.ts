import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatMonth, isoDate } from './dates.ts';
import { countWords, readTimeMinutes, WORDS_PER_MINUTE } from './read-time.ts';
import { leadSentences, teaser } from './teaser.ts';

describe('readTimeMinutes', () => {
  it('is at least one minute', () => {
    expect(readTimeMinutes('')).toBe(1);
    expect(readTimeMinutes('one two three')).toBe(1);
  });
  it('rounds up', () => {
    expect(readTimeMinutes('word '.repeat(WORDS_PER_MINUTE))).toBe(1);
    expect(readTimeMinutes('word '.repeat(WORDS_PER_MINUTE + 1))).toBe(2);
  });
  it('counts hyphenated names and numbers as single words', () => {
    expect(countWords('Renault-Nissan invests 160 million, 8.03 units')).toBe(6);
  });
  it('counts what the regular expression it replaced matched, in any script', () => {
    const matches = (text: string) => text.match(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu)?.length ?? 0;
    const pieces = fc.constantFrom('a', 'Z', '9', 'é', 'ß', '東', '𝐀', '٣', '-', "'", '’', '.', '..', ' ', '\n', ',', '—', '\ud800', '😀');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')), (text) => countWords(text) === matches(text)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => countWords(text) === matches(text)), { numRuns: 2000 });
  });
});

describe('teaser', () => {
  it('leaves short text whole', () => {
    expect(teaser('Short text.', 50)).toBe('Short text.');
  });
  it('cuts at a word and adds an ellipsis', () => {
    expect(teaser('The quick brown fox jumps', 12)).toBe('The quick…');
  });
  it('drops trailing punctuation before the ellipsis', () => {
    expect(teaser('Alpha, beta, gamma delta', 13)).toBe('Alpha, beta…');
  });
  it('collapses whitespace', () => {
    expect(teaser('a\n\n  b')).toBe('a b');
  });
  it('cuts an overlong single word', () => {
    expect(teaser('abcdefghij', 5)).toBe('abcd…');
  });
  it('cuts a long text as flattening all of it first did', () => {
    const wholeFirst = (text: string, n: number) => {
      const flat = text.replace(/\s+/g, ' ').trim();
      if (flat.length <= n) return flat;
      const room = flat.slice(0, n);
      const cut = room.lastIndexOf(' ');
      return `${(cut > 0 ? room.slice(0, cut) : room.slice(0, n - 1)).replace(/[\s,;:.\-–—]+$/u, '')}…`;
    };
    const pieces = fc.constantFrom('word', 'a', ' ', '  ', '\n\n', '\t', ',', '.', '—', 'longerword', ' '.repeat(90));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 300 }).map((p) => p.join('')), fc.integer({ min: 3, max: 120 }), (text, n) => teaser(text, n) === wholeFirst(text, n)),
      { numRuns: 2000 },
    );
  });
  it('never exceeds the limit', () => {
    for (let n = 5; n < 60; n++) expect(teaser('lorem ipsum dolor sit amet consectetur adipiscing elit sed do', n).length).toBeLessThanOrEqual(n + 1);
  });
});

describe('dates', () => {
  it('formats like the seed page', () => {
    expect(formatDate(new Date('2012-07-23T10:00:00Z'))).toBe('July 23, 2012');
  });
  it('formats in another language', () => {
    expect(formatDate(new Date('2012-07-23T10:00:00Z'), 'fr-FR')).toBe('23 juillet 2012');
  });
  it('respects the time zone', () => {
    expect(formatDate(Date.UTC(2012, 6, 23, 23, 30), 'en-US', 'Asia/Tokyo')).toBe('July 24, 2012');
  });
  it('formats months and ISO dates', () => {
    expect(formatMonth(2012, 7)).toBe('July 2012');
    expect(isoDate(Date.UTC(2012, 6, 23))).toBe('2012-07-23T00:00:00.000Z');
  });
});

describe('leadSentences', () => {
  it('keeps whole opening sentences within the limit', () => {
    expect(leadSentences('First sentence here. Second one. Third sentence is long.', 35)).toBe('First sentence here. Second one.');
  });
  it('returns a short text whole and cuts a long first sentence as a teaser', () => {
    expect(leadSentences('  Short.  ', 50)).toBe('Short.');
    expect(leadSentences('A very long opening sentence without any stop', 20)).toBe('A very long opening…');
  });
});

import { describe, expect, it } from 'vitest';
import { distinct, parseFeedDate, sitePath } from './feed-values.ts';

describe('parseFeedDate', () => {
  it('reads RFC 822 dates with offsets and zone names', () => {
    expect(parseFeedDate('Mon, 23 Jul 2012 10:00:00 +0100')).toBe(Date.UTC(2012, 6, 23, 9));
    expect(parseFeedDate('Mon, 23 Jul 2012 10:00:00 EDT')).toBe(Date.UTC(2012, 6, 23, 14));
    expect(parseFeedDate('23 Jul 12 10:00 GMT')).toBe(Date.UTC(2012, 6, 23, 10));
  });

  it('reads ISO 8601 dates', () => {
    expect(parseFeedDate('2012-08-01T09:00:00+01:00')).toBe(Date.UTC(2012, 7, 1, 8));
    expect(parseFeedDate('2012-08-01')).toBe(Date.UTC(2012, 7, 1));
  });

  it('reads a date without a zone as UTC, whatever the machine zone', () => {
    expect(parseFeedDate('2012-07-23 10:00:00')).toBe(Date.UTC(2012, 6, 23, 10));
    expect(parseFeedDate('Mon, 23 Jul 2012 10:00:00')).toBe(Date.UTC(2012, 6, 23, 10));
    expect(parseFeedDate('Jul 23, 2012')).toBe(Date.UTC(2012, 6, 23));
  });

  it('refuses what is not a date, and a year-less number V8 would accept', () => {
    expect([parseFeedDate('sometime last week'), parseFeedDate('12'), parseFeedDate('2012-13-45 99:00:00')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('sitePath', () => {
  it('gives the path and query of a link on the same site, ignoring scheme and www', () => {
    expect(sitePath('http://www.example.com/2012/07/old-post/', 'https://example.com/')).toBe('/2012/07/old-post/');
    expect(sitePath('https://example.com/?p=12', 'https://example.com')).toBe('/?p=12');
  });

  it('gives nothing for another site, the home page, or no site', () => {
    expect([sitePath('https://other.example/a', 'https://example.com/'), sitePath('https://example.com/', 'https://example.com/'), sitePath('/a', undefined)]).toEqual([undefined, undefined, undefined]);
  });

  it('reads a relative link against the site', () => {
    expect(sitePath('/archive/1.html', 'https://example.com/')).toBe('/archive/1.html');
  });
});

describe('distinct', () => {
  it('keeps the first spelling of each name, without blanks', () => {
    expect(distinct(['ANPR', ' anpr ', '', 'Tolls'])).toEqual(['ANPR', 'Tolls']);
  });
});

import { describe, expect, it } from 'vitest';
import { isLive, matches } from './targeting.ts';

const anywhere = { sections: [], tags: [], companies: [], avoidCompanies: [] };

describe('matches: campaign targeting against what a page is about', () => {
  it('puts an untargeted campaign on any page, even one about nothing', () => {
    expect(matches(anywhere, {})).toBe(true);
    expect(matches(anywhere, { section: 'rail', tags: ['anpr'], companies: [1] })).toBe(true);
  });

  it('needs one match within each kind of condition it sets, and every kind', () => {
    const c = { ...anywhere, sections: ['tolling', 'rail'], companies: [7, 8] };
    expect(matches(c, { section: 'rail', companies: [8] })).toBe(true);
    expect(matches(c, { section: 'rail', companies: [9] })).toBe(false);
    expect(matches(c, { section: 'parking', companies: [7] })).toBe(false);
    expect(matches(c, {})).toBe(false);
    expect(matches({ ...anywhere, tags: ['anpr'] }, { tags: ['gantries', 'anpr'] })).toBe(true);
  });

  it('keeps away from every page naming a company it avoids, whatever else matches', () => {
    const c = { ...anywhere, companies: [7], avoidCompanies: [9] };
    expect(matches(c, { companies: [7] })).toBe(true);
    expect(matches(c, { companies: [7, 9] })).toBe(false);
    expect(matches({ ...anywhere, avoidCompanies: [9] }, { companies: [9] })).toBe(false);
  });
});

describe('isLive: dates and caps', () => {
  const open = { startsAt: null, endsAt: null, impressionCap: null, clickCap: null };
  const counted = (impressions: number, clicks: number) => [{ impressions, clicks }];

  it('runs from its start (inclusive) to its end (exclusive)', () => {
    const c = { ...open, startsAt: 100, endsAt: 200 };
    expect([99, 100, 199, 200].map((now) => isLive(c, [], now))).toEqual([false, true, true, false]);
    expect(isLive(open, [], 0)).toBe(true);
  });

  it('stops at a cap over all its creatives', () => {
    expect(isLive({ ...open, impressionCap: 10 }, [...counted(4, 0), ...counted(5, 0)], 0)).toBe(true);
    expect(isLive({ ...open, impressionCap: 10 }, [...counted(4, 0), ...counted(6, 0)], 0)).toBe(false);
    expect(isLive({ ...open, clickCap: 2 }, counted(100, 2), 0)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { RelatedEngine } from './related-engine.ts';
import type { RelatedDoc } from './types.ts';

const DAY = 86_400_000;

function doc(id: number, title: string, body: string, over: Partial<RelatedDoc> = {}): RelatedDoc {
  return { id, title, standfirst: '', body, section: null, tags: [], companies: [], publishedAt: id * DAY, ...over };
}

const ARTICLES: RelatedDoc[] = [
  doc(1, 'Toll gantries go live', 'Electronic toll gantries on the motorway read number plates.', {
    companies: ['kapsch'],
  }),
  doc(2, 'New toll gantries for the ring road', 'The ring road gets electronic toll gantries and cameras.', {
    companies: ['kapsch'],
  }),
  doc(3, 'Rail freight grows', 'Rail freight volumes grew as shippers moved containers to trains.'),
  doc(4, 'Container trains', 'Shippers move more containers by rail freight trains.'),
  doc(5, 'Cameras enforce speed limits', 'Speed cameras on the motorway enforce limits with number plates.'),
];

function engine(): RelatedEngine {
  const e = new RelatedEngine({ weights: { recencyStrength: 0 } });
  e.load(ARTICLES);
  return e;
}

describe('RelatedEngine', () => {
  it('lists related articles for a loaded article, explained in its own words', () => {
    const list = engine().related(1);
    expect(list.map((i) => i.id)).toEqual([2, 5]);
    expect(list[0]!.why).toMatchObject({
      sharedCompanies: ['kapsch'],
      // Equal weights: terms in alphabetical order of their stems (gantri, toll, electron).
      sharedTerms: ['gantries', 'toll', 'electronic'],
      ageDays: -1,
    });
    expect(list[1]!.why.sharedTerms).toEqual(['motorway', 'number', 'plates']);
  });

  it('keeps corpus statistics and company frequencies', () => {
    const e = engine();
    expect(e.docCount).toBe(5);
    expect(e.stats.docCount).toBe(5);
    expect(e.stats.df('toll')).toBe(2);
    expect(e.companyDf('kapsch')).toBe(2);
    expect([...e.ids()]).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes a newly published article into the lists it belongs to', () => {
    const e = engine();
    e.upsert(doc(6, 'Port of Rotterdam expands', 'The port of Rotterdam adds berths; more containers leave by freight trains.'));
    expect(e.stats.docCount).toBe(6);
    expect(e.related(6).map((i) => i.id)).toEqual([4, 3]);
    expect(e.related(3).map((i) => i.id)).toContain(6);
  });

  it('re-counts a changed article: its old words no longer relate it', () => {
    const e = engine();
    e.upsert(doc(5, 'Rail freight record', 'Rail freight trains and containers set a record.'));
    expect(e.stats.docCount).toBe(5);
    expect(e.stats.df('camera')).toBe(1);
    expect(e.related(1).map((i) => i.id)).toEqual([2]);
    expect(e.related(5).map((i) => i.id)).toEqual([4, 3]);
  });

  it('forgets an unpublished article everywhere', () => {
    const e = engine();
    expect(e.remove(2)).toBe(true);
    expect(e.remove(2)).toBe(false);
    expect(e.has(2)).toBe(false);
    expect(e.stats.docCount).toBe(4);
    expect(e.stats.df('gantri')).toBe(1);
    expect(e.companyDf('kapsch')).toBe(1);
    expect(e.related(1).map((i) => i.id)).toEqual([5]);
    expect(() => e.related(2)).toThrow(expect.objectContaining({ code: 'MH_RELATED_ARTICLE_UNKNOWN', statusCode: 404 }));
  });

  it('shows a re-run of the story second, not first', () => {
    const e = engine();
    e.upsert({ ...ARTICLES[0]!, id: 9, publishedAt: 9 * DAY });
    const list = e.related(1);
    expect(list.map((i) => [i.id, i.why.nearDuplicate])).toEqual([
      [2, false],
      [9, true],
      [5, false],
    ]);
  });

  it('leaves out articles the caller excludes', () => {
    expect(engine().related(1, 6, { exclude: new Set([2]) }).map((i) => i.id)).toEqual([5]);
  });

  it('stops at n', () => {
    expect(engine().related(1, 1).map((i) => i.id)).toEqual([2]);
  });

  it('counts tags by their folded key', () => {
    const e = new RelatedEngine();
    e.load([doc(1, 'a b', 'toll', { tags: ['Smart Cities'] }), doc(2, 'c d', 'toll', { tags: ['smart cities'] })]);
    expect(e.tagDf('smart cities')).toBe(2);
    e.remove(1);
    expect(e.tagDf('smart cities')).toBe(1);
  });
});

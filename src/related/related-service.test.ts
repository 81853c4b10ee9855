import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { importLines } from '../import/index.ts';
import { RelatedService } from './related-service.ts';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

const DAY = 86_400_000;
// No shared standfirst: in a five-article archive a common sentence would relate everything.
const story = (o: Parameters<typeof article>[0]) => article({ standfirst: '', ...o });
const ids = async (id: number) => ((await app.store.related.get(id)) ?? []).map((r) => r.relatedId);

// A small archive: two tolling stories, two battery stories, a rail story.
async function archive() {
  const toll1 = await app.pipeline.save(
    story({ headline: 'Free-flow tolling gantries go live on the M6', body: 'Gantries read number plates and tolling moves to free-flow charging. Drivers pay tolling charges online.', section: 'Tolling', tags: ['ANPR'], publishedAt: NOW - 30 * DAY }),
  );
  const battery1 = await app.pipeline.save(
    story({ headline: 'Battery cell plant breaks ground in Lyon', body: 'The battery cell plant will supply cathode and anode material for electric vans. Battery output starts in 2027.', section: 'Electric Vehicles', tags: ['Battery'], publishedAt: NOW - 20 * DAY }),
  );
  const rail = await app.pipeline.save(story({ headline: 'Signalling upgrade for regional rail', body: 'Digital signalling replaces lineside signals on regional rail lines.', section: 'Rail', tags: ['ETCS'], publishedAt: NOW - 10 * DAY }));
  return { toll1, battery1, rail };
}

// Ten tolling stories, one a town, a day apart (Leeds the newest, York the oldest): every list full at 6.
async function tollingTowns() {
  const places = ['Leeds', 'Bristol', 'Cardiff', 'Dundee', 'Exeter', 'Norwich', 'Oxford', 'Preston', 'Swansea', 'York'];
  const saved = [];
  for (const [i, place] of places.entries()) {
    saved.push(
      await app.pipeline.save(
        story({ headline: `Tolling gantries go live in ${place}`, body: `Free-flow tolling gantries read number plates in ${place}. The ${place} council expects ${i + 2} lanes of traffic.`, publishedAt: NOW - i * DAY }),
      ),
    );
  }
  return saved;
}

describe('related content kept current by the publish pipeline', () => {
  it('lists the most related article first, with reasons', async () => {
    const { toll1, battery1 } = await archive();
    const toll2 = await app.pipeline.save(
      story({ headline: 'Tolling gantries: free-flow charging reaches the M25', body: 'Free-flow tolling gantries and number plates: tolling charges are paid online.', section: 'Tolling', tags: ['ANPR'], publishedAt: NOW - 5 * DAY }),
    );
    expect((await ids(toll2.id))[0]).toBe(toll1.id);
    const top = (await app.store.related.get(toll2.id))![0]!;
    expect(top.why).toMatchObject({ sameSection: true, sharedTags: ['ANPR'], ageDays: 25, nearDuplicate: false });
    expect(top.why.sharedTerms).toEqual(expect.arrayContaining(['tolling', 'gantries']));
    expect(top.score).toBeGreaterThan(0);
    // The new story entered the older story's list too.
    expect((await ids(toll1.id))[0]).toBe(toll2.id);
    expect(await ids(toll2.id)).not.toContain(battery1.id === toll2.id ? -1 : toll2.id);
  });

  it('takes a changed article out of lists it no longer belongs in', async () => {
    const { toll1 } = await archive();
    const base = story({ sourceId: 'moving', headline: 'Tolling gantries on the M25', body: 'Free-flow tolling gantries read number plates for tolling charges.', section: 'Tolling', publishedAt: NOW - 2 * DAY });
    const moving = await app.pipeline.save(base);
    expect(await ids(toll1.id)).toContain(moving.id);
    await app.pipeline.save({ ...base, headline: 'Hydrogen ferries for the islands', body: 'Hydrogen ferries and harbour refuelling for island routes.', section: 'Maritime' });
    expect(await ids(toll1.id)).not.toContain(moving.id);
  });

  it('removes an unpublished article from every list', async () => {
    const { toll1 } = await archive();
    const base = story({ sourceId: 'gone', headline: 'More free-flow tolling gantries', body: 'Tolling gantries and free-flow charging with number plates.', section: 'Tolling', publishedAt: NOW - DAY });
    const gone = await app.pipeline.save(base);
    expect(await ids(toll1.id)).toContain(gone.id);
    await app.pipeline.save({ ...base, status: 'draft' });
    expect(await ids(toll1.id)).not.toContain(gone.id);
    expect(await app.store.related.get(gone.id)).toBeUndefined();
  });

  it('never puts a re-run of the same story first', async () => {
    const { toll1 } = await archive();
    const rerun = await app.pipeline.save(
      story({ headline: 'Free-flow tolling gantries go live on the M6', body: 'Gantries read number plates and tolling moves to free-flow charging. Drivers pay tolling charges online.', section: 'Tolling', tags: ['ANPR'], publishedAt: NOW - DAY }),
    );
    const list = await app.store.related.get(rerun.id);
    expect(list?.[0]?.relatedId).not.toBe(toll1.id);
    const dup = list?.find((r) => r.relatedId === toll1.id);
    if (dup) expect(dup.why.nearDuplicate).toBe(true);
  });

  it('serves stored lists on the article page and the API', async () => {
    const { toll1 } = await archive();
    const toll2 = await app.pipeline.save(story({ headline: 'Tolling gantries on the A1', body: 'Free-flow tolling gantries read number plates.', section: 'Tolling', publishedAt: NOW - DAY }));
    const api = (await app.http.inject({ method: 'GET', url: `/api/v1/articles/${toll2.slug}/related` })).json() as { id: number; why: { sharedTerms: string[] } }[];
    expect(api[0]?.id).toBe(toll1.id);
    expect(api[0]?.why.sharedTerms.length).toBeGreaterThan(0);
    const page = (await app.http.inject({ method: 'GET', url: `/news/${toll2.slug}` })).body;
    expect(page).toContain(`href="/news/${toll1.slug}"`);
  });

  it('leaves bulk imports to one rebuild, which fills every list', async () => {
    const lines = [
      { id: 'i1', title: 'Congestion charge zone grows', body: 'The congestion charge zone grows to cover the ring road and the airport. Residents get a discount for the first year.' },
      { id: 'i2', title: 'Council approves congestion charge budget', body: 'The council approved the budget for the congestion charge, with a contractor to be named in spring.' },
      { id: 'i3', title: 'Airport traffic falls on the ring road', body: 'Traffic on the ring road to the airport fell after the new bus lanes opened.' },
      { id: 'i4', title: 'Night trains return to the Alps', body: 'Sleeper trains and night trains return to Alpine routes.' },
    ].map((r) => JSON.stringify(r));
    await importLines(lines, app.pipeline, { defaultDate: NOW });
    const [i1, i2, i3, i4] = await Promise.all(['i1', 'i2', 'i3', 'i4'].map(async (s) => Number((await app.store.articles.findBySourceId(s))!.id)));
    expect(await app.store.related.get(i1!)).toBeUndefined();
    const r = await app.related.rebuild();
    expect(r.articles).toBe(4);
    expect((await ids(i1!)).sort()).toEqual([i2, i3].sort());
    expect(await ids(i4!)).toEqual([]);
    // After the rebuild, single saves keep the lists current again.
    const i5 = await app.pipeline.save(story({ headline: 'Congestion charge discount extended', body: 'The congestion charge discount for residents near the ring road is extended.', publishedAt: NOW }));
    expect(await ids(i1!)).toContain(i5.id);
  });

  it('computes a list longer than the stored one on demand, with the stored list as its prefix', async () => {
    const saved = await tollingTowns();
    const first = saved[0]!.id;
    const stored = await ids(first);
    expect(stored).toHaveLength(6);
    const longer = (await app.related.listFor(first, 9))!.map((it) => it.id);
    expect(longer).toHaveLength(9);
    expect(longer.slice(0, 6)).toEqual(stored);
    expect(new Set(longer).size).toBe(9);
    // Not stored: page views keep the site's list length.
    expect(await ids(first)).toEqual(stored);
    expect((await app.related.listFor(first, 3))!.map((it) => it.id)).toEqual(stored.slice(0, 3));
  });

  it('puts a new article into the full lists it beats, and leaves the others as they were', async () => {
    const saved = await tollingTowns();
    const before = new Map<number, number[]>();
    for (const s of saved) before.set(s.id, await ids(s.id));
    for (const list of before.values()) expect(list).toHaveLength(6);
    const fresh = await app.pipeline.save(
      story({ headline: 'Tolling gantries go live in Leeds and York', body: 'Free-flow tolling gantries read number plates in Leeds and York. Both the Leeds and the York council expect more lanes of traffic.', publishedAt: NOW }),
    );
    const leeds = await ids(saved[0]!.id);
    const york = await ids(saved[9]!.id);
    expect(leeds[0]).toBe(fresh.id);
    expect(york[0]).toBe(fresh.id);
    for (const s of saved) {
      const after = await ids(s.id);
      expect(after).toHaveLength(6);
      // Entered: the one entry it beats last goes; not entered: untouched.
      if (after.includes(fresh.id)) expect(after.filter((id) => id !== fresh.id).every((id) => before.get(s.id)!.includes(id))).toBe(true);
      else expect(after).toEqual(before.get(s.id));
    }
  });

  it('computes a missing list on demand', async () => {
    await importLines(
      [
        JSON.stringify({ id: 'a', title: 'Bus lane cameras fine drivers', body: 'Bus lane cameras fine drivers in bus lanes.' }),
        JSON.stringify({ id: 'b', title: 'Bus lane enforcement cameras', body: 'Enforcement cameras watch bus lanes and fine drivers.' }),
      ],
      app.pipeline,
      { defaultDate: NOW },
    );
    await app.related.rebuild();
    await importLines([JSON.stringify({ id: 'c', title: 'More bus lane cameras', body: 'More cameras for bus lanes and fines for drivers.' })], app.pipeline, { defaultDate: NOW });
    const c = (await app.store.articles.findBySourceId('c'))!;
    const items = await app.related.listFor(Number(c.id));
    expect(items?.length).toBe(2);
  });

  it('stores the same lists, signatures and statistics when a second thread splits words and scans, row for row', async () => {
    // Three chunks of the rebuild (500 articles each), so the workers split words and scan ahead
    // of this thread and the share of each chunk they take moves. Words drawn with a skewed
    // frequency; every 40th story a re-run of one, so near-duplicates crowd the candidate pool.
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const vocab = Array.from({ length: 1_500 }, (_, i) => `${['tol', 'bat', 'rai', 'gan', 'cam', 'lan'][i % 6]}${i.toString(36)}q`);
    const text = (n: number) => Array.from({ length: n }, () => vocab[Math.floor(vocab.length * rnd() ** 3)]).join(' ');
    const rerun = text(50);
    const lines = Array.from({ length: 1_200 }, (_, i) =>
      JSON.stringify({ id: `s${i}`, title: i % 40 ? text(5) : 'Gantries go live', body: i % 40 ? text(40 + (i % 60)) : `${rerun} ${text(1)}`, section: `S${i % 5}`, tags: [`t${i % 9}`] }),
    );
    await importLines(lines, app.pipeline, { defaultDate: NOW });
    const all = (await app.store.articles.allIds()).map(Number);
    const stored = async () => {
      const lists = await Promise.all(all.map((id) => app.store.related.get(id)));
      const [df, corpus] = await Promise.all([app.store.relatedIndex.df([...vocab, ...vocab.map((w) => w.slice(0, -1))]), app.store.relatedIndex.corpus()]);
      return { lists, signatures: await app.store.relatedIndex.signatures(all), df, corpus };
    };
    const rebuild = (scanThread: boolean) => new RelatedService({ store: app.store, count: 6, scanThread }).rebuild();
    await rebuild(false);
    const alone = await stored();
    await app.store.transaction((repos) => repos.related.putMany(all.map((articleId) => ({ articleId, items: [] }))));
    await rebuild(true);
    const threaded = await stored();
    expect(alone.lists.filter((l) => l?.length === 6).length).toBeGreaterThan(1_000);
    expect(threaded.lists).toEqual(alone.lists);
    expect(threaded.signatures).toEqual(alone.signatures);
    expect(alone.df.size).toBeGreaterThan(1_000);
    expect([threaded.df, threaded.corpus]).toEqual([alone.df, alone.corpus]);
  });
});

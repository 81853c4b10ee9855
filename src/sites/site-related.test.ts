import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { importLines } from '../import/index.ts';

/**
 * Related content with several sites: each site's list of an article draws only from that site's
 * articles (home or cross-published there) and is still a full list, even when another site's
 * stories are the closest in text.
 */

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

const HOUR = 3600_000;
const FILLER = ['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir', 'ginkgo', 'hazel', 'juniper', 'larch'];

/** Eight loosely related tolling stories on site A, eight close ones on site B, and A's query story. */
async function archive(bSiteId: number) {
  const a: number[] = [];
  const b: number[] = [];
  for (const [i, word] of FILLER.slice(0, 8).entries()) {
    const onA = await app.pipeline.save(
      article({ headline: `Tolling review for ${word} county`, standfirst: '', body: `The ${word} county council reviews tolling on local roads and the ${word} bypass.`, section: 'Roads', tags: [], publishedAt: NOW - (i + 2) * HOUR }),
    );
    a.push(onA.id);
    const onB = await app.pipeline.save(
      article({
        headline: `Free-flow tolling gantries charge drivers in ${word}`,
        standfirst: '',
        body: `Free-flow tolling gantries read number plates and charge drivers online near ${word}. Gantries replace toll booths.`,
        section: 'Highways',
        tags: [],
        siteId: bSiteId,
        publishedAt: NOW - (i + 2) * HOUR,
      }),
    );
    b.push(onB.id);
  }
  const query = await app.pipeline.save(
    article({ headline: 'Free-flow tolling gantries go live', standfirst: '', body: 'Free-flow tolling gantries read number plates; drivers pay tolling charges online. Gantries replace toll booths.', section: 'Roads', tags: [], publishedAt: NOW - HOUR }),
  );
  return { a: new Set(a), b: new Set(b), query: query.id, querySlug: query.slug };
}

/** The related list a site's pages show for an article: ids, through the catalog. */
const shown = async (articleId: number, siteId: number) => (await app.catalog.forSite(siteId).related(articleId, undefined, 6, 0)).items.map((it) => it.article.id);

describe('related lists with several sites', () => {
  for (const how of ['kept current by the pipeline', 'rebuilt'] as const) {
    it(`draw a full list from the site's own articles only (${how})`, async () => {
      const bSite = await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'] });
      const { a, b, query } = await archive(bSite.id);
      if (how === 'rebuilt') await app.related.rebuild();
      const onA = await shown(query, 1);
      expect(onA).toHaveLength(6);
      for (const id of onA) expect(a.has(id), `article ${id} is not on site A`).toBe(true);
      // A B story's list on B: B's stories only, six of them.
      const bStory = [...b][0]!;
      const onB = await shown(bStory, bSite.id);
      expect(onB).toHaveLength(6);
      for (const id of onB) expect(b.has(id)).toBe(true);
      // The CLI's read (`related ARTICLE --site`) agrees with the page.
      expect((await app.related.listFor(query, 6, 1))!.map((it) => it.id)).toEqual(onA);
    });
  }

  it('give a cross-published article a full list on each of its sites', async () => {
    const bSite = await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'] });
    const { a, b } = await archive(bSite.id);
    const shared = await app.pipeline.save(
      article({ headline: 'Tolling gantries for every county', standfirst: '', body: 'Free-flow tolling gantries and county tolling reviews on local roads.', section: 'Roads', tags: [], alsoOn: [bSite.id], publishedAt: NOW }),
    );
    for (const how of ['pipeline', 'rebuild']) {
      if (how === 'rebuild') await app.related.rebuild();
      const onA = await shown(shared.id, 1);
      const onB = await shown(shared.id, bSite.id);
      expect(onA, how).toHaveLength(6);
      expect(onB, how).toHaveLength(6);
      for (const id of onA) expect(a.has(id), how).toBe(true);
      for (const id of onB) expect(b.has(id), how).toBe(true);
      expect((await app.related.listFor(shared.id, 6, bSite.id))!.map((it) => it.id)).toEqual(onB);
    }
    // `related --all --site B`: lists longer than stored, computed within B.
    const all = await app.related.computeAll(8, undefined, bSite.id);
    for (const id of (all.get(shared.id) ?? []).map((it) => it.id)) expect(b.has(id)).toBe(true);
    expect(all.get(shared.id)).toHaveLength(8);
  });

  it('read a full own-site list for an article imported in bulk, before its list is stored', async () => {
    const bSite = await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'] });
    const { b } = await archive(bSite.id);
    const record = { id: 'b-bulk', title: 'Free-flow tolling gantries charge drivers in maple', body: 'Free-flow tolling gantries read number plates and charge drivers online near maple.', date: new Date(NOW).toISOString() };
    await importLines([JSON.stringify(record)], app.pipeline, { siteId: bSite.id });
    const bulk = Number((await app.store.articles.findBySourceId('b-bulk'))!.id);
    expect(await app.store.related.get(bulk)).toBeUndefined();
    const list = (await app.related.listFor(bulk, 6, bSite.id))!.map((it) => it.id);
    expect(list).toHaveLength(6);
    for (const id of list) expect(b.has(id)).toBe(true);
  });

  it('rank over every article while there is one site', async () => {
    const { a, b, query } = await archive(1);
    const list = await shown(query, 1);
    expect(list).toHaveLength(6);
    // B's stories (here on the one site too) are the closest in text and lead the list.
    expect(b.has(list[0]!)).toBe(true);
    expect(list.some((id) => a.has(id) || b.has(id))).toBe(true);
  });
});

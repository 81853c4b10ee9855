import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { parseQuery } from '../search/index.ts';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

const searchIds = async (q: string) =>
  (await app.store.search.search({ query: parseQuery(q), sort: 'relevance', limit: 10, offset: 0 })).hits.map((h) => h.id);

describe('publish pipeline', () => {
  it('creates an article with a Pathauto slug, section, tags and authors', async () => {
    const r = await app.pipeline.save(article({ headline: 'Renault-Nissan Alliance invests $160 million in Korea', tags: ['EV', 'Korea'], authors: ['Ada', 'Bo'] }));
    expect(r.outcome).toBe('created');
    expect(r.slug).toBe('renault-nissan-alliance-invests-160-million-korea');
    const tags = await app.store.taxonomy.tagsOf([r.id]);
    const authors = await app.store.taxonomy.authorsOf([r.id]);
    expect(tags.get(r.id)?.map((t) => t.name)).toEqual(['EV', 'Korea']);
    expect(authors.get(r.id)?.map((a) => a.name)).toEqual(['Ada', 'Bo']);
    expect((await app.store.taxonomy.sectionBySlug('tolling'))?.name).toBe('Tolling');
  });

  it('updates by source id instead of duplicating, and writes nothing when unchanged', async () => {
    const first = await app.pipeline.save(article({ sourceId: 'src-1', headline: 'Original headline' }));
    const again = await app.pipeline.save(article({ sourceId: 'src-1', headline: 'Original headline', publishedAt: NOW - 3600_000 }));
    expect(again.id).toBe(first.id);
    const same = await app.pipeline.save({ ...article({ sourceId: 'src-1', headline: 'Original headline', publishedAt: NOW - 3600_000 }) });
    expect(same.outcome).toBe('unchanged');
    expect(await app.store.articles.countPublished()).toBe(1);
  });

  it('numbers colliding slugs the Pathauto way', async () => {
    const a = await app.pipeline.save(article({ headline: 'Same headline' }));
    const b = await app.pipeline.save(article({ headline: 'Same headline' }));
    const c = await app.pipeline.save(article({ headline: 'Same headline' }));
    expect([a.slug, b.slug, c.slug]).toEqual(['same-headline', 'same-headline-0', 'same-headline-1']);
  });

  it('keeps a published slug when the headline changes', async () => {
    const a = await app.pipeline.save(article({ sourceId: 'x', headline: 'First version' }));
    const b = await app.pipeline.save(article({ sourceId: 'x', headline: 'Second version' }));
    expect(b.slug).toBe(a.slug);
  });

  it('lets a draft slug follow its headline', async () => {
    const a = await app.pipeline.save(article({ sourceId: 'd', headline: 'Draft one', status: 'draft' }));
    const b = await app.pipeline.save(article({ sourceId: 'd', headline: 'Draft two', status: 'draft' }));
    expect([a.slug, b.slug]).toEqual(['draft-one', 'draft-two']);
  });

  it('redirects the old URL when an editor changes a published slug', async () => {
    const a = await app.pipeline.save(article({ sourceId: 'r', headline: 'Moving story' }));
    await app.pipeline.save(article({ sourceId: 'r', headline: 'Moving story', slug: 'moved-story' }));
    expect(await app.store.redirects.find(`/news/${a.slug}`)).toMatchObject({ to_path: '/news/moved-story', status: 301 });
  });

  it('keeps a revision for each content change', async () => {
    const base = article({ sourceId: 'rev' });
    const a = await app.pipeline.save({ ...base, body: 'One.' });
    await app.pipeline.save({ ...base, body: 'Two.' });
    expect((await app.pipeline.save({ ...base, body: 'Two.' })).outcome).toBe('unchanged');
    const revisions = await app.store.revisions.list(a.id);
    expect(revisions.map((r) => r.body)).toEqual(['Two.', 'One.']);
  });

  it('indexes published articles and removes unpublished ones from search', async () => {
    const a = await app.pipeline.save(article({ sourceId: 's', headline: 'Congestion charging in Stockholm' }));
    expect(await searchIds('stockholm')).toEqual([a.id]);
    await app.pipeline.save(article({ sourceId: 's', headline: 'Congestion charging in Stockholm', status: 'draft' }));
    expect(await searchIds('stockholm')).toEqual([]);
  });

  it('does not index drafts', async () => {
    await app.pipeline.save(article({ headline: 'Secret draft about hyperloops', status: 'draft' }));
    expect(await searchIds('hyperloops')).toEqual([]);
  });

  it('refuses invalid input with a clear error', async () => {
    await expect(app.pipeline.save(article({ headline: '  ' }))).rejects.toMatchObject({ code: 'MH_INVALID_ARTICLE', message: 'Invalid article: headline is empty' });
    await expect(app.pipeline.save(article({ status: 'scheduled', publishedAt: null }))).rejects.toMatchObject({ code: 'MH_INVALID_ARTICLE' });
  });

  it('refuses a publish time outside the four-digit years, which would pin an article above all others', async () => {
    for (const publishedAt of [Date.parse('+099999-01-01T00:00:00Z'), Date.UTC(10000, 0, 1), Date.parse('0999-12-31T23:59:59Z'), Number.NaN]) {
      await expect(app.pipeline.save(article({ publishedAt }))).rejects.toMatchObject({ code: 'MH_INVALID_ARTICLE', message: 'Invalid article: the publish time must be in the years 1000 to 9999' });
    }
    await app.pipeline.save(article({ headline: 'Last moment', publishedAt: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }));
    expect(await app.store.articles.countPublished()).toBe(1);
  });

  it('rolls a whole batch back when one record fails', async () => {
    await expect(app.pipeline.saveMany([{ input: article({ headline: 'Good one' }) }, { input: article({ body: '' }) }])).rejects.toMatchObject({ code: 'MH_INVALID_ARTICLE' });
    expect(await app.store.articles.countPublished()).toBe(0);
  });

  it('publishes scheduled articles when due, keeping their links', async () => {
    const s = await app.pipeline.save(article({ headline: 'Scheduled story', status: 'scheduled', publishedAt: NOW + 60_000, tags: ['Later'] }));
    expect(await app.pipeline.publishDue()).toEqual([]);
    app.clock.now = NOW + 61_000;
    expect(await app.pipeline.publishDue()).toEqual([s.id]);
    const row = await app.store.articles.findById(s.id);
    expect(row?.status).toBe('published');
    expect((await app.store.taxonomy.tagsOf([s.id])).get(s.id)?.map((t) => t.name)).toEqual(['Later']);
  });

  it('tells listeners which articles changed, and bumps the content version', async () => {
    const seen: number[][] = [];
    app.pipeline.onChange((ids) => {
      seen.push([...ids]);
    });
    const before = await app.store.state.contentVersion();
    const a = await app.pipeline.save(article());
    await app.pipeline.save(article({ sourceId: null }));
    expect(seen[0]).toEqual([a.id]);
    expect(await app.store.state.contentVersion()).toBe(before + 2);
  });
});

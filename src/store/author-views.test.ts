import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { dayOf } from './index.ts';

describe('author profiles and view counters (both engines)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await makeTestApp();
  });
  afterEach(() => app.close());

  it('keeps an author’s bio and photo, lists authors with their article counts, and names who uses a photo', async () => {
    await app.pipeline.save(article({ headline: 'One', authors: ['Ada Lovelace'] }));
    await app.pipeline.save(article({ headline: 'Two', authors: ['Ada Lovelace', 'Charles Babbage'] }));
    const ada = (await app.store.authors.bySlug('ada-lovelace'))!;
    expect(ada).toMatchObject({ name: 'Ada Lovelace', bio: '', photoMediaId: null });
    await app.store.authors.setProfile(ada.id, 'Writes about engines.', 42);
    expect(await app.store.authors.byId(ada.id)).toMatchObject({ bio: 'Writes about engines.', photoMediaId: 42 });
    expect((await app.store.authors.list()).map((a) => [a.name, a.articles])).toEqual([
      ['Ada Lovelace', 2],
      ['Charles Babbage', 1],
    ]);
    expect(await app.store.authors.withPhoto(42)).toEqual(['Ada Lovelace']);
    expect(await app.store.authors.withPhoto(43)).toEqual([]);
    const babbage = (await app.store.authors.bySlug('charles-babbage'))!;
    expect(await app.store.authors.photosOf([ada.id, babbage.id])).toEqual(new Map([[ada.id, 42]]));
  });

  it('counts views per article and day in concurrent upserts, only of published articles, and ranks the most read over a window', async () => {
    const a = await app.pipeline.save(article({ headline: 'Read a lot' }));
    const b = await app.pipeline.save(article({ headline: 'Read a little' }));
    const draft = await app.pipeline.save(article({ headline: 'Not out yet', status: 'draft' }));
    const today = dayOf(NOW);
    // Concurrent counts of one row must all land (one atomic upsert each).
    expect((await Promise.all(Array.from({ length: 20 }, () => app.store.views.count(a.id, today)))).every(Boolean)).toBe(true);
    await app.store.views.count(a.id, today - 1);
    await app.store.views.count(b.id, today);
    for (let i = 0; i < 3; i++) await app.store.views.count(b.id, today - 10);
    expect(await app.store.views.count(draft.id, today)).toBe(false);
    expect(await app.store.views.count(999_999, today)).toBe(false);
    expect(await app.store.views.ofArticle(a.id)).toEqual([
      { day: today - 1, views: 1 },
      { day: today, views: 20 },
    ]);
    expect(await app.store.views.ofArticle(draft.id)).toEqual([]);
    expect(await app.store.views.mostRead(today - 6, 10)).toEqual([
      { articleId: a.id, views: 21 },
      { articleId: b.id, views: 1 },
    ]);
    // Older views count once the window reaches them.
    expect(await app.store.views.mostRead(today - 10, 1)).toEqual([{ articleId: a.id, views: 21 }]);
    expect((await app.store.views.mostRead(today - 10, 2))[1]).toEqual({ articleId: b.id, views: 4 });
  });
});

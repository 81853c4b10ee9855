import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, TEST_DB, type TestApp } from '../../test/support.ts';
import { latestOccurrence, parseSchedule } from './index.ts';

/**
 * A list on a site other than the first: the composer's "add a story" takes only that site's
 * stories, and the list's schedule runs in that site's time zone, not the first site's.
 */

let app: TestApp;
let aSlug: string;
let bSlug: string;
let sharedSlug: string;

beforeAll(async () => {
  app = await makeTestApp();
  await app.newsletters.stop();
  const b = await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'] });
  // Tokyo: 07:00 there is 22:00 UTC the day before, far from the first site's UTC 07:00.
  await app.sites.set(b.slug, { timeZone: 'Asia/Tokyo' });
  aSlug = (await app.pipeline.save(article({ headline: 'Zanzibarite tolls on the A road', publishedAt: NOW - 3_600_000 }))).slug;
  bSlug = (await app.pipeline.save(article({ headline: 'Bridge deck replaced on the M4', siteId: b.id, publishedAt: NOW - 7_200_000 }))).slug;
  sharedSlug = (await app.pipeline.save(article({ headline: 'Cross-published gantry story', publishedAt: NOW - 5_400_000, alsoOn: [b.id] }))).slug;
  await app.newsletters.addList({ slug: 'highways-daily', name: 'Highways daily', siteId: b.id, schedule: 'daily 07:00' });
});
afterAll(() => app?.close());

describe(`a list on another site (${TEST_DB})`, () => {
  it('adds to its draft only stories on its site: another site’s is refused like an unknown one', async () => {
    const draft = await app.newsletters.draft('highways-daily');
    const keep = draft.parsedItems.map((i) => i.id);
    await expect(app.newsletters.updateDraft('highways-daily', { subject: 'Today', intro: '', keep, add: `https://news.example/news/${aSlug}` })).rejects.toMatchObject({ code: 'MH_INVALID_NEWSLETTER_LIST' });
    await app.newsletters.updateDraft('highways-daily', { subject: 'Today', intro: '', keep: keep.slice(0, 1), add: bSlug });
    await app.newsletters.updateDraft('highways-daily', { subject: 'Today', intro: '', keep: keep.slice(0, 1), add: sharedSlug });
    const after = await app.newsletters.draft('highways-daily');
    expect(after.parsedItems.map((i) => i.headline)).not.toContain('Zanzibarite tolls on the A road');
    expect(after.parsedItems.map((i) => i.headline)).toContain('Cross-published gantry story');
  });

  it('runs its schedule in its site’s time zone', async () => {
    const tokyo = latestOccurrence(parseSchedule('daily 07:00'), NOW + 86_400_000, 'Asia/Tokyo');
    // 22:01 UTC: Tokyo's 07:00 has just passed; the first site's (UTC) 07:00 of the day came before
    // the list was made, so read in the first site's zone nothing would be due.
    expect(tokyo).toBe(Date.UTC(2026, 10, 27, 22, 0, 0));
    app.clock.now = tokyo + 60_000;
    expect(await app.newsletters.runSchedules()).toEqual(['highways-daily']);
    const list = await app.newsletters.list('highways-daily');
    expect((await app.store.newsletters.latestIssue(list.id))!.scheduledFor).toBe(tokyo);
  });
});

import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { article, makeTestApp, NOW, TEST_DB, type TestApp } from '../../test/support.ts';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', 'accept-encoding': 'identity' };
const banner = async () => ({ filename: 'banner.png', data: await sharp({ create: { width: 600, height: 150, channels: 3, background: '#2a6' } }).png().toBuffer() });

describe(`composing an issue: sponsor slot and added stories (${TEST_DB})`, () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  async function setUp(): Promise<{ app: TestApp; sink: Awaited<ReturnType<typeof startSmtpSink>>; slugs: string[] }> {
    const sink = await startSmtpSink();
    closers.push(sink.close);
    const app = await makeTestApp({ SMTP_URL: sink.url, MAIL_RATE: '1000' });
    closers.push(() => app.close());
    await app.newsletters.stop();
    const slugs: string[] = [];
    for (const headline of ['Leeds road pricing starts', 'Depots charge overnight', 'Rail freight grows']) {
      slugs.push((await app.pipeline.save(article({ headline, publishedAt: NOW - (slugs.length + 1) * 3_600_000 }))).slug);
    }
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
    const { readers, newsletters } = app.store;
    const { reader } = await readers.ensure({ email: 'ana@example.com', status: 'active', source: 'import', now: NOW });
    await newsletters.subscribe((await newsletters.listBySlug('daily'))!.id, reader.id, 'import', NOW);
    return { app, sink, slugs };
  }

  it('gives the slot to the live newsletter ad, labels it Sponsored in the email, the text part and the archive, and counts its click', async () => {
    const { app, sink } = await setUp();
    // Ads in other slots never take it.
    await app.ads.addImageAd({ name: 'Site banner', weight: 9 }, await banner(), { slot: 'leaderboard', alt: 'Banner', url: 'https://ads.example/banner' }, 'test');
    const { id } = await app.ads.addImageAd({ name: 'Velora fleet', weight: 2 }, await banner(), { slot: 'newsletter', alt: 'Velora electric vans', url: 'https://velora.example/vans' }, 'test');
    const draft = await app.newsletters.draft('daily');
    expect(draft.parsedSponsor).toEqual({ creativeId: id, advertiser: 'Velora fleet', alt: 'Velora electric vans' });
    await app.newsletters.send('daily');
    await sink.waitFor(1);
    const mail = sink.received[0]!.parsed;
    expect(mail.html).toContain('Sponsored · Velora fleet');
    expect(mail.html).toContain(`href="https://news.example/ads/c/${id}"`);
    expect(mail.html).toContain('rel="sponsored noopener"');
    expect(mail.html).toContain(`src="https://news.example/ads/i/${id}"`);
    expect(mail.html).not.toContain('ads.example/banner');
    expect(mail.text).toContain(`SPONSORED · Velora fleet\nVelora electric vans\nhttps://news.example/ads/c/${id}`);
    // The click goes through the ads' counting redirect, to the creative's own URL only.
    const click = await app.http.inject({ method: 'GET', url: `/ads/c/${id}`, headers: BROWSER });
    expect(click.headers.location).toBe('https://velora.example/vans');
    expect((await app.store.ads.totals()).get(id)).toMatchObject({ clicks: 1 });
    const issue = (await app.store.newsletters.latestIssue((await app.store.newsletters.listBySlug('daily'))!.id))!;
    const archive = await app.http.inject({ method: 'GET', url: `/newsletters/daily/${issue.issueDate}`, headers: BROWSER });
    expect(archive.body).toContain(`<p class="ad-label">Sponsored · Velora fleet</p><a href="/ads/c/${id}" rel="sponsored noopener">`);
  });

  it('lets the editor empty or change the slot (only to a live newsletter ad) and add a published story by its address or slug', async () => {
    const { app, slugs } = await setUp();
    const first = await app.newsletters.draft('daily');
    expect(first.parsedSponsor).toBeNull();
    expect(first.parsedItems.map((i) => i.headline)).toEqual(['Leeds road pricing starts', 'Depots charge overnight', 'Rail freight grows']);
    const { id } = await app.ads.addImageAd({ name: 'Velora fleet' }, await banner(), { slot: 'newsletter', alt: 'Vans', url: 'https://velora.example/vans' }, 'test');
    const keepOnly = [first.parsedItems[0]!.id];
    await app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: keepOnly, sponsor: id });
    expect((await app.newsletters.draft('daily')).parsedSponsor?.creativeId).toBe(id);
    expect((await app.newsletters.preview('daily')).html).toContain('Sponsored · Velora fleet');
    await expect(app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: keepOnly, sponsor: id + 100 })).rejects.toMatchObject({ code: 'MH_INVALID_NEWSLETTER_LIST' });
    // Added by its address on the site, then by its slug; twice changes nothing.
    await app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: keepOnly, add: `https://news.example/news/${slugs[2]}` });
    let draft = await app.newsletters.draft('daily');
    expect(draft.parsedItems.map((i) => i.headline)).toEqual(['Leeds road pricing starts', 'Rail freight grows']);
    await app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: draft.parsedItems.map((i) => i.id), add: slugs[2] });
    await app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: draft.parsedItems.map((i) => i.id), add: slugs[1] });
    draft = await app.newsletters.draft('daily');
    expect(draft.parsedItems.map((i) => i.headline)).toEqual(['Leeds road pricing starts', 'Rail freight grows', 'Depots charge overnight']);
    // The sponsor stays when the form leaves it out, and goes when emptied.
    expect(draft.parsedSponsor?.creativeId).toBe(id);
    await expect(app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: [first.parsedItems[0]!.id], add: 'no-such-story' })).rejects.toMatchObject({ code: 'MH_INVALID_NEWSLETTER_LIST' });
    const unpublished = (await app.pipeline.save(article({ headline: 'A draft not yet out', status: 'draft' }))).slug;
    await expect(app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: [first.parsedItems[0]!.id], add: unpublished })).rejects.toMatchObject({ code: 'MH_INVALID_NEWSLETTER_LIST' });
    await app.newsletters.updateDraft('daily', { subject: 'Today', intro: '', keep: draft.parsedItems.map((i) => i.id), sponsor: null });
    expect((await app.newsletters.preview('daily')).html).not.toContain('Sponsored');
  });

  it('opens an empty draft when nothing was published since the last issue: stories are added by hand, and it is not sent empty', async () => {
    const { app, sink, slugs } = await setUp();
    await app.newsletters.send('daily');
    await sink.waitFor(1);
    const listId = (await app.store.newsletters.listBySlug('daily'))!.id;
    // Nothing new: an empty draft to fill, not stored (a scheduled send still assembles its own).
    const empty = await app.newsletters.draft('daily');
    expect(empty.parsedItems).toEqual([]);
    expect(empty.subject).toBe('Daily news');
    expect(await app.store.newsletters.draftIssue(listId)).toBeUndefined();
    await expect(app.newsletters.startIssue('daily')).rejects.toMatchObject({ code: 'MH_NEWSLETTER_EMPTY' });
    // Saved with only an introduction, it is kept, and a send is refused with why.
    await app.newsletters.updateDraft('daily', { subject: 'Weekend reading', intro: 'Three from the archive', keep: [] });
    expect((await app.newsletters.draft('daily')).intro).toBe('Three from the archive');
    await expect(app.newsletters.startIssue('daily')).rejects.toThrow('The draft of "daily" has no story: add one on the compose page before sending');
    // A story added by hand is sent, with the introduction.
    await app.newsletters.updateDraft('daily', { subject: 'Weekend reading', intro: 'Three from the archive', keep: [], add: slugs[1] });
    await app.newsletters.send('daily');
    await sink.waitFor(2);
    const mail = sink.received[1]!.parsed;
    expect(mail.subject).toBe('Weekend reading');
    expect(mail.html).toContain('Three from the archive');
    expect(mail.html).toContain('Depots charge overnight');
  });
});

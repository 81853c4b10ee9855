import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, NOW, type TestApp } from '../../test/support.ts';

const DAY = 86_400_000;
const COMPANIES = [
  { id: '2453', name: 'Renault', aliases: [], parent: null },
  { id: '838', name: 'Nissan', aliases: [], parent: null },
  { id: '77', name: 'Stellantis', aliases: [], parent: null },
].map((c) => JSON.stringify(c));

const png = () => sharp({ create: { width: 728, height: 90, channels: 3, background: '#c30' } }).png().toBuffer();

let app: TestApp;
let renault: number;
let nissan: number;

beforeAll(async () => {
  // The scheduler's tick also asks liveChanged(): kept out of the way of the test that asks it.
  app = await makeTestApp({ SCHEDULER_INTERVAL_MS: '3600000' });
  await app.directory.importCompanies(COMPANIES);
  renault = Number((await app.store.companies.bySourceId('2453'))!.id);
  nissan = Number((await app.store.companies.bySourceId('838'))!.id);
});
afterAll(() => app.close());

const image = async () => ({ filename: 'banner.png', data: await png() });
const creative = (slot = 'leaderboard') => ({ slot, alt: 'Drive the new car', url: 'https://advertiser.example/offer?src=masthead' });
const ids = (choices: readonly { id: number }[] | undefined) => (choices ?? []).map((c) => c.id).sort((a, b) => a - b);

describe('campaigns, creatives and targeting', () => {
  it('places a campaign with no targeting on every page, with its weight and image', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Run of site', advertiser: '2453', weight: 3 }, await image(), creative(), 'test');
    const slots = await app.ads.placements({});
    expect(slots.leaderboard).toEqual([{ id, weight: 3, kind: 'image', src: `/ads/i/${id}`, href: `/ads/c/${id}`, alt: 'Drive the new car', width: 728, height: 90 }]);
    const [listed] = (await app.ads.list()).filter((c) => c.creatives.some((k) => k.id === id));
    expect(listed).toMatchObject({ name: 'Run of site', advertiser: { id: renault, name: 'Renault' }, live: true, weight: 3 });
    await app.ads.endCampaign(listed!.id, 'test');
    expect(ids((await app.ads.placements({})).leaderboard)).not.toContain(id);
  });

  it('targets sections, tags and companies, and keeps away from avoided companies', async () => {
    const bySection = (await app.ads.addImageAd({ name: 'Tolling', sections: ['tolling'] }, await image(), creative('sidebar'), 'test')).id;
    const byTag = (await app.ads.addImageAd({ name: 'ANPR', tags: ['anpr'] }, await image(), creative('sidebar'), 'test')).id;
    const byCompany = (await app.ads.addImageAd({ name: 'Renault pages', companies: ['renault'] }, await image(), creative('sidebar'), 'test')).id;
    const avoiding = (await app.ads.addImageAd({ name: 'Not next to Nissan', avoidCompanies: ['838'] }, await image(), creative('list'), 'test')).id;

    expect(ids((await app.ads.placements({ section: 'tolling', tags: [], companies: [] })).sidebar)).toEqual([bySection]);
    expect(ids((await app.ads.placements({ section: 'rail', tags: ['anpr'], companies: [renault] })).sidebar)).toEqual([byTag, byCompany]);
    expect(ids((await app.ads.placements({})).sidebar)).toEqual([]);
    // `list` is the slot between list items.
    expect(ids((await app.ads.placements({ companies: [renault] }))['between-items'])).toEqual([avoiding]);
    expect(ids((await app.ads.placements({ companies: [renault, nissan] }))['between-items'])).toEqual([]);
  });

  it('runs a campaign only between its dates and under its caps', async () => {
    const later = (await app.ads.addImageAd({ name: 'Next week', startsAt: NOW + 7 * DAY, endsAt: NOW + 14 * DAY }, await image(), creative('in-article'), 'test')).id;
    const capped = (await app.ads.addImageAd({ name: 'Two views', impressionCap: 2 }, await image(), creative('in-article'), 'test')).id;
    expect(ids((await app.ads.placements({}))['in-article'])).toEqual([capped]);
    await app.ads.liveChanged();
    expect(await app.ads.liveChanged()).toBe(false);
    await app.ads.impression(capped, 'Mozilla/5.0');
    await app.ads.impression(capped, 'Mozilla/5.0');
    app.clock.now = NOW + 8 * DAY;
    try {
      expect(ids((await app.ads.placements({}))['in-article'])).toEqual([later]);
      expect(await app.ads.liveChanged()).toBe(true);
    } finally {
      app.clock.now = NOW;
    }
  });

  it('refuses what it cannot serve safely', async () => {
    await expect(app.ads.addImageAd({ name: 'x' }, await image(), { ...creative(), url: 'javascript:alert(1)' }, 'test')).rejects.toMatchObject({ code: 'MH_INVALID_AD' });
    await expect(app.ads.addImageAd({ name: 'x' }, await image(), creative('footer'), 'test')).rejects.toMatchObject({ code: 'MH_INVALID_AD' });
    await expect(app.ads.addImageAd({ name: 'x', companies: ['nobody'] }, await image(), creative(), 'test')).rejects.toMatchObject({ code: 'MH_INVALID_AD' });
    await expect(app.ads.addImageAd({ name: 'x', weight: 0 }, await image(), creative(), 'test')).rejects.toMatchObject({ code: 'MH_INVALID_AD' });
    await expect(app.ads.endCampaign(999_999, 'test')).rejects.toMatchObject({ code: 'MH_AD_NOT_FOUND' });
  });

  it('takes a tag creative only when every origin it names is on the admin’s list', async () => {
    const campaign = await app.ads.addCampaign({ name: 'Ad server', startsAt: NOW + 400 * DAY }, 'test');
    const tag = '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script><div id="gpt-1"></div>';
    await expect(app.ads.addCreative(campaign, { kind: 'tag', slot: 'sidebar', html: tag }, 'test')).rejects.toMatchObject({ code: 'MH_INVALID_AD' });
    await expect(app.ads.setTagOrigins('javascript:alert(1)', 'test')).rejects.toMatchObject({ code: 'MH_INVALID_AD' });
    await app.ads.setTagOrigins('https://securepubads.g.doubleclick.net\nhttps://tpc.googlesyndication.com', 'test');
    const id = await app.ads.addCreative(campaign, { kind: 'tag', slot: 'sidebar', html: tag }, 'test');
    expect(await app.ads.tagFrame(id, 'Mozilla/5.0')).toEqual({ html: tag, origins: ['https://securepubads.g.doubleclick.net', 'https://tpc.googlesyndication.com'] });
  });
});

describe('counting', () => {
  it('counts every one of many concurrent impressions and clicks exactly, per UTC day, and no crawler', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Counted', startsAt: NOW + 500 * DAY }, await image(), creative(), 'test');
    await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? app.ads.click(id, 'Mozilla/5.0') : app.ads.impression(id, 'Mozilla/5.0'))));
    await app.ads.impression(id, 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    await app.ads.click(id, undefined);
    app.clock.now = NOW + DAY;
    try {
      await app.ads.impression(id, 'Mozilla/5.0');
    } finally {
      app.clock.now = NOW;
    }
    const rows = (await app.ads.report()).filter((r) => r.creativeId === id);
    expect(rows).toEqual([
      { creativeId: id, day: '2026-11-27', impressions: 300, clicks: 100 },
      { creativeId: id, day: '2026-11-28', impressions: 1, clicks: 0 },
    ]);
    const csv = await app.ads.reportCsv((await app.ads.list()).find((c) => c.name === 'Counted')!.id);
    expect(csv).toBe(`campaign,creative,slot,day,impressions,clicks\r\nCounted,${id},leaderboard,2026-11-27,300,100\r\nCounted,${id},leaderboard,2026-11-28,1,0\r\n`);
  });

  it('sends a click only to the creative’s own URL, and knows no other creative', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Link', startsAt: NOW + 600 * DAY }, await image(), creative(), 'test');
    expect(await app.ads.click(id, 'Mozilla/5.0')).toBe('https://advertiser.example/offer?src=masthead');
    expect(await app.ads.click(999_999, 'Mozilla/5.0')).toBeUndefined();
    expect(await app.ads.impression(999_999, 'Mozilla/5.0')).toBeUndefined();
  });
});

describe('the media library', () => {
  it('refuses to delete an image an ad uses', async () => {
    const { id } = await app.ads.addImageAd({ name: 'Keeps its image', startsAt: NOW + 700 * DAY }, await image(), creative(), 'test');
    const mediaId = (await app.ads.list()).flatMap((c) => c.creatives).find((k) => k.id === id)!.mediaId!;
    const admin = (await app.store.users.byEmail('advertising@masthead.invalid'))!;
    await expect(app.media.remove(mediaId, { ...admin, role: 'admin' })).rejects.toMatchObject({ code: 'MH_IMAGE_IN_AD' });
    expect(await app.store.media.byId(mediaId)).toBeDefined();
  });
});

describe('ads.txt', () => {
  it('keeps what the admin wrote', async () => {
    await app.ads.setAdsTxt('google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\r\n', 'test');
    expect(await app.ads.adsTxt()).toBe('google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\n');
  });
});

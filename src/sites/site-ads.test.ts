import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, onSite, signedIn } from '../../test/admin-support.ts';
import { article, decodedBody, makeTestApp, type TestApp } from '../../test/support.ts';

/**
 * Advertising per site, asked as an attacker would: site B never carries or serves site A's
 * site-only creative (page, beacon, click redirect, ads.txt, admin, report), and an every-site
 * campaign runs on both.
 */

const A_HOST = 'news.example';
const B_HOST = 'highways.example';
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
};

let app: TestApp;
let aSite: number;
let bSite: number;
let onlyA: number;
let onlyB: number;
let everywhere: number;
let admin: Agent;
let aPath: string;
let bPath: string;

const get = (url: string, host: string) => app.http.inject({ method: 'GET', url, headers: { ...BROWSER, host } });
const ids = (html: string) => [...html.matchAll(/"id":(\d+),"weight"/g)].map((m) => Number(m[1])).sort((x, y) => x - y);
const banner = async () => ({ filename: 'banner.png', data: await sharp({ create: { width: 300, height: 250, channels: 3, background: '#036' } }).png().toBuffer() });
const add = async (name: string, siteId: number | null, url: string) => (await app.ads.addImageAd({ name, siteId }, await banner(), { slot: 'sidebar', alt: name, url }, 'test')).id;
const counted = async (id: number) => (await app.ads.report()).filter((r) => r.creativeId === id).reduce((n, r) => n + r.impressions + r.clicks, 0);

beforeAll(async () => {
  app = await makeTestApp({ SCHEDULER_INTERVAL_MS: '3600000' });
  aSite = app.sites.first().id;
  bSite = (await app.sites.add({ name: 'Highways Today', hosts: [B_HOST] })).id;
  aPath = `/news/${(await app.pipeline.save(article({ headline: 'Gantry tolling on the ring road' }))).slug}`;
  bPath = `/news/${(await app.pipeline.save(article({ headline: 'Bridge deck replaced on the M4', siteId: bSite }))).slug}`;
  onlyA = await add('Only on A', aSite, 'https://a-advertiser.example/');
  onlyB = await add('Only on B', bSite, 'https://b-advertiser.example/');
  everywhere = await add('Every site', null, 'https://all.example/');
  admin = await signedIn(app, 'admin');
});
afterAll(() => app?.close());

describe('ads per site', () => {
  it('carries on each site’s pages only its own and every-site creatives', async () => {
    const a = decodedBody(await get(aPath, A_HOST));
    expect(ids(a)).toEqual([onlyA, everywhere]);
    const b = decodedBody(await get(bPath, B_HOST));
    expect(ids(b)).toEqual([onlyB, everywhere]);
    expect(b).not.toContain('Only on A');
    // The home pages too.
    expect(ids(decodedBody(await get('/', B_HOST)))).toEqual([onlyB, everywhere]);
  });

  it('answers A’s creative’s beacons on B’s host as unknown: nothing counted, no redirect anywhere', async () => {
    for (const path of [`/ads/i/${onlyA}`, `/ads/c/${onlyA}`, `/ads/c/${onlyA}?url=https://evil.example/`, `/ads/f/${onlyA}`]) {
      const res = await get(path, B_HOST);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers.location, path).toBeUndefined();
    }
    expect(await counted(onlyA)).toBe(0);
    // On its own host the click goes to its own URL, whatever the request adds.
    const own = await get(`/ads/c/${onlyA}?url=https://evil.example/`, A_HOST);
    expect(own.statusCode).toBe(302);
    expect(own.headers.location).toBe('https://a-advertiser.example/');
    expect((await get(`/ads/i/${onlyA}`, A_HOST)).statusCode).toBe(302);
    expect(await counted(onlyA)).toBe(2);
    // An every-site creative counts on either host.
    expect((await get(`/ads/c/${everywhere}`, B_HOST)).headers.location).toBe('https://all.example/');
  });

  it('serves each host its own ads.txt, and none of another site’s', async () => {
    await app.ads.setAdsTxt('a-exchange.example, pub-1, DIRECT', 'test', aSite);
    expect((await get('/ads.txt', B_HOST)).statusCode).toBe(404);
    await app.ads.setAdsTxt('b-exchange.example, pub-2, DIRECT', 'test', bSite);
    expect(decodedBody(await get('/ads.txt', A_HOST))).toBe('a-exchange.example, pub-1, DIRECT\n');
    expect(decodedBody(await get('/ads.txt', B_HOST))).toBe('b-exchange.example, pub-2, DIRECT\n');
  });

  it('shows the admin the current site’s campaigns, report and ads.txt, and adds campaigns there', async () => {
    const b = onSite(app, admin, bSite);
    const list = await b.get('/admin/ads');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Only on B');
    expect(list.body).toContain('Every site');
    expect(list.body).not.toContain('Only on A');
    expect(list.body).toContain('b-exchange.example');
    expect(list.body).not.toContain('a-exchange.example');
    expect((await b.get(`/admin/ads/campaigns/${(await app.store.ads.creative(onlyA))!.campaignId}`)).statusCode).toBe(404);
    expect((await b.get('/admin/ads/report')).body).not.toContain('Only on A');
    expect((await b.get('/admin/ads/report.csv')).body).not.toContain('Only on A');
    expect((await onSite(app, admin, aSite).get('/admin/ads/report')).body).toContain('Only on A');

    const made = await b.post('/admin/ads/campaigns', { name: 'Made on B', weight: '1' });
    expect(made.statusCode).toBe(303);
    const id = Number(/campaigns\/(\d+)/.exec(String(made.headers.location))![1]);
    expect((await app.ads.campaign(id)).siteId).toBe(bSite);
    const shared = await b.post('/admin/ads/campaigns', { name: 'Made for all', weight: '1', allSites: '1' });
    expect((await app.ads.campaign(Number(/campaigns\/(\d+)/.exec(String(shared.headers.location))![1]))).siteId).toBeNull();
    expect((await app.ads.list(aSite)).map((c) => c.name)).not.toContain('Made on B');
  });

  it('reports per site for scripts: a site’s creatives and every-site ones', async () => {
    const reported = new Set((await app.ads.report(bSite)).map((r) => r.creativeId));
    expect(reported.has(everywhere)).toBe(true);
    expect(reported.has(onlyA)).toBe(false);
  });
});

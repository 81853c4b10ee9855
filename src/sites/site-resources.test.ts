import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, onSite, signedIn } from '../../test/admin-support.ts';
import { decodedBody, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { hashSecret } from '../readers/secrets.ts';

/**
 * Gated resources per site: each site's pages, sitemap and download offer only its own resources,
 * and the admin lists and edits the current site's.
 */

const A_HOST = 'news.example';
const B_HOST = 'highways.example';
const BROWSER = { 'user-agent': 'Mozilla/5.0 Chrome/131.0', accept: 'text/html,*/*;q=0.8', 'accept-encoding': 'br, gzip' };

let app: TestApp;
let bSite: number;
let aAsset: number;
let bAsset: number;
let admin: Agent;

const get = (url: string, host: string) => app.http.inject({ method: 'GET', url, headers: { ...BROWSER, host } });
const paper = (title: string, slug: string, siteId?: number) => ({ kind: 'white-paper', title, slug, description: `${title}, explained.`, sponsor: '77', requiredFields: [], published: true, siteId });

beforeAll(async () => {
  app = await makeTestApp();
  bSite = (await app.sites.add({ name: 'Highways Today', hosts: [B_HOST] })).id;
  await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null })]);
  aAsset = await app.leads.add(paper('Tolling after the gantry', 'tolling-paper'), 'test');
  bAsset = await app.leads.add(paper('Bridge inspection by drone', 'bridge-paper', bSite), 'test');
  admin = await signedIn(app, 'admin');
});
afterAll(() => app?.close());

describe('resources per site', () => {
  it('offers on each site only its own resources: list, page, download and sitemap', async () => {
    const bList = decodedBody(await get('/resources', B_HOST));
    expect(bList).toContain('Bridge inspection by drone');
    expect(bList).not.toContain('Tolling after the gantry');
    expect(decodedBody(await get('/resources', A_HOST))).not.toContain('Bridge inspection');
    expect((await get('/resources/tolling-paper', B_HOST)).statusCode).toBe(404);
    expect((await get('/resources/tolling-paper/download', B_HOST)).statusCode).toBe(404);
    expect((await get('/resources/bridge-paper', A_HOST)).statusCode).toBe(404);
    expect((await get('/resources/bridge-paper', B_HOST)).statusCode).toBe(200);
    const sitemap = decodedBody(await get('/sitemaps/pages.xml', B_HOST));
    expect(sitemap).toContain('/resources/bridge-paper');
    expect(sitemap).not.toContain('/resources/tolling-paper');
  });

  it('lists, shows and makes the admin’s current site’s resources only', async () => {
    const b = onSite(app, admin, bSite);
    const list = decodedBody(await b.get('/admin/resources'));
    expect(list).toContain('Bridge inspection by drone');
    expect(list).not.toContain('Tolling after the gantry');
    expect((await b.get(`/admin/resources/${aAsset}`)).statusCode).toBe(404);
    expect((await b.get(`/admin/resources/${aAsset}/leads.csv`)).statusCode).toBe(404);
    const made = await b.post('/admin/resources', { kind: 'report', title: 'Highway maintenance report', slug: 'maintenance-report', description: 'A report.', sponsor: '77', published: 'yes' });
    expect(made.statusCode).toBe(303);
    expect((await app.leads.assetBySlug('maintenance-report')).siteId).toBe(bSite);
    // Editing keeps it on its site.
    const id = (await app.leads.assetBySlug('maintenance-report')).id;
    expect((await b.post(`/admin/resources/${id}`, { kind: 'report', title: 'Highway maintenance report 2027', slug: 'maintenance-report', description: 'A report.', sponsor: '77', published: 'yes' })).statusCode).toBe(303);
    expect((await app.leads.assetBySlug('maintenance-report')).siteId).toBe(bSite);
    expect((await get('/resources/maintenance-report', A_HOST)).statusCode).toBe(404);
  });

  it('lists every site’s resources a reader shared details for, each linked on its own site', async () => {
    const { reader } = await app.store.readers.ensure({ email: 'ana@example.com', status: 'active', source: 'signup', now: NOW });
    for (const assetId of [aAsset, bAsset]) await app.store.leads.record({ assetId, readerId: reader.id, shared: { email: 'ana@example.com' }, consent: 'yes', now: NOW });
    const token = 'reader-session-token-for-shared';
    await app.store.readerAccess.addSession({ tokenHash: hashSecret(token), readerId: reader.id, csrfToken: 'csrf', now: NOW, expiresAt: NOW + 3_600_000 });
    const shared = async (host: string) => {
      const res = await app.http.inject({ method: 'GET', url: '/account/shared', headers: { ...BROWSER, host, cookie: `mh_reader=${token}` } });
      expect(res.statusCode).toBe(200);
      return decodedBody(res);
    };
    const onB = await shared(B_HOST);
    expect(onB).toContain(`<a href="https://${A_HOST}/resources/tolling-paper">Tolling after the gantry</a> (Masthead Transport Review)`);
    expect(onB).toContain(`<a href="https://${B_HOST}/resources/bridge-paper">Bridge inspection by drone</a>: shared with`);
    const onA = await shared(A_HOST);
    expect(onA).toContain(`<a href="https://${A_HOST}/resources/tolling-paper">Tolling after the gantry</a>: shared with`);
    expect(onA).toContain(`<a href="https://${B_HOST}/resources/bridge-paper">Bridge inspection by drone</a> (Highways Today)`);
  });
});

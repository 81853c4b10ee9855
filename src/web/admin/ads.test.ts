import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, FORM, form, signedIn } from '../../../test/admin-support.ts';
import { article, decodedBody, makeTestApp, type TestApp } from '../../../test/support.ts';

const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'accept-encoding': 'br, gzip',
  'accept-language': 'en-GB,en;q=0.9',
};

/** A public page as the browser reads it (pages are compressed for `br, gzip`). */
async function readerPage(url: string): Promise<string> {
  return decodedBody(await app.http.inject({ method: 'GET', url, headers: BROWSER }));
}

let app: TestApp;
let admin: Agent;
let imageId: number;

beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: '2453', name: 'Renault', aliases: [], parent: null })]);
  await app.pipeline.save(article({ sourceId: 'ad-page', headline: 'Road charging story', section: 'Tolling' }));
  admin = await signedIn(app, 'admin');
  const user = (await app.store.users.byEmail('admin@example.com'))!;
  const data = await sharp({ create: { width: 300, height: 250, channels: 3, background: '#363' } }).png().toBuffer();
  const made = await app.media.upload({ filename: 'mpu.png', data }, 'A green box', user);
  if ('error' in made) throw new Error(made.error.message);
  imageId = made.id;
});
afterAll(() => app.close());

const campaignFields = { name: 'Renault spring', advertiser: 'renault', starts: '', ends: '', weight: '1', impressionCap: '', clickCap: '', sections: 'tolling', tags: '', companies: '', avoidCompanies: '' };

describe('/admin/ads', () => {
  it('lets an admin add a campaign with two creatives, which readers see, click and are counted', async () => {
    const added = await admin.post('/admin/ads/campaigns', campaignFields);
    expect(added.statusCode).toBe(303);
    const campaignUrl = added.headers.location!.split('?')[0]!;
    const campaignId = Number(campaignUrl.split('/').at(-1));
    const page = await admin.get(added.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Campaign added.');
    expect(page.body).toContain('value="renault"');

    for (const [alt, url] of [
      ['Spring offer', 'https://renault.example/spring'],
      ['Test drive', 'https://renault.example/drive'],
    ] as const) {
      const res = await admin.post(`${campaignUrl}/creatives`, { kind: 'image', slot: 'sidebar', mediaId: String(imageId), alt, url });
      expect(res.statusCode).toBe(303);
    }
    const listed = (await app.ads.list()).find((c) => c.id === campaignId)!;
    const [first, second] = listed.creatives.map((k) => k.id);

    const article = await readerPage('/news/road-charging-story');
    expect(article).toContain('<p class="ad-label">Advertisement</p>');
    expect(article).toContain(`"src":"/ads/i/${first}"`);
    expect(article).toContain(`"src":"/ads/i/${second}"`);
    expect((await app.http.inject({ method: 'GET', url: `/ads/i/${first}`, headers: BROWSER })).statusCode).toBe(302);
    const click = await app.http.inject({ method: 'GET', url: `/ads/c/${first}`, headers: BROWSER });
    expect(click.headers.location).toBe('https://renault.example/spring');

    const report = await admin.get('/admin/ads/report');
    expect(report.body).toMatch(new RegExp(`<td>\\d{4}-\\d{2}-\\d{2}</td><td>Renault spring</td><td>${first}</td><td>sidebar</td><td>1</td><td>1</td>`));
    const csv = await admin.get(`/admin/ads/report.csv?campaign=${campaignId}`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="ads-report-campaign-${campaignId}.csv"`);
    expect(csv.body).toMatch(new RegExp(`^campaign,creative,slot,day,impressions,clicks\\r\\nRenault spring,${first},sidebar,\\d{4}-\\d{2}-\\d{2},1,1\\r\\n$`));

    const ended = await admin.post(`${campaignUrl}/end`, {});
    expect(ended.statusCode).toBe(303);
    expect(await readerPage('/news/road-charging-story')).not.toContain('data-ad-slot');
  });

  it('shows what it refused on the form', async () => {
    const res = await admin.post('/admin/ads/campaigns', { ...campaignFields, advertiser: 'nobody-at-all' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('no company &quot;nobody-at-all&quot; in the directory');
    expect(res.body).toContain('value="Renault spring"');
  });

  it('saves ads.txt and the tag origins', async () => {
    const res = await admin.post('/admin/ads/settings', { adsTxt: 'google.com, pub-1, DIRECT', tagOrigins: 'https://securepubads.g.doubleclick.net' });
    expect(res.statusCode).toBe(303);
    expect(await readerPage('/ads.txt')).toBe('google.com, pub-1, DIRECT\n');
    expect((await admin.get('/admin/ads')).body).toContain('https://securepubads.g.doubleclick.net</textarea>');
  });

  it('saves sellers.json after checking it, serves it as JSON, and keeps the old one when refused', async () => {
    const sellers = { contact_email: 'ads@example.com', version: '1.0', sellers: [{ seller_id: 'pub-1', seller_type: 'PUBLISHER', name: 'Transport <Review>', domain: 'news.example' }, { seller_id: 'r-9', seller_type: 'INTERMEDIARY', is_confidential: 1 }] };
    const res = await admin.post('/admin/ads/settings', { adsTxt: '', tagOrigins: '', sellersJson: JSON.stringify(sellers) });
    expect(res.statusCode).toBe(303);
    const served = await app.http.inject({ method: 'GET', url: '/sellers.json', headers: BROWSER });
    expect(served.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(await readerPage('/sellers.json'))).toEqual(sellers);
    // Escaped in the form it is edited in.
    expect((await admin.get('/admin/ads')).body).toContain('&quot;name&quot;: &quot;Transport &lt;Review>&quot;');
    for (const [bad, why] of [
      ['{"sellers": [', 'sellers.json is not JSON'],
      ['{"sellers": [{"seller_id": "x", "seller_type": "SELLER", "name": "n", "domain": "d"}]}', 'seller 1 needs a &quot;seller_type&quot;'],
      ['{"sellers": [{"seller_id": "x", "seller_type": "BOTH"}]}', 'seller 1 needs a &quot;name&quot; unless'],
      ['[]', 'must be a JSON object'],
    ] as const) {
      const refused = await admin.post('/admin/ads/settings', { adsTxt: '', tagOrigins: '', sellersJson: bad });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain(why);
    }
    expect(JSON.parse(await readerPage('/sellers.json'))).toEqual(sellers);
    await admin.post('/admin/ads/settings', { adsTxt: '', tagOrigins: '', sellersJson: '' });
    expect((await app.http.inject({ method: 'GET', url: '/sellers.json', headers: BROWSER })).statusCode).toBe(404);
  });

  it('is for admins only, and every form needs the CSRF token', async () => {
    const editor = await signedIn(app, 'editor');
    expect((await editor.get('/admin/ads')).statusCode).toBe(403);
    expect((await editor.post('/admin/ads/campaigns', campaignFields)).statusCode).toBe(403);
    const forged = await app.http.inject({ method: 'POST', url: '/admin/ads/campaigns', headers: { ...FORM, cookie: admin.cookie }, payload: form(campaignFields) });
    expect(forged.statusCode).toBe(403);
    expect((await admin.get('/admin/ads/campaigns/999999')).statusCode).toBe(404);
  });
});

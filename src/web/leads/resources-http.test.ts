import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, signedIn } from '../../../test/admin-support.ts';
import { csrfIn, TestBrowser } from '../../../test/reader-support.ts';
import { startSmtpSink } from '../../../test/smtp-sink.ts';
import { makeTestApp, TEST_DB, type TestApp } from '../../../test/support.ts';

const PDF = Buffer.from('%PDF-1.4\n% a white paper\ntrailer <<>>\n%%EOF\n');
let app: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let ip = 0;
const browser = () => new TestBrowser(app, `198.51.100.${++ip}`);

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await makeTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Trade News <news@news.example>' });
  await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null })]);
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});

/** Signs `b` in through the real form and the emailed link, landing on `next`. */
async function signIn(b: TestBrowser, email: string, next: string) {
  const form = await b.get(`/account/sign-in?next=${encodeURIComponent(next)}`);
  const before = sink.received.length;
  expect((await b.post('/account/sign-in', { email, next, _csrf: csrfIn(form.text) })).status).toBe(200);
  await sink.waitFor(before + 1);
  const link = /https:\/\/news\.example(\/account\/verify\?t=[\w-]+)/.exec(sink.received[before]!.parsed.text ?? '')![1]!;
  const res = await b.get(link);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(next);
}

/** An admin makes a published white paper with a PDF, in the browser's forms; returns its admin URL. */
async function makeAsset(slug: string): Promise<string> {
  const admin = await signedIn(app, 'admin');
  const made = await admin.post('/admin/resources', {
    kind: 'white-paper',
    title: 'Tolling after the gantry',
    slug,
    description: 'Free-flow tolling, explained.\n\nWith case studies.',
    sponsor: '77',
    'field-company': 'yes',
    'field-jobTitle': 'yes',
    published: 'yes',
  });
  expect(made.statusCode).toBe(303);
  const url = String(made.headers.location).replace(/\?.*$/, '');
  const body = multipart({ _csrf: admin.csrf }, { name: 'Tolling 2030.pdf', type: 'application/pdf', data: PDF });
  const up = await app.http.inject({ method: 'POST', url: `${url}/file`, headers: { cookie: admin.cookie, 'content-type': body.contentType }, payload: body.payload });
  expect(up.statusCode).toBe(303);
  return url;
}

describe(`gated resources over HTTP (${TEST_DB})`, () => {
  it('a reader signs in, fills in what the sponsor asks, consents, downloads once; the sponsor’s CSV has the row until withdrawn', async () => {
    const adminUrl = await makeAsset('tolling-after-the-gantry');
    const b = browser();

    // The public page: indexable, cached, labelled, the same for everyone.
    const page = await b.get('/resources/tolling-after-the-gantry');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toMatch(/^public/);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.text).not.toContain('noindex');
    expect(page.text).toContain('Sponsored by <a href="/companies/kapsch-trafficcom">Kapsch TrafficCom</a>');
    expect(page.text).toContain('href="/resources/tolling-after-the-gantry/download"');
    expect((await b.get('/resources')).text).toContain('Tolling after the gantry');
    expect((await b.get('/sitemaps/pages.xml')).text).toContain('<loc>https://news.example/resources/tolling-after-the-gantry</loc>');

    // The file is not reachable without a session; the download page sends the reader to sign in.
    const noSession = await b.get('/resources/tolling-after-the-gantry/file');
    expect(noSession.status).toBe(303);
    expect(noSession.headers.location).toBe('/account/sign-in?next=%2Fresources%2Ftolling-after-the-gantry%2Fdownload');
    const wall = await b.get('/resources/tolling-after-the-gantry/download');
    expect(wall.status).toBe(303);
    await signIn(b, 'ana@example.com', '/resources/tolling-after-the-gantry/download');

    // The form asks for the missing fields and the consent naming the sponsor, unticked.
    const form = await b.get('/resources/tolling-after-the-gantry/download');
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('private, no-store');
    expect(form.text).toContain('name="company"');
    expect(form.text).toContain('name="jobTitle"');
    expect(form.text).toMatch(/<input id="lead-consent" type="checkbox" name="consent" value="yes" required\/?>/);
    expect(form.text).toContain('shared with Kapsch TrafficCom');
    const csrf = csrfIn(form.text);

    // Without the CSRF token, or without consent, nothing is recorded.
    expect((await b.post('/resources/tolling-after-the-gantry/download', { company: 'Autostrade', jobTitle: 'CTO', consent: 'yes', _csrf: 'forged' })).status).toBe(403);
    const noConsent = await b.post('/resources/tolling-after-the-gantry/download', { company: 'Autostrade', jobTitle: 'CTO', _csrf: csrf });
    expect(noConsent.status).toBe(422);
    expect(noConsent.text).toContain('share your details with Kapsch TrafficCom');
    const asset = await app.leads.assetBySlug('tolling-after-the-gantry');
    expect(await app.leads.leadsOf(asset.id)).toEqual([]);

    const done = await b.post('/resources/tolling-after-the-gantry/download', { company: 'Autostrade', jobTitle: 'CTO', consent: 'yes', _csrf: csrf });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/resources/tolling-after-the-gantry/file');
    const file = await b.get('/resources/tolling-after-the-gantry/file');
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="Tolling 2030.pdf"');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.text).toBe(PDF.toString('utf8'));
    // The profile kept what was typed.
    expect(await app.store.readers.byEmail('ana@example.com')).toMatchObject({ company: 'Autostrade', jobTitle: 'CTO' });

    // A second download is not a second lead.
    const again = await b.get('/resources/tolling-after-the-gantry/download');
    expect(again.text).toContain('already shared');
    expect((await b.get('/resources/tolling-after-the-gantry/file')).status).toBe(200);
    expect(await app.leads.leadsOf(asset.id)).toHaveLength(1);

    // Another signed-in reader without a lead does not get the file.
    const other = browser();
    await signIn(other, 'bo@example.com', '/account');
    expect((await other.get('/resources/tolling-after-the-gantry/file')).status).toBe(403);

    // The admin sees the lead; only admins get the CSV.
    const admin = await signedIn(app, 'admin');
    expect((await admin.get(adminUrl)).body).toContain('ana@example.com');
    const csv = await admin.get(`${adminUrl}/leads.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="leads-tolling-after-the-gantry.csv"');
    expect(csv.body.split('\r\n')[1]).toMatch(/^\d{4}-\d\d-\d\dT[^,]+,ana@example\.com,,Autostrade,CTO,,,tolling-after-the-gantry,Kapsch TrafficCom,/);
    const editor = await signedIn(app, 'editor');
    expect((await editor.get(adminUrl)).statusCode).toBe(200);
    expect((await editor.get(`${adminUrl}/leads.csv`)).statusCode).toBe(403);
    expect((await (await signedIn(app, 'contributor')).get('/admin/resources')).statusCode).toBe(403);

    // The reader sees what they shared and withdraws it: gone from the admin list and the CSV.
    const shared = await b.get('/account/shared');
    expect(shared.status).toBe(200);
    expect(shared.text).toContain('shared with Kapsch TrafficCom');
    const action = /action="(\/account\/shared\/\d+\/withdraw)"/.exec(shared.text)![1]!;
    expect((await b.post(action, { _csrf: 'forged' })).status).toBe(403);
    expect((await b.post(action, { _csrf: csrfIn(shared.text) })).status).toBe(303);
    expect((await b.get('/account/shared')).text).toContain('Withdrawn on');
    expect((await admin.get(`${adminUrl}/leads.csv`)).body.split('\r\n').filter(Boolean)).toHaveLength(1);
    expect((await b.get('/resources/tolling-after-the-gantry/file')).status).toBe(403);
  });

  it('answers 404 for an unpublished or unknown resource, on the public and private pages alike', async () => {
    const admin = await signedIn(app, 'admin');
    await admin.post('/admin/resources', { kind: 'report', title: 'Draft report', slug: 'draft-report', description: 'Not yet.', sponsor: '77', published: '' });
    const b = browser();
    expect((await b.get('/resources/draft-report')).status).toBe(404);
    expect((await b.get('/resources/draft-report/download')).status).toBe(404);
    expect((await b.get('/resources/no-such-thing')).status).toBe(404);
    expect((await b.get('/resources')).text).not.toContain('Draft report');
    // Published before its PDF is uploaded: described, but nothing to download yet.
    await admin.post('/admin/resources', { kind: 'report', title: 'No file yet', slug: 'no-file-yet', description: 'Soon.', sponsor: '77', published: 'yes' });
    const soon = await b.get('/resources/no-file-yet');
    expect(soon.text).toContain('Coming soon.');
    expect(soon.text).not.toContain('/resources/no-file-yet/download');
  });

  it('shows the admin form again with the problem when the consent line does not name the sponsor', async () => {
    const admin = await signedIn(app, 'admin');
    const res = await admin.post('/admin/resources', { kind: 'report', title: 'Bad consent', description: 'x', sponsor: '77', consent: 'I agree to hear from partners.' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('must name the sponsor, Kapsch TrafficCom');
  });
});

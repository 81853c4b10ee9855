import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, multipart, signedIn } from '../../../test/admin-support.ts';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

const png = (width: number) => sharp({ create: { width, height: width / 2, channels: 3, background: { r: 10, g: 60, b: 140 } } }).png().toBuffer();

describe('admin company logos', () => {
  let app: TestApp;
  let editor: Agent;
  let id: number;
  beforeEach(async () => {
    app = await makeTestApp();
    await app.directory.importCompanies([JSON.stringify({ id: '838', name: 'Nissan', aliases: [] })]);
    id = Number((await app.store.companies.bySourceId('838'))!.id);
    editor = await signedIn(app, 'editor');
  });
  afterEach(() => app.close());

  const upload = async (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
    const { payload, contentType } = multipart({ _csrf: editor.csrf, ...fields }, file);
    return app.http.inject({ method: 'POST', url: `/admin/companies/${id}/logo`, headers: { cookie: editor.cookie, 'content-type': contentType }, payload });
  };
  const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;

  it('uploads a logo through the media library: the profile shows it with its alt text, and the JSON-LD names it', async () => {
    expect((await app.http.inject({ method: 'GET', url: '/companies/nissan' })).body).not.toContain('company-logo');
    const res = await upload({ alt: 'Nissan’s red and silver badge' }, { name: 'nissan.png', type: 'image/png', data: await png(1000) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/companies/${id}?done=logo#logo-title`);
    const media = (await app.store.media.list(10, 0)).items;
    expect(media.map((m) => [m.filename, m.alt])).toEqual([['nissan.png', 'Nissan’s red and silver badge']]);
    const url = `/media/${media[0]!.id}/640.png`;
    expect((await app.store.companies.byId(id))).toMatchObject({ logo_url: url, logo_media_id: media[0]!.id });

    const profile = await app.http.inject({ method: 'GET', url: '/companies/nissan' });
    expect(profile.body).toContain(`<img class="company-logo" src="${url}" alt="Nissan’s red and silver badge"/>`);
    expect(jsonLd(profile.body).logo).toBe(`https://news.example${url}`);
    const image = await app.http.inject({ method: 'GET', url });
    expect([image.statusCode, image.headers['content-type']]).toEqual([200, 'image/png']);
    expect((await editor.get(`/admin/companies/${id}`)).body).toContain(`<img class="logo-preview" src="${url}" alt="Nissan’s red and silver badge"/>`);
    expect((await app.store.operations.auditOf('company:838')).map((a) => a.action)).toEqual(['company.logo.set']);

    // The export carries the logo, and importing it back changes nothing (the media reference stays).
    const exported: string[] = [];
    for await (const l of app.directory.exportCompanies()) exported.push(l);
    expect(JSON.parse(exported[0]!).logo).toBe(url);
    expect(await app.directory.importCompanies(exported)).toMatchObject({ unchanged: 1 });
    expect((await app.store.companies.byId(id))!.logo_media_id).toBe(media[0]!.id);
  });

  it('counts a logo as in use for the media library, and removes it', async () => {
    await upload({ alt: 'Nissan badge' }, { name: 'nissan.png', type: 'image/png', data: await png(200) });
    const mediaId = (await app.store.media.list(10, 0)).items[0]!.id;
    expect((await app.store.companies.byId(id))!.logo_url).toBe(`/media/${mediaId}/200.png`);
    const refused = await editor.post(`/admin/media/${mediaId}/delete`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This image is the logo of Nissan; remove it from the company first.');

    const removed = await editor.post(`/admin/companies/${id}/logo/remove`, {});
    expect(removed.headers.location).toBe(`/admin/companies/${id}?done=logo-removed#logo-title`);
    expect(await app.store.companies.byId(id)).toMatchObject({ logo_url: null, logo_media_id: null });
    expect((await app.store.operations.auditOf('company:838')).map((a) => a.action)).toEqual(['company.logo.set', 'company.logo.remove']);
    expect((await app.http.inject({ method: 'GET', url: '/companies/nissan' })).body).not.toContain('company-logo');
    expect((await editor.post(`/admin/media/${mediaId}/delete`, {})).statusCode).toBe(303);
  });

  it('drops the media reference when an import gives the company another logo URL', async () => {
    await upload({ alt: 'Nissan badge' }, { name: 'nissan.png', type: 'image/png', data: await png(200) });
    await app.directory.importCompanies([JSON.stringify({ id: '838', name: 'Nissan', logo: 'https://cdn.example/nissan.svg' })]);
    expect(await app.store.companies.byId(id)).toMatchObject({ logo_url: 'https://cdn.example/nissan.svg', logo_media_id: null });
    expect((await app.http.inject({ method: 'GET', url: '/companies/nissan' })).body).toContain('<img class="company-logo" src="https://cdn.example/nissan.svg" alt="Nissan logo"/>');
  });

  it('shows upload errors next to the field; contributors and posts without the token are refused', async () => {
    const noAlt = await upload({ alt: ' ' }, { name: 'n.png', type: 'image/png', data: await png(200) });
    expect(noAlt.statusCode).toBe(422);
    expect(noAlt.body).toContain('<p class="error" id="alt-error">Describe the image for people who cannot see it.</p>');
    const notImage = await upload({ alt: 'Badge' }, { name: 'n.png', type: 'image/png', data: Buffer.from('not an image') });
    expect(notImage.statusCode).toBe(422);
    expect(notImage.body).toContain('<p class="error" id="logo-error">That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).</p>');
    expect(notImage.body).toContain('value="Badge"');

    const { payload, contentType } = multipart({ alt: 'Badge' }, { name: 'n.png', type: 'image/png', data: await png(200) });
    const noToken = await app.http.inject({ method: 'POST', url: `/admin/companies/${id}/logo`, headers: { cookie: editor.cookie, 'content-type': contentType }, payload });
    expect(noToken.statusCode).toBe(403);
    const contributor = await signedIn(app, 'contributor');
    const asContributor = multipart({ _csrf: contributor.csrf, alt: 'Badge' }, { name: 'n.png', type: 'image/png', data: await png(200) });
    const refused = await app.http.inject({ method: 'POST', url: `/admin/companies/${id}/logo`, headers: { cookie: contributor.cookie, 'content-type': asContributor.contentType }, payload: asContributor.payload });
    expect(refused.statusCode).toBe(403);
    expect((await contributor.post(`/admin/companies/${id}/logo/remove`, {})).statusCode).toBe(403);
    expect((await app.store.media.list(10, 0)).total).toBe(0);
  });
});

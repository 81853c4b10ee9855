import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, multipart, signedIn } from '../../test/admin-support.ts';
import { article, decodedBody, makeTestApp, type TestApp } from '../../test/support.ts';

/** What Chromium sends for a page load (compression included, as every browser asks for it). */
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-encoding': 'br, gzip',
};

const square = (size: number) => sharp({ create: { width: size, height: size, channels: 3, background: { r: 120, g: 40, b: 90 } } }).jpeg().toBuffer();

describe('author pages with a photo and a bio', () => {
  let app: TestApp;
  let editor: Agent;
  let authorId: number;

  const page = async (url: string) => {
    const res = await app.http.inject({ method: 'GET', url, headers: BROWSER });
    return { status: res.statusCode, text: decodedBody(res) };
  };
  const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as Record<string, unknown>;
  const uploadPhoto = async (alt: string, data?: Buffer) => {
    const { payload, contentType } = multipart({ _csrf: editor.csrf, alt }, data ? { name: 'ada.jpg', type: 'image/jpeg', data } : undefined);
    return app.http.inject({ method: 'POST', url: `/admin/authors/${authorId}/photo`, headers: { cookie: editor.cookie, 'content-type': contentType }, payload });
  };

  beforeEach(async () => {
    app = await makeTestApp();
    await app.pipeline.save(article({ headline: 'Tolling goes satellite', authors: ['Ada Lovelace'] }));
    await app.pipeline.save(article({ headline: 'Someone else writes', authors: ['Charles Babbage'] }));
    authorId = (await app.store.authors.bySlug('ada-lovelace'))!.id;
    editor = await signedIn(app, 'editor');
  });
  afterEach(() => app.close());

  it('lists authors for editors, not for contributors', async () => {
    const list = await editor.get('/admin/authors');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="/admin/authors/${authorId}">Ada Lovelace</a>`);
    const contributor = await signedIn(app, 'contributor');
    expect((await contributor.get('/admin/authors')).statusCode).toBe(403);
    expect((await contributor.post(`/admin/authors/${authorId}`, { bio: 'Hijacked', photoMedia: '' })).statusCode).toBe(403);
    expect((await app.store.authors.byId(authorId))!.bio).toBe('');
  });

  it('saves a bio and an uploaded photo: the author page shows photo, name, bio and articles; the byline links and shows the photo; JSON-LD names a Person with url and image', async () => {
    const before = await page('/authors/ada-lovelace');
    expect(before.text).not.toContain('author-photo');

    expect((await editor.post(`/admin/authors/${authorId}`, { bio: 'Writes about <engines> & numbers.', photoMedia: '' })).headers.location).toBe(`/admin/authors/${authorId}?done=saved`);
    const uploaded = await uploadPhoto('Ada at her desk', await square(800));
    expect([uploaded.statusCode, uploaded.headers.location]).toEqual([303, `/admin/authors/${authorId}?done=photo`]);
    const mediaId = (await app.store.authors.byId(authorId))!.photoMediaId!;
    expect(mediaId).toBeGreaterThan(0);

    const profile = await page('/authors/ada-lovelace');
    expect(profile.status).toBe(200);
    const html = profile.text;
    // Photo, then name, then bio (escaped), then the articles.
    const at = (s: string) => html.indexOf(s);
    expect(at('<picture class="author-photo">')).toBeGreaterThan(0);
    expect(html).toMatch(new RegExp(`<source type="image/avif" srcset="/media/${mediaId}/320\\.avif 320w, /media/${mediaId}/640\\.avif 640w, /media/${mediaId}/800\\.avif 800w" sizes="8rem"/>`));
    expect(html).toContain('alt="Ada at her desk"');
    expect(at('<h1>Ada Lovelace</h1>')).toBeGreaterThan(at('<picture class="author-photo">'));
    expect(at('<p class="standfirst">Writes about &lt;engines> &amp; numbers.</p>')).toBeGreaterThan(at('<h1>Ada Lovelace</h1>'));
    expect(at('Tolling goes satellite')).toBeGreaterThan(at('<p class="standfirst">Writes about'));
    expect(html).not.toContain('Someone else writes');
    expect(jsonLd(html)).toMatchObject({
      '@type': 'ProfilePage',
      mainEntity: { '@type': 'Person', name: 'Ada Lovelace', url: 'https://news.example/authors/ada-lovelace', image: `https://news.example/media/${mediaId}/800.jpg`, description: 'Writes about <engines> & numbers.' },
    });

    const story = await page('/news/tolling-goes-satellite');
    expect(story.text).toMatch(/<span class="authors"><picture class="byline-photo">.*?<img src="\/media\/\d+\/800\.jpg"[^>]*sizes="2\.5rem"[^>]* alt[ />]/s);
    // The photo is decorative beside the linked name: an empty alt (Preact writes it as a bare `alt`).
    expect(story.text).toContain('By <a href="/authors/ada-lovelace">Ada Lovelace</a>');
    expect(jsonLd(story.text).author).toEqual([{ '@type': 'Person', name: 'Ada Lovelace', url: 'https://news.example/authors/ada-lovelace', image: `https://news.example/media/${mediaId}/800.jpg` }]);
    // Someone without a photo: a byline with a name only, a Person without image.
    const other = await page('/news/someone-else-writes');
    expect(other.text).not.toContain('byline-photo');
    expect(jsonLd(other.text).author).toEqual([{ '@type': 'Person', name: 'Charles Babbage', url: 'https://news.example/authors/charles-babbage' }]);
    expect((await app.store.operations.auditOf(`author:${authorId}`)).map((a) => a.action)).toEqual(['author.update', 'author.update']);
  });

  it('refuses a bio too long, an image not in the library and an upload without alt text, saving nothing', async () => {
    const long = await editor.post(`/admin/authors/${authorId}`, { bio: 'x'.repeat(601), photoMedia: '' });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Keep the bio to 600 characters or fewer');
    const missing = await editor.post(`/admin/authors/${authorId}`, { bio: 'Fine.', photoMedia: '999999' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('no longer in the media library');
    const noAlt = await uploadPhoto('', await square(400));
    expect(noAlt.statusCode).toBe(422);
    expect(noAlt.body).toContain('Describe the image');
    expect(await app.store.authors.byId(authorId)).toMatchObject({ bio: '', photoMediaId: null });
    // Without the form's token nothing is saved either.
    const forged = await app.http.inject({ method: 'POST', url: `/admin/authors/${authorId}`, headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'bio=Forged&photoMedia=' });
    expect(forged.statusCode).toBe(403);
    expect((await app.store.authors.byId(authorId))!.bio).toBe('');
  });

  it('picks a photo already in the media library; the library will not delete it while it is someone’s photo', async () => {
    const admin = await signedIn(app, 'admin');
    const { payload, contentType } = multipart({ _csrf: admin.csrf, alt: 'A portrait' }, { name: 'p.jpg', type: 'image/jpeg', data: await square(400) });
    await app.http.inject({ method: 'POST', url: '/admin/media', headers: { cookie: admin.cookie, 'content-type': contentType }, payload });
    const mediaId = (await app.store.media.list(1, 0)).items[0]!.id;
    expect((await editor.get(`/admin/authors/${authorId}`)).body).toContain(`<option value="${mediaId}">p.jpg (A portrait)</option>`);
    expect((await editor.post(`/admin/authors/${authorId}`, { bio: '', photoMedia: String(mediaId) })).statusCode).toBe(303);
    expect((await page('/authors/ada-lovelace')).text).toContain('alt="A portrait"');

    const refused = await admin.post(`/admin/media/${mediaId}/delete`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This image is the photo of Ada Lovelace');
    expect(await app.store.media.byId(mediaId)).toBeDefined();
    // Once no author uses it, it can go.
    await editor.post(`/admin/authors/${authorId}`, { bio: '', photoMedia: '' });
    expect((await admin.post(`/admin/media/${mediaId}/delete`, {})).statusCode).toBe(303);
    expect((await page('/authors/ada-lovelace')).text).not.toContain('author-photo');
  });

  it('answers 404 for an unknown author', async () => {
    expect((await page('/authors/nobody-here')).status).toBe(404);
  });
});

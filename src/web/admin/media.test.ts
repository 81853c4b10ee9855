import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { signedInEachTest } from '../../../test/admin-support.ts';

/** A JPEG with EXIF (camera, orientation) that the library must strip. */
async function photo(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SpyCam', Model: 'Secret 9000', Copyright: 'Someone' } })
    .toBuffer();
}

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = '----masthead-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('admin media library', () => {
  const t = signedInEachTest('editor');

  const upload = async (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }, csrf = t.agent.csrf) => {
    const { payload, contentType } = multipart({ _csrf: csrf, ...fields }, file);
    return t.app.http.inject({ method: 'POST', url: '/admin/media', headers: { cookie: t.agent.cookie, 'content-type': contentType }, payload });
  };

  it('uploads an image: EXIF stripped, WebP, AVIF and JPEG at several widths, served publicly', async () => {
    const original = await photo();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload({ alt: 'A red test card' }, { name: 'card.jpg', type: 'image/jpeg', data: original });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/media?done=uploaded');
    const { items } = await t.app.store.media.list(10, 0);
    expect(items).toHaveLength(1);
    const m = items[0]!;
    expect(m).toMatchObject({ alt: 'A red test card', format: 'jpeg', width: 1200, height: 800, filename: 'card.jpg' });
    expect(m.variants.map((v) => `${v.width}.${v.format}`)).toEqual([
      '320.avif', '320.jpeg', '320.webp', '640.avif', '640.jpeg', '640.webp', '1024.avif', '1024.jpeg', '1024.webp', '1200.avif', '1200.jpeg', '1200.webp',
    ]);
    for (const [file, type, format] of [
      ['640.webp', 'image/webp', 'webp'],
      ['1024.avif', 'image/avif', 'heif'],
      ['1200.jpg', 'image/jpeg', 'jpeg'],
    ] as const) {
      const img = await t.app.http.inject({ method: 'GET', url: `/media/${m.id}/${file}` });
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe(type);
      expect(img.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(img.rawPayload).metadata();
      expect(meta.format).toBe(format);
      expect(meta.width).toBe(Number(file.split('.')[0]));
      expect(meta.exif).toBeUndefined();
    }
    expect((await t.app.http.inject({ method: 'GET', url: `/media/${m.id}/999.webp` })).statusCode).toBe(404);
    const page = await t.agent.get('/admin/media?done=uploaded');
    expect(page.body).toContain('<p class="notice" role="status">Image uploaded.</p>');
    expect(page.body).toContain(`<img src="/media/${m.id}/320.webp" alt="A red test card" width="160"/>`);
  });

  it('keeps an animated GIF animated, as WebP at each width', async () => {
    const [w, h, frames] = [400, 300, 3];
    const raw = Buffer.alloc(w * h * frames * 3);
    for (let f = 0; f < frames; f++) raw.fill(f * 100, f * w * h * 3, (f + 1) * w * h * 3);
    const gif = await sharp(raw, { raw: { width: w, height: h * frames, channels: 3, pageHeight: h } }).gif({ delay: [100, 100, 100] }).toBuffer();
    expect((await upload({ alt: 'A blinking signal' }, { name: 'signal.gif', type: 'image/gif', data: gif })).statusCode).toBe(303);
    const m = (await t.app.store.media.list(10, 0)).items[0]!;
    expect(m).toMatchObject({ format: 'webp', width: 400, height: 300 });
    expect(m.variants.map((v) => `${v.width}.${v.format}`)).toEqual(['320.webp', '400.webp']);
    const img = await t.app.http.inject({ method: 'GET', url: `/media/${m.id}/320.webp` });
    expect(await sharp(img.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240, pages: 3 });
  });

  it('requires alt text, a real image and the CSRF token', async () => {
    const noAlt = await upload({ alt: '  ' }, { name: 'card.jpg', type: 'image/jpeg', data: await photo() });
    expect(noAlt.statusCode).toBe(422);
    expect(noAlt.body).toContain('<p class="error" id="alt-error">Describe the image for people who cannot see it.</p>');
    const notImage = await upload({ alt: 'Looks like a photo' }, { name: 'evil.jpg', type: 'image/jpeg', data: Buffer.from('<script>alert(1)</script>') });
    expect(notImage.statusCode).toBe(422);
    expect(notImage.body).toContain('<p class="error" id="file-error">That file is not an image we can read (JPEG, PNG, GIF, WebP or AVIF).</p>');
    const svg = await upload({ alt: 'A vector' }, { name: 'x.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>') });
    expect(svg.body).toContain('<p class="error" id="file-error">Upload a JPEG, PNG, GIF, WebP or AVIF image.</p>');
    const noFile = await upload({ alt: 'Nothing' });
    expect(noFile.body).toContain('<p class="error" id="file-error">Choose an image to upload.</p>');
    expect((await upload({ alt: 'x' }, { name: 'card.jpg', type: 'image/jpeg', data: await photo(10, 10) }, 'wrong-token')).statusCode).toBe(403);
    const huge = await upload({ alt: 'Too big' }, { name: 'big.jpg', type: 'image/jpeg', data: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await t.app.store.media.list(10, 0)).total).toBe(0);
  });

  it('sets the lead image of an article (with caption and credit); an image in use cannot be deleted', async () => {
    await upload({ alt: 'Chargers on a kerb' }, { name: 'kerb.jpg', type: 'image/jpeg', data: await photo(800, 600) });
    const m = (await t.app.store.media.list(1, 0)).items[0]!;
    const fields = { headline: 'Kerbside chargers', standfirst: '', body: 'Words.', section: '', tags: '', authors: '', slug: '', caption: 'A kerb in Leeds', credit: 'Ada Lens' };
    const form = await t.agent.get('/admin/articles/new');
    expect(form.body).toContain(`<option value="${m.id}">Chargers on a kerb (kerb.jpg)</option>`);
    await t.agent.post('/admin/articles/new', { ...fields, leadImage: String(m.id), action: 'publish' });
    expect(await t.app.store.articles.findById(1)).toMatchObject({ lead_image_url: `/media/${m.id}/800.jpg`, lead_image_alt: 'Chargers on a kerb', lead_image_caption: 'A kerb in Leeds', lead_image_credit: 'Ada Lens' });
    const page = await t.app.http.inject({ method: 'GET', url: '/news/kerbside-chargers' });
    expect(page.body).toContain('<figure class="lead"><picture><source type="image/avif" srcset="');
    const jpegs = [320, 640, 800].map((w) => `/media/${m.id}/${w}.jpg ${w}w`).join(', ');
    expect(page.body).toContain(`<img src="/media/${m.id}/800.jpg" srcset="${jpegs}"`);
    expect(page.body).toContain('width="800" height="600" alt="Chargers on a kerb"');
    expect((await t.agent.get('/admin/articles/1')).body).toContain(`<option value="${m.id}" selected>`);

    const refused = await t.agent.post(`/admin/media/${m.id}/delete`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This image is the lead image of 1 article; it can be deleted only when unused.');
    await t.agent.post('/admin/articles/1', { ...fields, leadImage: '', action: 'publish' });
    expect((await t.agent.post(`/admin/media/${m.id}/delete`, {})).headers.location).toBe('/admin/media?done=deleted');
    expect((await t.app.http.inject({ method: 'GET', url: `/media/${m.id}/320.webp` })).statusCode).toBe(404);
  });

  it('refuses a lead image that is not in the library', async () => {
    const res = await t.agent.post('/admin/articles/new', { headline: 'H', body: 'B', leadImage: '42', action: 'save' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="error" id="leadImage-error">That image is no longer in the media library.</p>');
  });
});

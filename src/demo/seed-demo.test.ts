import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { mediaIdOf } from '../media/index.ts';
import { ILLUSTRATION, illustration, illustrationSvg } from './demo-images.ts';
import { seedDemo } from './seed-demo.ts';

describe('demo illustrations', () => {
  it('draws the same picture for the same slug, another for another slug or section', () => {
    expect(illustrationSvg('toll-rates-rise', 'tolling')).toBe(illustrationSvg('toll-rates-rise', 'tolling'));
    expect(illustrationSvg('toll-rates-rise', 'tolling')).not.toBe(illustrationSvg('toll-rates-fall', 'tolling'));
    expect(illustrationSvg('toll-rates-rise', 'tolling')).not.toBe(illustrationSvg('toll-rates-rise', 'rail'));
  });

  it('renders a JPEG of the illustration size', async () => {
    expect(await sharp(await illustration('toll-rates-rise', 'tolling')).metadata()).toMatchObject({ format: 'jpeg', ...ILLUSTRATION });
  });
});

describe('the demo seed with images', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeTestApp();
    await seedDemo(app, NOW, { images: true });
  }, 600_000);
  afterAll(async () => {
    await app?.close();
  });

  it('gives every demo article a library lead image with alt text, a caption and a credit', async () => {
    const list = await app.catalog.latest(1, 100);
    expect(list.total).toBe(34);
    const ids = new Set<number>();
    for (const item of list.items) {
      const lead = (await app.catalog.article(item.slug))!.article.leadImage;
      expect(lead, item.slug).toMatchObject({ alt: expect.stringMatching(/^Illustration: \w/), caption: expect.any(String), credit: 'Illustration: Masthead demo' });
      expect(lead!.responsive, item.slug).toBeDefined();
      ids.add(mediaIdOf(lead!.url)!);
    }
    expect(ids.size).toBe(34);
  });

  it('gives every demo author a bio and a photo, shown on their page and in bylines', async () => {
    const authors = await app.store.authors.list();
    expect(authors.length).toBe(5);
    for (const a of authors) {
      const profile = await app.catalog.author(a.slug, 1);
      expect(profile.bio, a.slug).toMatch(/\w+ \w+/);
      expect(profile.photo, a.slug).toMatchObject({ alt: `Portrait of ${a.name}` });
      expect(profile.articles.total, a.slug).toBeGreaterThan(0);
    }
    const first = (await app.catalog.latest(1, 1)).items[0]!;
    const bylines = (await app.catalog.article(first.slug))!.bylines!;
    expect(bylines.length).toBeGreaterThan(0);
    for (const b of bylines) expect(b.photo?.image.srcset, b.slug).toMatch(/\/media\/\d+\/320\.jpg 320w/);
  });

  it('serves the images, and no one can sign in as their uploader', async () => {
    const first = (await app.catalog.latest(1, 1)).items[0]!;
    const lead = (await app.catalog.article(first.slug))!.article.leadImage!;
    const res = await app.http.inject({ method: 'GET', url: lead.responsive!.src });
    expect(res.statusCode).toBe(200);
    expect(await sharp(res.rawPayload).metadata()).toMatchObject({ width: ILLUSTRATION.width });
    expect(await app.store.users.byEmail('demo-illustrations@masthead.invalid')).toMatchObject({ disabled: true });
  });

  it('leaves images out unless asked (tests that need only the text stay quick)', async () => {
    const plain = await makeTestApp();
    try {
      await seedDemo(plain, NOW);
      const first = (await plain.catalog.latest(1, 1)).items[0]!;
      const data = (await plain.catalog.article(first.slug))!;
      expect(data.article.leadImage).toBeNull();
      expect(data.bylines!.every((b) => b.photo === null)).toBe(true);
      // The bios are text: they come without images too.
      expect((await plain.catalog.author(data.bylines![0]!.slug, 1)).bio).not.toBe('');
    } finally {
      await plain.close();
    }
  });
});

import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.ts';
import { mediaUrl } from '../../src/media/index.ts';
import { article, makeTestApp, NOW, type TestApp } from '../support.ts';
import { axeViolations, chromiumAvailable, launchChromium } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('public pages in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let articlePath: string;

  beforeAll(async () => {
    app = await makeTestApp();
    await seedDemo(app, NOW);
    // The newest story has a library lead image, so the article and home pages show <picture>.
    const userId = await app.store.users.insert({ email: 'desk@example.com', name: 'Desk', role: 'editor', passwordHash: 'x', now: NOW });
    const png = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#246' } }).png().toBuffer();
    const uploaded = await app.media.upload({ filename: 'depot.png', data: png }, 'Buses charging at a depot', (await app.store.users.byId(userId))!);
    const id = 'id' in uploaded ? uploaded.id : 0;
    await app.pipeline.save(article({ headline: 'Depot charging goes live', publishedAt: NOW, leadImage: { url: mediaUrl(id, 700, 'png'), alt: 'Buses charging at a depot', caption: 'The depot', credit: 'Desk' } }));
    const first = (await app.catalog.latest(1)).items[0]!;
    articlePath = `/news/${first.slug}`;
    base = await app.http.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('follows the skip link from the keyboard to the main content', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}${articlePath}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(`${base}${articlePath}#main`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await page.locator('main h1').textContent()).toBeTruthy();
    await context.close();
  });

  it.each(['article', '/', '/sections/tolling', '/news?page=2', '/search?q=charging', '/companies', '/companies/velora-motors', '/archive', '/no-such-page'])(
    'has no axe-core violations on %s',
    async (which) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}${which === 'article' ? articlePath : which}`);
      expect(await axeViolations(page, which)).toEqual([]);
      await context.close();
    },
    30_000,
  );

  it('loads the AVIF variant the layout needs (a phone gets 640 wide, not the full size)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}${articlePath}`);
    const img = page.locator('figure.lead img');
    await img.evaluate((el: HTMLImageElement) => el.decode());
    // 375 px less the margins is 343 CSS px: the smallest AVIF at least that wide is the 640 one.
    expect(await img.evaluate((el: HTMLImageElement) => new URL(el.currentSrc).pathname.replace(/^\/media\/\d+\//, ''))).toBe('640.avif');
    await context.close();
  });

  it('lays the article out for a phone without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}${articlePath}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await context.close();
  });
});

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.ts';
import { mediaUrl } from '../../src/media/index.ts';
import { article, NOW } from '../support.ts';
import { appInBrowser, axeViolations, chromiumAvailable } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('public pages in a real browser', () => {
  let articlePath: string;
  const b = appInBrowser(async (app) => {
    await seedDemo(app, NOW, { images: true });
    // The newest story has a library lead image, so the article and home pages show <picture>.
    const userId = await app.store.users.insert({ email: 'desk@example.com', name: 'Desk', role: 'editor', passwordHash: 'x', now: NOW });
    const png = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#246' } }).png().toBuffer();
    const uploaded = await app.media.upload({ filename: 'depot.png', data: png }, 'Buses charging at a depot', (await app.store.users.byId(userId))!);
    const id = 'id' in uploaded ? uploaded.id : 0;
    // Sponsored, with its section sponsored too: the labels are checked on home, article and section pages.
    await app.pipeline.save(
      article({
        headline: 'Depot charging goes live',
        publishedAt: NOW,
        leadImage: { url: mediaUrl(id, 700, 'png'), alt: 'Buses charging at a depot', caption: 'The depot', credit: 'Desk' },
        sponsor: { directoryIdOrSlug: 'velora-motors' },
      }),
    );
    const tolling = Number((await app.store.taxonomy.sectionBySlug('tolling'))!.id);
    const velora = Number((await app.store.companies.bySlug('velora-motors'))!.id);
    await app.store.sponsorships.set({ kind: 'section', termId: tolling, companyId: velora, startsAt: NOW - 86_400_000, endsAt: NOW + 86_400_000 }, 'desk@example.com', NOW);
    const first = (await app.catalog.latest(1)).items[0]!;
    articlePath = `/news/${first.slug}`;
    // Some readers came by: the "Most read" lists have something to show.
    const latest = (await app.catalog.latest(1, 6)).items;
    for (const [i, a] of latest.entries()) for (let n = 0; n < 6 - i; n++) await app.store.views.count(a.id, Math.floor(NOW / 86_400_000));
  }, {}, 300_000);

  it('follows the skip link from the keyboard to the main content', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${b.base}${articlePath}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(`${b.base}${articlePath}#main`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await page.locator('main h1').textContent()).toBeTruthy();
    await context.close();
  });

  /** One page of every public type; `article` and `tag` are found from the seeded site, the author is a demo author with a photo. */
  const PAGE_TYPES = ['home', 'article', 'section', 'tag', 'author', 'month archive', 'year archive', 'companies A-Z', 'company', 'search results', 'static page', 'topics', 'newsletter', 'not found'] as const;
  async function pathOf(type: (typeof PAGE_TYPES)[number]): Promise<string> {
    const month = new Date(NOW).toISOString().slice(0, 7).replace('-', '/');
    const fixed: Record<string, string> = {
      home: '/',
      article: articlePath,
      section: '/sections/tolling',
      author: '/authors/hannah-lindqvist',
      'month archive': `/archive/${month}`,
      'year archive': `/archive/${month.slice(0, 4)}`,
      'companies A-Z': '/companies',
      company: '/companies/velora-motors',
      'search results': '/search?q=charging',
      'static page': '/pages/about',
      topics: '/topics',
      newsletter: '/newsletters',
      'not found': '/no-such-page',
    };
    if (fixed[type]) return fixed[type];
    const html = await (await fetch(`${b.base}${articlePath}`)).text();
    const href = html.match(new RegExp(`href="(/${type}s/[^"]+)"`))?.[1];
    if (!href) throw new Error(`the article page links no ${type} page`);
    return href;
  }

  // axe-core takes most of this file's time (2-4 s a scan on a busy machine, a navigation a few
  // hundred ms). A page type's own markup is the same at both widths; what the phone width changes
  // is the shared header (the menu replaces the primary navigation), the same on every page. So
  // every page type is scanned on a laptop, the phone's header and footer once on the home page,
  // and the layout (heading, width, requests) is checked for every type at both widths.
  const scannedAt = (width: number, type: (typeof PAGE_TYPES)[number]) => width === 1280 || type === 'home';
  for (const width of [1280, 390]) {
    for (const type of PAGE_TYPES) {
      it(
        `shows the ${type} page at ${width} px: its heading, nothing wider than the screen, no failed request${scannedAt(width, type) ? ', no axe-core violation' : ''}`,
        async () => {
          const path = await pathOf(type);
          const context = await b.browser.newContext({ viewport: { width, height: 900 } });
          const page = await context.newPage();
          const failures: string[] = [];
          page.on('requestfailed', (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
          page.on('response', (r) => {
            const isTheNotFoundPage = type === 'not found' && r.request().isNavigationRequest() && r.status() === 404;
            if (r.status() >= 400 && !isTheNotFoundPage) failures.push(`${r.url()}: ${r.status()}`);
          });
          const response = await page.goto(`${b.base}${path}`, { waitUntil: 'load' });
          expect(response?.status()).toBe(type === 'not found' ? 404 : 200);
          expect((await page.locator('main h1').first().textContent())?.trim()).toBeTruthy();
          const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
          expect(widths.content, `${path} is ${widths.content} px wide on a ${widths.screen} px screen`).toBeLessThanOrEqual(widths.screen);
          expect(failures).toEqual([]);
          if (scannedAt(width, type)) expect(await axeViolations(page, `${path} at ${width} px`)).toEqual([]);
          await context.close();
        },
        60_000,
      );
    }
  }

  it('sets headings in Source Serif 4 and text in Inter, loaded from the site itself, on a laptop and a phone (screenshots in /tmp)', async () => {
    for (const width of [1280, 390]) {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const fontRequests: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'font') fontRequests.push(r.url());
      });
      await page.goto(`${b.base}${articlePath}`, { waitUntil: 'load' });
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        const family = (el: Element | null) => (el ? getComputedStyle(el).fontFamily.split(',')[0] : undefined);
        const faces: FontFace[] = [];
        document.fonts.forEach((f) => {
          faces.push(f);
        });
        return {
          loaded: faces.filter((f) => f.status === 'loaded').map((f) => f.family.replaceAll('"', '')).sort(),
          heading: family(document.querySelector('main h1')),
          body: family(document.querySelector('main p')),
          ready: document.fonts.check('700 2rem "Source Serif 4"') && document.fonts.check('400 1rem Inter'),
        };
      });
      expect(fonts).toEqual({ loaded: ['Inter', 'Source Serif 4'], heading: '"Source Serif 4"', body: 'Inter', ready: true });
      // Two files, both from this origin (CSP: default-src 'self'), each fetched once even with the preload.
      expect(fontRequests.map((u) => new URL(u).origin)).toEqual([b.base, b.base]);
      expect(fontRequests.every((u) => /\/assets\/fonts\/[a-z0-9-]+\.[0-9a-f]{12}\.woff2$/.test(u))).toBe(true);
      await page.goto(`${b.base}/`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `/tmp/design-fonts-home-${width}.png`, fullPage: false });
      await context.close();
    }
  }, 120_000);

  it('shows an author page with the photo, name, bio and articles, and bylines with small photos (screenshots in /tmp)', async () => {
    const demo = (await b.app.catalog.author('hannah-lindqvist', 1)).articles.items[0]!;
    for (const width of [1280, 390]) {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${b.base}/authors/hannah-lindqvist`);
      const photo = page.locator('.author-photo img');
      await photo.evaluate((el: HTMLImageElement) => el.decode());
      expect(await photo.evaluate((el: HTMLImageElement) => ({ alt: el.alt, shown: el.naturalWidth > 0 && el.getBoundingClientRect().width > 0 }))).toEqual({ alt: 'Portrait of Hannah Lindqvist', shown: true });
      expect(await page.locator('main h1').textContent()).toBe('Hannah Lindqvist');
      expect(await page.locator('.author-profile .standfirst').textContent()).toMatch(/^Hannah is the news editor/);
      expect(await page.locator('main .cards li').count()).toBeGreaterThan(0);
      await page.screenshot({ path: `/tmp/design-author-${width}.png`, fullPage: false });
      await page.goto(`${b.base}/news/${demo.slug}`);
      const byline = page.locator('.byline .byline-photo img').first();
      await byline.evaluate((el: HTMLImageElement) => el.decode());
      expect(await byline.evaluate((el: HTMLImageElement) => el.naturalWidth > 0)).toBe(true);
      expect(await page.locator('.rail h2', { hasText: 'Most read' }).count()).toBe(1);
      await page.screenshot({ path: `/tmp/design-article-${width}.png`, fullPage: width === 390 });
      await context.close();
    }
  }, 120_000);

  it('loads the AVIF variant the layout needs (a phone gets 640 wide, not the full size)', async () => {
    const context = await b.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${b.base}${articlePath}`);
    const img = page.locator('figure.lead img');
    await img.evaluate((el: HTMLImageElement) => el.decode());
    // 375 px less the margins is 343 CSS px: the smallest AVIF at least that wide is the 640 one.
    expect(await img.evaluate((el: HTMLImageElement) => new URL(el.currentSrc).pathname.replace(/^\/media\/\d+\//, ''))).toBe('640.avif');
    await context.close();
  });

  it('lays the article out for a phone without horizontal scrolling', async () => {
    const context = await b.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${b.base}${articlePath}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await context.close();
  });
});

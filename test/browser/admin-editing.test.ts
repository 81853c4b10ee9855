/**
 * The article editor in a real browser, writing and publishing: the whole flow from upload to
 * feed and sitemap, the toolbar by keyboard, scheduling, and publishing by keyboard alone — each
 * new page and state scanned with axe-core. Companies, revisions and safety have their own files.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { epochToZoned } from '../../src/admin/index.ts';
import { chromiumAvailable } from './chromium.ts';
import { articleIdIn, editorInBrowser, previewFrame, TIME_ZONE } from './editor-browser.ts';

describe.skipIf(!chromiumAvailable())('the article editor in a real browser: writing and publishing', () => {
  const ed = editorInBrowser();
  const { session, axe } = ed;

  it('uploads an image, writes with the toolbar and live preview, saves, publishes, and finds the article on the site, its feeds and its sitemap', async () => {
    const { context, page, violations } = await session();
    const found: string[] = [];

    await page.getByRole('link', { name: 'Media' }).click();
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 20, g: 90, b: 160 } } }).jpeg().toBuffer();
    await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'charger.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByLabel('Alt text').fill('A kerbside charger on a city street');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(`${ed.base}/admin/media?done=uploaded`);

    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.waitForURL(`${ed.base}/admin/articles/new`);
    await page.getByLabel('Headline').fill('Kerbside chargers multiply');
    await page.getByLabel('Standfirst').fill('Cities race to electrify the kerb.');
    const body = page.getByLabel('Body', { exact: true });
    await body.fill('Cities add chargers quickly.\nRenault leads\nNissan follows');

    // The toolbar acts on the selection: bold a word, link another, make two lines a list.
    const select = (text: string, length = text.length) =>
      body.evaluate(
        (ta: HTMLTextAreaElement, [t, n]) => {
          const i = ta.value.indexOf(t as string);
          ta.setSelectionRange(i, i + (n as number));
        },
        [text, length] as const,
      );
    await select('quickly');
    await page.getByRole('button', { name: 'Bold' }).click();
    await select('Cities');
    await page.getByRole('button', { name: 'Link' }).click();
    await page.keyboard.type('https://example.com/cities');
    await select('Renault leads\nNissan follows');
    await page.getByRole('button', { name: 'Bulleted list' }).click();
    expect(await body.inputValue()).toBe('[Cities](https://example.com/cities) add chargers **quickly**.\n- Renault leads\n- Nissan follows');

    await page.getByLabel('Lead image').selectOption({ label: 'A kerbside charger on a city street (charger.jpg)' });
    await page.getByLabel('Caption').fill('A charger in Lyon.');
    await page.getByLabel('Credit').fill('Photo: Ada Lens');
    await page.getByLabel('Section').fill('Charging');

    // The live preview is the public page, as typed.
    await expect.poll(() => previewFrame(page).locator('main h1').textContent(), { timeout: 10_000 }).toBe('Kerbside chargers multiply');
    await expect.poll(() => previewFrame(page).locator('main figcaption').textContent(), { timeout: 10_000 }).toContain('A charger in Lyon.');
    expect(await previewFrame(page).locator('main strong').first().textContent()).toBe('quickly');
    expect(await previewFrame(page).locator('main .body li').allTextContents()).toEqual(['Renault leads', 'Nissan follows']);
    await body.press('End');
    await page.keyboard.type('\n\nA new paragraph appears.');
    await expect.poll(() => previewFrame(page).locator('main p', { hasText: 'A new paragraph appears.' }).count(), { timeout: 10_000 }).toBe(1);
    // …and the companies the tagger finds, as typed.
    await expect.poll(() => page.locator('#companies-found td a').allTextContents(), { timeout: 10_000 }).toEqual(['Nissan', 'Renault']);
    found.push(...(await axe(page, 'new article with toolbar, preview and companies')));

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?done=save$/);
    const id = articleIdIn(page.url());
    expect(await page.getByRole('status').textContent()).toBe('Saved.');
    expect(await ed.app.store.articles.findById(id)).toMatchObject({ status: 'draft', lead_image_caption: 'A charger in Lyon.', lead_image_credit: 'Photo: Ada Lens' });
    found.push(...(await axe(page, 'saved draft')));

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(`${ed.base}/admin/articles/${id}?done=publish`);
    expect(await page.getByRole('status').textContent()).toBe('Published.');

    await page.goto(`${ed.base}/`);
    await page.getByRole('link', { name: 'Kerbside chargers multiply' }).first().click();
    await page.waitForURL(`${ed.base}/news/kerbside-chargers-multiply`);
    expect(await page.locator('main h1').textContent()).toBe('Kerbside chargers multiply');
    const lead = page.locator('main figure img').first();
    expect(await lead.getAttribute('alt')).toBe('A kerbside charger on a city street');
    expect(await lead.getAttribute('src')).toMatch(/^\/media\/\d+\/\d+\.jpg$/);
    expect(await lead.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('main figcaption').textContent()).toContain('Photo: Ada Lens');
    expect(await page.locator('main a[href="https://example.com/cities"]').textContent()).toBe('Cities');

    const url = 'https://news.example/news/kerbside-chargers-multiply';
    for (const feed of ['/feed.xml', '/sections/charging/feed.xml']) {
      const xml = await (await page.request.get(`${ed.base}${feed}`)).text();
      expect(xml, feed).toContain('<title>Kerbside chargers multiply</title>');
      expect(xml, feed).toContain(`<link>${url}</link>`);
    }
    const index = await (await page.request.get(`${ed.base}/sitemap.xml`)).text();
    expect(index).toContain('https://news.example/sitemaps/articles-1.xml');
    expect(await (await page.request.get(`${ed.base}/sitemaps/articles-1.xml`)).text()).toContain(`<loc>${url}</loc>`);

    expect(found).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  }, 180_000);

  it('moves through the toolbar with arrow keys and formats with it from the keyboard', async () => {
    const { context, page } = await session();
    await page.goto(`${ed.base}/admin/articles/new`);
    const body = page.getByLabel('Body', { exact: true });
    await body.fill('quote me\nfirst\nsecond');
    await body.evaluate((ta: HTMLTextAreaElement) => ta.setSelectionRange(0, 2));
    await page.getByLabel('Standfirst').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bold');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Quote');
    await page.keyboard.press('Enter');
    expect(await body.inputValue()).toBe('> quote me\nfirst\nsecond');
    // Only one toolbar button is in the Tab order: Shift+Tab from the Body lands on the last one used.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Quote');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Numbered list');
    await body.evaluate((ta: HTMLTextAreaElement) => ta.setSelectionRange(ta.value.indexOf('first'), ta.value.length));
    await page.keyboard.press('Enter');
    expect(await body.inputValue()).toBe('> quote me\n1. first\n2. second');
    await body.evaluate((ta: HTMLTextAreaElement) => ta.setSelectionRange(ta.value.indexOf('second'), ta.value.length));
    await page.keyboard.press('Control+I');
    expect(await body.inputValue()).toBe('> quote me\n1. first\n2. _second_');
    await context.close();
  }, 180_000);

  it('schedules an article two seconds ahead (in the site’s time zone) and it appears on the home page by itself', async () => {
    const { context, page } = await session();
    await page.goto(`${ed.base}/admin/articles/new`);
    await page.getByLabel('Headline').fill('Scheduled in the browser');
    await page.getByLabel('Body', { exact: true }).fill('It publishes itself.');
    // Minutes are the field's resolution: pick the next whole minute and set the clock two seconds before it.
    const at = (Math.floor(Date.now() / 60_000) + 2) * 60_000;
    await page.getByLabel(`Publish at (${TIME_ZONE})`).fill(epochToZoned(at, TIME_ZONE));
    ed.app.clock.now = at - 2_000;
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\?done=schedule$/);
    const id = articleIdIn(page.url());
    expect(await page.getByRole('status').textContent()).toBe('Scheduled.');
    expect(Number((await ed.app.store.articles.findById(id))!.published_at)).toBe(at);

    await expect.poll(async () => (await ed.app.store.articles.findById(id))?.status, { timeout: 15_000, interval: 100 }).toBe('published');
    const home = await context.newPage();
    await expect
      .poll(
        async () => {
          await home.goto(`${ed.base}/`);
          return home.getByRole('link', { name: 'Scheduled in the browser' }).count();
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBeGreaterThan(0);
    // It waited for its time: about two seconds (less the time the Schedule request took).
    expect(Date.now() - clicked).toBeGreaterThan(1_000);
    expect(await ed.app.store.articles.findById(id)).toMatchObject({ status: 'published' });
    await context.close();
  }, 180_000);

  it('publishes with the keyboard alone, from the article list to the public page', async () => {
    const { context, page } = await session();
    /** Presses Tab (or Shift+Tab) until the focused element has this accessible label or text. */
    const tabTo = async (name: string, key = 'Tab') => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press(key);
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return (el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
        });
        if (focused === name) return;
      }
      throw new Error(`no focusable element named ${name}`);
    };
    await tabTo('New article');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${ed.base}/admin/articles/new`);
    await tabTo('Headline');
    await page.keyboard.type('Published without a mouse');
    await tabTo('Standfirst');
    await page.keyboard.type('Every step by keyboard.');
    await tabTo('Body');
    await page.keyboard.type('Tab, type and Enter.');
    await tabTo('Section');
    await page.keyboard.type('Access');
    await tabTo('Lead image', 'Shift+Tab');
    // Typing on a select picks the option that starts with what was typed.
    await page.keyboard.type('A green');
    await tabTo('Publish');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?done=publish$/);
    expect(await page.getByRole('status').textContent()).toBe('Published.');
    await tabTo('View on the site');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${ed.base}/news/published-without-mouse`);
    expect(await page.locator('main h1').textContent()).toBe('Published without a mouse');
    expect(await page.locator('main a[href="/sections/access"]').count()).toBeGreaterThan(0);
    expect(await page.locator('main figure img').getAttribute('alt')).toBe('A green test card');
    await context.close();
  }, 150_000);
});

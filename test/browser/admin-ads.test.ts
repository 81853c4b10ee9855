import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { article } from '../support.ts';
import { appInBrowser, axeViolations, chromiumAvailable, signInToAdmin } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('advertising in a real browser', () => {
  let slug: string;
  const b = appInBrowser(async (app) => {
    await app.accounts.addUser({ email: 'boss@example.com', role: 'admin', password: PASSWORD, name: 'Bea Boss' }, 'test');
    await app.directory.importCompanies([JSON.stringify({ id: '2453', name: 'Renault', aliases: [], parent: null })]);
    slug = (await app.pipeline.save(article({ headline: 'Gantries go live on the ring road', section: 'Tolling' }))).slug;
    const boss = (await app.store.users.byEmail('boss@example.com'))!;
    for (const [name, colour] of [
      ['spring.png', '#0b6e4f'],
      ['drive.png', '#7a1f5c'],
    ] as const) {
      const png = await sharp({ create: { width: 300, height: 250, channels: 3, background: colour } }).png().toBuffer();
      const made = await app.media.upload({ filename: name, data: png }, `Banner ${name}`, boss);
      if (!('id' in made)) throw new Error(made.error.message);
    }
  }, { SCHEDULER_INTERVAL_MS: '3600000' });

  const signIn = (page: Page) => signInToAdmin(page, b.base, 'boss@example.com', PASSWORD);

  /** The sidebar ad's image once the browser has loaded it (the load is what counts the impression). */
  async function shownAd(page: Page): Promise<string> {
    const img = page.locator('.ad-sidebar img');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('.ad-sidebar img');
      return el?.complete && el.naturalWidth > 0;
    });
    expect(await page.locator('.ad-sidebar .ad-label').textContent()).toBe('Advertisement');
    expect(await page.locator('.ad-sidebar a').getAttribute('rel')).toBe('sponsored noopener');
    return (await img.getAttribute('alt'))!;
  }

  it('an admin adds a campaign with two creatives; readers see them rotate, click one, and the report counts it', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Advertising' }).click();
    await page.getByLabel('Campaign name').fill('Renault spring');
    await page.getByLabel('Advertiser').fill('renault');
    await page.getByLabel('Only in sections').fill('tolling');
    await page.getByRole('button', { name: 'Add campaign' }).click();
    await page.waitForURL(/\/admin\/ads\/campaigns\/\d+\?done=added$/);
    for (const [image, alt] of [
      ['spring.png', 'Spring offer'],
      ['drive.png', 'Book a test drive'],
    ] as const) {
      await page.locator('#image-slot').selectOption('sidebar');
      await page.getByLabel('Image (from the media library)').selectOption({ label: `${image} — Banner ${image}` });
      await page.getByLabel('Alt text').fill(alt);
      await page.getByLabel('Click-through URL').fill(`${b.base}/news?from=${encodeURIComponent(alt)}`);
      await page.getByRole('button', { name: 'Add image creative' }).click();
      await page.waitForURL(/\?done=creative$/);
    }

    // Each view picks anew from the cached page: both creatives turn up.
    const reader = await b.browser.newContext();
    const tab = await reader.newPage();
    const seen = new Set<string>();
    let views = 0;
    while (seen.size < 2 && views < 40) {
      await tab.goto(`${b.base}/news/${slug}`);
      seen.add(await shownAd(tab));
      views++;
    }
    expect([...seen].sort()).toEqual(['Book a test drive', 'Spring offer']);
    expect(await axeViolations(tab, 'article with an ad')).toEqual([]);

    // The page last viewed: its ad is already loaded (and counted).
    const alt = await shownAd(tab);
    await tab.locator('.ad-sidebar a').click();
    await tab.waitForURL(`${b.base}/news?from=${encodeURIComponent(alt)}`);
    await reader.close();

    await page.getByRole('link', { name: 'Advertising' }).click();
    await page.getByRole('link', { name: 'Report by day' }).click();
    const cells = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent)));
    const impressions = cells.reduce((n, r) => n + Number(r[4]), 0);
    const clicks = cells.reduce((n, r) => n + Number(r[5]), 0);
    expect({ impressions, clicks }).toEqual({ impressions: views, clicks: 1 });
    expect(cells.every((r) => r[1] === 'Renault spring' && r[3] === 'sidebar')).toBe(true);
    await context.close();
  }, 180_000);

  it('an admin writes sellers.json; a malformed one is refused with the reason, a good one is served', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${b.base}/admin/ads`);
    await page.getByLabel('sellers.json (served at /sellers.json; empty: none)').fill('{"sellers": [{"seller_id": "1"}]}');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('seller 1 needs a "seller_type"');
    const good = { version: '1.0', sellers: [{ seller_id: 'pub-1', seller_type: 'PUBLISHER', name: 'Transport Review', domain: 'news.example' }] };
    await page.getByLabel('sellers.json (served at /sellers.json; empty: none)').fill(JSON.stringify(good));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${b.base}/admin/ads?done=settings`);
    expect(await axeViolations(page, 'advertising settings')).toEqual([]);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/ads-sellers-json.png`, fullPage: true });
    const served = await page.goto(`${b.base}/sellers.json`);
    expect(served?.headers()['content-type']).toBe('application/json; charset=utf-8');
    expect(await served?.json()).toEqual(good);
    await context.close();
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { type ReaderSite, startReaderSite } from './reader-site.ts';

/**
 * The site-wide newsletter box (a plain form: the pages it is on carry no script of ours) at desktop and phone widths: the reader types an
 * address, chooses among the site's lists, confirms by the link mailed to a real SMTP server, then
 * signs in and turns a newsletter off on the account page. `SCREENSHOTS=dir` keeps the pages as seen.
 */
describe.skipIf(!chromiumAvailable())('newsletter sign-up box in a real browser', () => {
  let site: ReaderSite;

  beforeAll(async () => {
    site = await startReaderSite(async (app) => {
      await app.newsletters.addList({ slug: 'daily', name: 'Daily news', description: 'The day’s stories, every morning' });
      await app.newsletters.addList({ slug: 'weekly', name: 'Weekly digest', description: 'The week in one read, on Fridays' });
    });
  }, 300_000);

  afterAll(async () => {
    await site?.close();
  });

  const shot = async (page: import('playwright-core').Page, name: string) => {
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png`, fullPage: true });
  };

  for (const [label, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]] as const) {
    it(`signs up from the footer box and manages it on the account page (${label})`, async () => {
      const context = await site.browser.newContext({ viewport: { width, height }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
      const page = await context.newPage();
      const email = `${label}.reader@example.com`;
      const before = site.sink.received.length;
      await page.goto(`${site.base}/`);
      await page.locator('#newsletter-email-footer').fill(email);
      await shot(page, `${label}-1-box`);
      await page.locator('footer form.newsletter').getByRole('button', { name: 'Sign up' }).click();
      await page.waitForURL(`${site.base}/newsletters/subscribe`);
      expect(await page.locator('main h1').textContent()).toBe('Choose your newsletters');
      expect(await page.locator('main').getByLabel('Email address', { exact: true }).inputValue()).toBe(email);
      expect(await axeViolations(page, 'choose')).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.getByLabel(/Daily news/).check();
      await page.getByLabel(/Weekly digest/).check();
      await shot(page, `${label}-2-choose`);
      await page.locator('main').getByRole('button', { name: 'Sign up' }).click();
      expect(await page.locator('main h1').textContent()).toBe('Check your inbox');
      await site.sink.waitFor(before + 1);
      const confirm = /http:\/\/127\.0\.0\.1(\/newsletters\/confirm\?t=\S+)/.exec(site.sink.received[before]!.parsed.text ?? '')![1]!;
      await page.goto(`${site.base}${confirm}`);
      await page.getByRole('button', { name: 'Confirm' }).click();
      expect(await page.locator('main h1').textContent()).toBe('You are subscribed');

      // Signed in (the address is confirmed now), the account page lists both with toggles.
      await page.goto(`${site.base}/account/sign-in`);
      await page.locator('main').getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await site.sink.waitFor(before + 2);
      const link = /http:\/\/127\.0\.0\.1(\/account\/verify\?t=[\w-]+)/.exec(site.sink.received[before + 1]!.parsed.text ?? '')![1]!;
      await page.goto(`${site.base}${link}`);
      await page.waitForURL(`${site.base}/account`);
      expect(await page.locator('.account-newsletters li').allTextContents()).toEqual([
        expect.stringContaining('Daily news (subscribed)'),
        expect.stringContaining('Weekly digest (subscribed)'),
      ]);
      await page.getByRole('button', { name: 'Unsubscribe from Weekly digest' }).click();
      await page.waitForURL(`${site.base}/account?done=unsubscribed`);
      expect(await page.locator('.account-newsletters li').nth(1).textContent()).toContain('Weekly digest (not subscribed)');
      expect(await axeViolations(page, 'account')).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, `${label}-3-account`);
      await context.close();
    }, 120_000);
  }
});

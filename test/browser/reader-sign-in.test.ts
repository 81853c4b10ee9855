import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { type ReaderSite, startReaderSite } from './reader-site.ts';

/**
 * A reader on a phone follows Renault from its page: signs up by the link emailed to a real SMTP
 * server, opened in the same browser, and lands back on the company page. The app runs on the real
 * clock (a fixed test clock must never reach a browser).
 */
describe.skipIf(!chromiumAvailable())('reader sign-in in a real browser', () => {
  let site: ReaderSite;

  beforeAll(async () => {
    site = await startReaderSite(async (app) => {
      await app.directory.importCompanies([JSON.stringify({ id: '2453', name: 'Renault', aliases: [], parent: null })]);
    });
  }, 300_000);

  afterAll(async () => {
    await site?.close();
  });

  it('follows Renault at phone width by signing up with the emailed link', async () => {
    const context = await site.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${site.base}/companies/renault`);
    await page.getByRole('button', { name: 'Follow Renault' }).click();
    await page.waitForURL(`${site.base}/account/follow`);
    expect(await page.locator('main').textContent()).toContain('Sign in to follow Renault');
    expect(await axeViolations(page, 'sign-in')).toEqual([]);
    await page.locator('main').getByLabel('Email address').fill('phone.reader@example.com');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.waitForURL(`${site.base}/account/sign-in`);
    expect(await page.locator('main h1').textContent()).toBe('Check your email');
    await site.sink.waitFor(1);
    const link = /http:\/\/127\.0\.0\.1(\/account\/verify\?t=[\w-]+)/.exec(site.sink.received[0]!.parsed.text ?? '')![1]!;
    await page.goto(`${site.base}${link}`);
    await page.waitForURL(`${site.base}/companies/renault`);
    await page.goto(`${site.base}/account`);
    expect(await page.locator('main h1').textContent()).toBe('Your account');
    expect(await page.getByRole('link', { name: 'Renault' }).count()).toBe(1);
    expect(await axeViolations(page, 'account')).toEqual([]);
    // The page fits the phone: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});

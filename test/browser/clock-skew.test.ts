import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { makeTestApp, type TestApp } from '../support.ts';
import { chromiumAvailable, launchChromium, signInToAdmin } from './chromium.ts';

const YEAR_MS = 365 * 24 * 3600_000;

/**
 * A real browser keeps its own clock. The other tests run the app on a fixed clock (`NOW` in
 * support.ts) while Chromium lives in real time; when the two drifted a week apart, every sign-in
 * cookie arrived already expired and the admin's browser tests timed out. Here the app's clock is set
 * a year behind and a year ahead of the browser's, and the date-sensitive path (sign-in cookie,
 * CSRF-protected form, publishing, the public page) must still work.
 */
describe.skipIf(!chromiumAvailable())('an app whose clock disagrees with the browser’s', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  for (const [label, offset] of [
    ['a year behind', -YEAR_MS],
    ['a year ahead', YEAR_MS],
  ] as const) {
    describe(label, () => {
      let app: TestApp;
      let base: string;
      beforeAll(async () => {
        app = await makeTestApp();
        app.clock.now = Date.now() + offset;
        await app.accounts.addUser({ email: 'editor@example.com', role: 'editor', password: PASSWORD, name: 'Eda Editor' }, 'test');
        base = await app.http.listen({ port: 0, host: '127.0.0.1' });
      }, 60_000);
      afterAll(() => app?.close());

      it('signs in, publishes through the CSRF-protected form, and the reader sees the story', async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await signInToAdmin(page, base, 'editor@example.com', PASSWORD);
        const session = (await context.cookies()).find((c) => c.name === 'mh_session');
        // The browser's own clock decides: the cookie lives about a week from now, in its time.
        expect(session?.expires).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);
        await page.goto(`${base}/admin/articles/new`);
        await page.getByLabel('Headline').fill('Tolling gantries switch on whatever the clock says');
        await page.getByLabel('Body', { exact: true }).fill('The gantries went live.');
        await page.getByLabel('Section').fill('Tolling');
        await page.getByRole('button', { name: 'Publish' }).click();
        await page.waitForURL(/\/admin\/articles\/\d+\?done=publish$/);
        await page.goto(`${base}/`);
        await page.getByRole('link', { name: 'Tolling gantries switch on whatever the clock says' }).first().click();
        expect(await page.locator('main h1').textContent()).toBe('Tolling gantries switch on whatever the clock says');
        await context.close();
      }, 90_000);
    });
  }
});

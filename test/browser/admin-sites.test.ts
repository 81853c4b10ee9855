import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { article, NOW } from '../support.ts';
import { appInBrowser, axeViolations, chromiumAvailable, signInToAdmin } from './chromium.ts';

/** The admin's site switcher and "also publish on", at desktop width, as an editor uses them. */
describe.skipIf(!chromiumAvailable())('several sites in the admin, in a real browser', () => {
  const b = appInBrowser(async (app) => {
    await app.accounts.addUser({ email: 'boss@example.com', role: 'admin', password: PASSWORD, name: 'Bea Boss' }, 'test');
    // *.localhost is loopback in Chromium: the second site is reached by its own host name.
    await app.sites.add({ name: 'Highways Today', hosts: ['highways.localhost'] });
    await app.pipeline.save(article({ headline: 'Main site tolling story', section: 'Tolling', publishedAt: NOW - 60_000 }));
    await app.pipeline.save(article({ headline: 'Highways resurfacing story', section: 'Resurfacing', siteId: app.sites.bySlug('highways-today').id, publishedAt: NOW - 60_000 }));
  });

  it('switches site, then publishes a story on both sites with "also publish on"', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInToAdmin(page, b.base, 'boss@example.com', PASSWORD);
    const table = page.locator('main table');
    expect(await table.textContent()).toContain('Main site tolling story');
    expect(await table.textContent()).not.toContain('Highways resurfacing story');

    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Highways Today' });
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.waitForURL(`${b.base}/admin`);
    expect(await page.locator('header.admin strong').textContent()).toBe('Highways Today');
    expect(await table.textContent()).toContain('Highways resurfacing story');
    expect(await table.textContent()).not.toContain('Main site tolling story');
    expect(await axeViolations(page, 'article list with the site switcher')).toEqual([]);
    await page.screenshot({ path: '/tmp/admin-sites-switcher.png', clip: { x: 0, y: 0, width: 1280, height: 240 } });

    await page.getByLabel('Site', { exact: true }).selectOption({ label: b.app.sites.first().name });
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.waitForURL(`${b.base}/admin`);
    await page.getByRole('link', { name: 'New article', exact: true }).first().click();
    await page.getByLabel('Headline').fill('Bridge inspections move to drones');
    await page.getByLabel('Body').fill('Drones now inspect the bridges on both networks.');
    const alsoOn = page.getByRole('group', { name: 'Also publish on' });
    await alsoOn.getByLabel('Highways Today').check();
    await alsoOn.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/admin-sites-editor.png' });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?done=publish$/);
    expect(await page.getByRole('group', { name: 'Also publish on' }).getByLabel('Highways Today').isChecked()).toBe(true);

    const slug = 'bridge-inspections-move-drones';
    const onB = await page.goto(`http://highways.localhost:${new URL(b.base).port}/news/${slug}`);
    expect(onB?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Bridge inspections move to drones');
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(`${b.app.config.site.url}/news/${slug}`);
    await context.close();
  }, 120_000);
});

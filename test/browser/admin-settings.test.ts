import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { article, NOW } from '../support.ts';
import { appInBrowser, axeViolations, chromiumAvailable, signInToAdmin } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('site settings, sections and tags, users in a real browser', () => {
  let pinned: string;
  const b = appInBrowser(async (app) => {
    await app.accounts.addUser({ email: 'boss@example.com', role: 'admin', password: PASSWORD, name: 'Bea Boss' }, 'test');
    pinned = (await app.pipeline.save(article({ headline: 'An older story worth leading with', section: 'Rail', publishedAt: NOW - 48 * 3600_000 }))).slug;
    await app.pipeline.save(article({ headline: 'Gantries go live on the ring road', section: 'Tolling', tags: ['ANPR', 'Gantries'] }));
    const png = await sharp({ create: { width: 800, height: 200, channels: 3, background: '#0b2a4a' } }).png().toBuffer();
    const logo = await app.media.upload({ filename: 'wordmark.png', data: png }, 'Wordmark', (await app.store.users.byEmail('boss@example.com'))!);
    if (!('id' in logo)) throw new Error(logo.error.message);
  });

  const signIn = (page: Page, email: string, password: string) => signInToAdmin(page, b.base, email, password);

  it('changes the site title in the browser; the public home page shows it', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'boss@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Site title').fill('Ring Road Review');
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(`${b.base}/admin/settings?done=saved`);
    expect(await page.getByRole('status').first().textContent()).toBe('Settings saved.');
    await page.goto(`${b.base}/`);
    expect(await page.title()).toBe('Ring Road Review');
    await context.close();
  }, 60_000);

  it('pins the lead story and sets a logo, accent and social link in the browser; the home page shows them, axe-clean', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'boss@example.com', PASSWORD);
    await page.goto(`${b.base}/admin/settings`);
    await page.getByLabel('Lead story').fill(pinned);
    await page.getByLabel('Logo').selectOption({ label: 'wordmark.png (Wordmark)' });
    await page.getByLabel('Accent colour').fill('#7a1f5c');
    await page.getByLabel('Social link 1').fill('https://www.linkedin.com/company/ring-road-review');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(`${b.base}/admin/settings?done=saved`);
    await page.goto(`${b.base}/`);
    expect(await page.locator('.story-lead .story-headline').textContent()).toBe('An older story worth leading with');
    expect(await page.locator('header.site img.brand-logo').getAttribute('alt')).toBe(await page.title());
    expect(await page.locator('footer a[rel="me"]').textContent()).toBe('LinkedIn');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim())).toBe('#7a1f5c');
    expect(await axeViolations(page, 'home with a logo and an accent colour')).toEqual([]);
    await context.close();
  }, 120_000);

  it('adds a user in the browser, who then signs in', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'boss@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Email').fill('cora@example.com');
    await page.getByLabel('Name').fill('Cora Contributor');
    await page.getByLabel('Role').selectOption('contributor');
    await page.getByLabel('Initial password').fill('cora’s long secret');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL(/\/admin\/users\/\d+\?done=added$/);
    expect(await page.locator('main h1').textContent()).toBe('Cora Contributor');
    const other = await b.browser.newContext();
    const second = await other.newPage();
    await signIn(second, 'cora@example.com', 'cora’s long secret');
    expect(await second.locator('header.admin .who span').textContent()).toBe('Cora Contributor (contributor)');
    await other.close();
    await context.close();
  }, 60_000);

  /** Signs in as the admin in a fresh context, runs `visit`, and returns every axe-core violation it found. */
  async function scanPages(visit: (page: Page, scan: (what: string) => Promise<void>) => Promise<void>): Promise<string[]> {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const found: string[] = [];
    const scan = async (what: string) => {
      found.push(...(await axeViolations(page, what)));
    };
    await signIn(page, 'boss@example.com', PASSWORD);
    await visit(page, scan);
    await context.close();
    return found;
  }

  // Three scans of a few pages each: axe-core takes seconds a page on a busy machine.
  it('has no axe-core violations on the settings page and its error state', async () => {
    const found = await scanPages(async (page, scan) => {
      await page.goto(`${b.base}/admin/settings`);
      await scan('settings');
      await page.getByLabel('Site title').fill('');
      await page.getByLabel('Articles per page').fill('0');
      await page.getByLabel('Featured story 1').fill('Not a slug');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.waitForSelector('#title-error');
      await page.waitForSelector('#featuredStory1-error');
      await scan('settings with errors');
    });
    expect(found).toEqual([]);
  }, 180_000);

  it('has no axe-core violations on the sections and tags pages and their error states', async () => {
    const found = await scanPages(async (page, scan) => {
      await page.goto(`${b.base}/admin/sections`);
      await scan('sections');
      await page.getByRole('link', { name: 'Tolling' }).click();
      await scan('one section');
      await page.goto(`${b.base}/admin/tags`);
      await scan('tags');
      await page.getByRole('link', { name: 'Gantries' }).click();
      await page.getByLabel('Slug', { exact: true }).fill('Not a slug');
      await page.getByRole('button', { name: 'Save tag' }).click();
      await page.waitForSelector('#slug-error');
      await scan('tag with an error');
      await page.getByLabel('Tag to keep (name or slug)').fill('nothing like it');
      await page.getByRole('button', { name: 'Merge' }).click();
      await page.waitForSelector('#into-error');
      await scan('tag merge with an error');
    });
    expect(found).toEqual([]);
  }, 180_000);

  it('has no axe-core violations on the users pages and their error states', async () => {
    const found = await scanPages(async (page, scan) => {
      await page.goto(`${b.base}/admin/users`);
      await scan('users');
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.waitForSelector('#email-error');
      await scan('users with errors');
      await page.getByRole('link', { name: 'Bea Boss' }).click();
      await page.getByRole('button', { name: 'Disable this user' }).click();
      await page.waitForSelector('#status-error');
      await scan('one user with an error');
    });
    expect(found).toEqual([]);
  }, 180_000);
});

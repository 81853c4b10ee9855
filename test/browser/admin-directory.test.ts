import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { article } from '../support.ts';
import { appInBrowser, axeViolations, chromiumAvailable, signInToAdmin } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('directory management in a real browser', () => {
  let slug: string;
  const b = appInBrowser(async (app) => {
    await app.accounts.addUser({ email: 'editor@example.com', role: 'editor', password: PASSWORD, name: 'Eda Editor' }, 'test');
    await app.directory.importCompanies([JSON.stringify({ id: '838', name: 'Nissan', aliases: [] }), JSON.stringify({ id: '4777', name: 'Infiniti', parent: '838' })]);
    const saved = await app.pipeline.save(article({ headline: 'Kerbwise opens a depot', body: 'KWC will run 40 chargers at the new depot.' }));
    slug = (await app.store.articles.findById(saved.id))!.slug;
  });

  const signIn = (page: Page) => signInToAdmin(page, b.base, 'editor@example.com', PASSWORD);

  it('creates a company with an alias; after the background re-tag an existing article links to it', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    await signIn(page);
    await page.getByRole('link', { name: 'Companies', exact: true }).click();
    await page.getByRole('link', { name: 'New company' }).click();
    await page.getByLabel('Name').fill('Kerbwise Charging');
    await page.getByLabel('Aliases').fill('KWC');
    await page.getByLabel('Parent company').fill('Nissan');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.waitForURL(/\/admin\/companies\/\d+\?done=created$/);
    expect(await page.getByRole('status').first().textContent()).toBe('Company added. Articles are being re-tagged in the background.');
    await b.app.retagger.idle();
    await page.goto(`${b.base}/news/${slug}`);
    // The first mention in the body (the alias) and the companies box both link to the profile.
    const links = await page.locator('main a[href="/companies/kerbwise-charging"]').allTextContents();
    expect(links).toContain('KWC');
    expect(links).toContain('Kerbwise Charging');
    await page.goto(`${b.base}/admin/companies`);
    expect(await page.locator('.retag-status').textContent()).toBe('All articles are tagged against the current directory.');
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);

  it('has no axe-core violations on the directory pages and their error states', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const scan = async (what: string) => {
      return axeViolations(page, what);
    };
    const found: string[] = [];
    await signIn(page);
    await page.goto(`${b.base}/admin/companies`);
    found.push(...(await scan('company list')));
    await page.goto(`${b.base}/admin/companies?q=nis`);
    found.push(...(await scan('company search')));
    await page.goto(`${b.base}/admin/companies/new`);
    found.push(...(await scan('new company')));
    await page.getByLabel('Website').fill('not a url');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.waitForSelector('#name-error');
    found.push(...(await scan('new company with errors')));
    const nissan = Number((await b.app.store.companies.bySlug('nissan'))!.id);
    await page.goto(`${b.base}/admin/companies/${nissan}`);
    found.push(...(await scan('edit company (with brands)')));
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.waitForSelector('#alt-error');
    found.push(...(await scan('logo upload with an error')));
    await page.getByLabel('Parent company').fill('Infiniti');
    await page.getByRole('button', { name: 'Save company' }).click();
    await page.waitForSelector('#parent-error');
    found.push(...(await scan('edit company with errors')));
    await page.goto(`${b.base}/admin/companies/${nissan}/merge`);
    found.push(...(await scan('merge')));
    await page.getByRole('button', { name: 'Review the merge' }).click();
    await page.waitForSelector('#into-error');
    found.push(...(await scan('merge with an error')));
    await page.getByLabel('Merge into').fill('Infiniti');
    await page.getByRole('button', { name: 'Review the merge' }).click();
    await page.getByRole('heading', { name: 'Merge Nissan into Infiniti?' }).waitFor();
    found.push(...(await scan('merge confirmation')));
    expect(found).toEqual([]);
    await context.close();
  }, 240_000); // ten scans, each several seconds on a loaded machine
});

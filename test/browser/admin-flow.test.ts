import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { appInBrowser, axeViolations, chromiumAvailable, signInToAdmin, submitSignIn } from './chromium.ts';

describe.skipIf(!chromiumAvailable())('the admin in a real browser', () => {
  const b = appInBrowser(async (app) => {
    await app.accounts.addUser({ email: 'editor@example.com', role: 'editor', password: PASSWORD, name: 'Eda Editor' }, 'test');
  });

  const signIn = (page: Page) => signInToAdmin(page, b.base, 'editor@example.com', PASSWORD);
  const failSignIn = (page: Page, password: string) => submitSignIn(page, b.base, 'editor@example.com', password);

  it('signs in, writes and publishes an article, and sees it on the home page — with no CSP violations', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    await failSignIn(page, 'not the password');
    expect(await page.getByRole('alert').textContent()).toBe('The email or password is incorrect.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${b.base}/admin`);
    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.getByLabel('Headline').fill('Browser-written story about kerbside charging');
    await page.getByLabel('Standfirst').fill('Written and published in a real browser.');
    await page.getByLabel('Body', { exact: true }).fill('Cities are adding **kerbside chargers** quickly.');
    await page.getByLabel('Section').fill('Charging');
    await page.getByLabel('Tags').fill('EV, Kerbside');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/admin\/articles\/1\?done=publish$/);
    expect(await page.getByRole('status').textContent()).toBe('Published.');
    await page.goto(`${b.base}/`);
    await page.getByRole('link', { name: 'Browser-written story about kerbside charging' }).first().click();
    expect(await page.locator('main h1').textContent()).toBe('Browser-written story about kerbside charging');
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);

  it('warns before leaving the editor with unsaved changes', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${b.base}/admin/articles/new`);
    // The handler cancels beforeunload (which makes the browser ask) only once something was typed.
    const leaving = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await leaving()).toBe(false);
    await page.getByLabel('Headline').fill('Half-written');
    expect(await leaving()).toBe(true);
    await context.close();
  }, 60_000);

  it('has no axe-core violations on any admin page', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const scan = async (what: string) => {
      return axeViolations(page, what);
    };
    const found: string[] = [];
    await page.goto(`${b.base}/admin/sign-in`);
    found.push(...(await scan('sign-in')));
    await failSignIn(page, 'wrong password!');
    found.push(...(await scan('sign-in with an error')));
    await signIn(page);
    found.push(...(await scan('article list')));
    await page.goto(`${b.base}/admin/articles/new`);
    found.push(...(await scan('new article')));
    await page.getByRole('button', { name: 'Save draft' }).click();
    // The browser's own `required` check stops an empty form; the server's errors show when it is bypassed.
    await page.evaluate(() => document.querySelector('form[data-editor]')?.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForSelector('#headline-error');
    found.push(...(await scan('editor with errors')));
    await page.goto(`${b.base}/admin/articles/1`);
    found.push(...(await scan('editor')));
    await page.goto(`${b.base}/admin/articles/1/revisions`);
    found.push(...(await scan('revisions')));
    await page.goto(`${b.base}/admin/media`);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForSelector('#alt-error');
    found.push(...(await scan('media library with an error')));
    await page.goto(`${b.base}/admin/companies/suggestions`);
    found.push(...(await scan('company suggestions')));
    await page.goto(`${b.base}/admin/redirects`);
    await page.getByLabel('Old path').fill('no-slash');
    await page.getByRole('button', { name: 'Save redirect' }).click();
    await page.waitForSelector('#from-error');
    found.push(...(await scan('redirects with an error')));
    await page.goto(`${b.base}/admin/articles/999`);
    found.push(...(await scan('not found')));
    expect(found).toEqual([]);
    await context.close();
  }, 180_000);
});

/**
 * The article editor's guards in a real browser: a contributor cannot publish, a POST without the
 * CSRF token is refused, and XSS payloads in every field stay inert.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium.ts';
import { articleIdIn, editorInBrowser, previewFrame } from './editor-browser.ts';

describe.skipIf(!chromiumAvailable())('the editor’s guards in a real browser', () => {
  const ed = editorInBrowser();
  const { session, axe } = ed;

  it('lets a contributor save but not publish: no Publish button, and a forged publish refused', async () => {
    const { context, page } = await session('contributor@example.com');
    await page.getByRole('link', { name: 'New article' }).first().click();
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Schedule' }).count()).toBe(0);
    expect(await page.locator('#companies').count()).toBe(0);
    expect(await axe(page, 'contributor editor')).toEqual([]);
    await page.getByLabel('Headline').fill('A contributor’s draft');
    await page.getByLabel('Body', { exact: true }).fill('Waiting for an editor.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\?done=save$/);
    const id = articleIdIn(page.url());
    const csrf = await page.locator('form[data-editor] input[name="_csrf"]').inputValue();
    const forged = await page.request.post(`${ed.base}/admin/articles/${id}`, {
      form: { _csrf: csrf, headline: 'A contributor’s draft', body: 'Published anyway?', action: 'publish' },
    });
    expect(forged.status()).toBe(403);
    expect(await ed.app.store.articles.findById(id)).toMatchObject({ status: 'draft', body: 'Waiting for an editor.' });
    await context.close();
  }, 180_000);

  it('refuses a state-changing POST without the CSRF token', async () => {
    const { context, page } = await session();
    const before = await ed.app.store.articles.allIds();
    const status = await page.evaluate(async () => {
      const res = await fetch('/admin/articles/new', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ headline: 'Forged', body: 'Forged.', action: 'publish' }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    expect(await ed.app.store.articles.allIds()).toEqual(before);
    await context.close();
  }, 180_000);

  it('renders an XSS payload in every text field inert on the public page (and in the preview)', async () => {
    const { context, page, dialogs } = await session();
    await page.goto(`${ed.base}/admin/articles/new`);
    const payloads: Record<string, string> = {
      Headline: 'Inert <img src=x onerror=alert(1)> headline',
      Standfirst: '"><script>alert(2)</script><svg onload=alert(3)>',
      Body: 'Body <img src=x onerror=alert(4)>\n\n[click me](javascript:alert(5))\n\n<iframe src="javascript:alert(6)"></iframe>\n\n<a href="#" onclick="alert(7)">x</a>',
      Caption: '<script>alert(8)</script>',
      Credit: '<img src=x onerror=alert(9)>',
      Section: 'Sec<script>alert(10)</script>',
      Tags: 'tag<img src=x onerror=alert(11)>',
      Authors: 'Ann <b onmouseover=alert(12)>Bold</b>',
    };
    for (const [label, value] of Object.entries(payloads)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('Lead image').selectOption({ label: ed.imageLabel });
    await expect.poll(() => previewFrame(page).locator('main h1').textContent(), { timeout: 10_000 }).toBe('Inert <img src=x onerror=alert(1)> headline');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\?done=publish$/);
    const slug = (await ed.app.store.articles.findById(articleIdIn(page.url())))!.slug;

    for (const path of [`/news/${slug}`, '/']) {
      await page.goto(`${ed.base}${path}`);
      await page.waitForLoadState('load');
      await page.locator('main').hover();
      const injected = await page.evaluate(() => ({
        scripts: Array.from(document.scripts).filter((s) => s.type !== 'application/ld+json' && /alert/.test(s.textContent ?? '')).length,
        badImages: document.querySelectorAll('img[src="x"], img[onerror]').length,
        handlers: Array.from(document.querySelectorAll("*")).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
        svgs: document.querySelectorAll('main svg').length,
        frames: document.querySelectorAll('iframe').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      }));
      expect(injected, path).toEqual({ scripts: 0, badImages: 0, handlers: 0, svgs: 0, frames: 0, jsLinks: 0 });
    }
    await page.goto(`${ed.base}/news/${slug}`);
    expect(await page.locator('main h1').textContent()).toBe('Inert <img src=x onerror=alert(1)> headline');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await context.close();
  }, 150_000);
});

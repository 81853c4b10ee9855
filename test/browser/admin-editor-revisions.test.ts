/**
 * The article editor's saved states in a real browser: autosave and its revision, and comparing
 * and restoring revisions.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium.ts';
import { articleIdIn, editorInBrowser, leaving } from './editor-browser.ts';

describe.skipIf(!chromiumAvailable())('autosave and revisions in a real browser', () => {
  const ed = editorInBrowser();
  const { session, axe } = ed;

  it('autosaves a new article as a draft, moves the URL to it, folds autosaves into one revision and clears the leaving warning', async () => {
    const { context, page } = await session();
    await page.goto(`${ed.base}/admin/articles/new`);
    await page.getByLabel('Headline').fill('Autosaved in the browser');
    await page.getByLabel('Body', { exact: true }).fill('Typed, never saved by hand.');
    expect(await leaving(page)).toBe(true);
    const status = page.locator('#autosave-status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Saved at \d\d:\d\d$/);
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const id = articleIdIn(page.url());
    expect(await leaving(page)).toBe(false);
    expect(await ed.app.store.articles.findById(id)).toMatchObject({ status: 'draft', body: 'Typed, never saved by hand.' });

    await page.getByLabel('Body', { exact: true }).fill('Typed again, still not by hand.');
    expect(await leaving(page)).toBe(true);
    await expect.poll(async () => (await ed.app.store.articles.findById(id))?.body, { timeout: 15_000 }).toBe('Typed again, still not by hand.');
    await expect.poll(() => leaving(page)).toBe(false);
    expect((await ed.app.store.revisions.list(id)).map((r) => [r.note, r.body])).toEqual([['autosave', 'Typed again, still not by hand.']]);
    expect(await ed.app.store.articles.allIds()).toContain(id);
    expect((await ed.app.store.articles.allIds()).length).toBe(new Set(await ed.app.store.articles.allIds()).size);

    // Pressing Publish now goes to the autosaved draft, not to a second new article.
    const before = (await ed.app.store.articles.allIds()).length;
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(`${ed.base}/admin/articles/${id}?done=publish`);
    expect((await ed.app.store.articles.allIds()).length).toBe(before);

    // A published article is not autosaved: the live page changes only with Update.
    await page.getByLabel('Headline').fill('Not on the live page');
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 15_000 }).toBe(
      'Autosave is off for published articles: changes are kept only when you press Update.',
    );
    expect(await ed.app.store.articles.findById(id)).toMatchObject({ headline: 'Autosaved in the browser', status: 'published' });
    expect(await leaving(page)).toBe(true);
    await context.close();
  }, 150_000);

  it('compares revisions word by word and restores one', async () => {
    const { context, page } = await session();
    await ed.saveNewDraft(page, 'Tolls rise on the bridge', 'The toll rises in May.');
    const id = articleIdIn(page.url());
    await page.getByLabel('Headline').fill('Tolls fall on the bridge');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\?done=save$/);
    await page.getByRole('link', { name: 'Revisions' }).click();
    expect(await axe(page, 'revisions with compare links')).toEqual([]);
    await page.getByRole('link', { name: /^with current/ }).click();
    expect(await page.locator('#diff-headline + .diff del').textContent()).toBe('[removed: rise]');
    expect(await page.locator('#diff-headline + .diff ins').textContent()).toBe('[added: fall]');
    expect(await page.locator('#diff-headline + .diff del').evaluate((d) => getComputedStyle(d).textDecorationLine)).toBe('line-through');
    expect(await page.locator('#diff-headline + .diff del .sr-only').first().evaluate((s) => s.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    expect(await axe(page, 'revision diff')).toEqual([]);
    await page.getByRole('button', { name: /^Restore the revision of/ }).click();
    await page.waitForURL(`${ed.base}/admin/articles/${id}?done=restore`);
    expect(await page.getByLabel('Headline').inputValue()).toBe('Tolls rise on the bridge');
    await context.close();
  }, 180_000);
});

/**
 * The article editor's companies panel in a real browser: blocking a company the tagger found
 * and pinning or blocking one from the directory's search-as-you-type list, without losing the
 * unsaved text.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium.ts';
import { articleIdIn, editorInBrowser } from './editor-browser.ts';

describe.skipIf(!chromiumAvailable())('the editor’s companies panel in a real browser', () => {
  const ed = editorInBrowser();
  const { session, axe } = ed;

  it('blocks a company the tagger found without leaving the unsaved text', async () => {
    const { context, page } = await session();
    await ed.saveNewDraft(page, 'Nissan and Renault share chargers', 'Nissan and Renault agree.');
    await page.getByLabel('Body', { exact: true }).fill('Nissan and Renault agree. Nissan pays.');
    await expect.poll(() => page.locator('#companies tr[data-company] td:nth-child(3)').allTextContents(), { timeout: 10_000 }).toEqual(['3', '2']);
    await page.getByRole('button', { name: 'Block Nissan' }).click();
    await expect.poll(() => page.locator('#companies tr', { hasText: 'Nissan' }).locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('blocked');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Pin Nissan');
    expect(await page.locator('#companies [aria-live="polite"]').textContent()).toBe('Blocked Nissan.');
    expect(await page.getByLabel('Body', { exact: true }).inputValue()).toBe('Nissan and Renault agree. Nissan pays.');
    expect(await axe(page, 'editor after blocking a company')).toEqual([]);
    await context.close();
  }, 180_000);

  it('pins and blocks directory companies from a search-as-you-type list, by keyboard and by pointer, keeping the unsaved text', async () => {
    const { context, page, violations } = await session();
    await ed.saveNewDraft(page, 'Charging news without names', 'A depot opens.');
    await page.getByLabel('Body', { exact: true }).fill('A depot opens. Unsaved words.');
    const field = page.getByRole('combobox', { name: 'Pin or block a company from the directory' });
    await field.pressSequentially('nis');
    const options = page.getByRole('listbox', { name: 'Directory companies' }).getByRole('option');
    await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toEqual(['Nissan nissan']);
    expect(await field.getAttribute('aria-expanded')).toBe('true');
    await field.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await field.press('Enter');
    expect(await field.inputValue()).toBe('Nissan');
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#companies tr', { hasText: 'Nissan' }).locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('pinned');
    expect(await page.locator('#companies [aria-live="polite"]').textContent()).toBe('Pinned Nissan.');
    expect(await field.inputValue()).toBe('');
    expect(await axe(page, 'editor with the company picker open')).toEqual([]);

    // With the pointer, as a block.
    await field.pressSequentially('ren');
    await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toEqual(['Renault renault']);
    await options.first().click();
    await page.getByLabel('Choice').selectOption('blocked');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#companies tr', { hasText: 'Renault' }).locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('blocked');
    // Nothing reloaded: the unsaved text is still there.
    expect(await page.getByLabel('Body', { exact: true }).inputValue()).toBe('A depot opens. Unsaved words.');
    expect(violations).toEqual([]);
    const id = articleIdIn(page.url());
    expect(await ed.app.store.companies.editorChoices(id)).toEqual({ pinned: [Number((await ed.app.store.companies.bySlug('nissan'))!.id)], blocked: [Number((await ed.app.store.companies.bySlug('renault'))!.id)] });
    await context.close();
  }, 180_000);

  it('keeps the company chosen with the arrow keys when the answer for a longer query arrives after the choice', async () => {
    // A flaky run's race: "ni" was asked first, the arrows chose from its list, "nis"'s answer forgot it.
    const { context, page } = await session();
    await ed.saveNewDraft(page, 'Charging news, slow answers', 'A depot opens.');
    const field = page.getByRole('combobox', { name: 'Pin or block a company from the directory' });
    const options = page.getByRole('listbox', { name: 'Directory companies' }).getByRole('option');
    await field.pressSequentially('ni');
    await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toEqual(['Nissan nissan']);
    let answer = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    const nis = /\/admin\/companies\/lookup\?q=nis$/;
    await page.route(nis, (route) => held.then(() => route.continue()));
    await Promise.all([page.waitForRequest(nis), field.press('s')]);
    await field.press('ArrowDown');
    expect(await field.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    answer();
    await expect.poll(() => page.locator('#add-company-options').getAttribute('data-answered'), { timeout: 10_000 }).toBe('nis');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('Nissan');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#companies tr', { hasText: 'Nissan' }).locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('pinned');
    await context.close();
  }, 180_000);
});

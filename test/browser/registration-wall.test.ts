import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article } from '../support.ts';
import { axeViolations, chromiumAvailable } from './chromium.ts';
import { type ReaderSite, startReaderSite } from './reader-site.ts';

/**
 * The registration wall in a real browser: two free articles, the third asks to sign in, and a
 * signed-in reader reads on; the public resource page passes axe. The app runs on the real clock
 * (a fixed test clock must never reach a browser).
 */
describe.skipIf(!chromiumAvailable())('registration wall and resources in a real browser', () => {
  let site: ReaderSite;

  beforeAll(async () => {
    site = await startReaderSite(async (app) => {
      await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null })]);
      for (const n of [1, 2, 3]) await app.pipeline.save(article({ sourceId: `wall-${n}`, headline: `Wall story ${n}`, body: `Paragraph one of story ${n}.\n\nParagraph two.` }));
      await app.store.state.putSettings({ ...app.settings.current, freeArticlesPerMonth: 2 }, Date.now(), 'test');
      await app.settings.refresh();
      await app.leads.add({ kind: 'white-paper', title: 'Tolling after the gantry', slug: 'tolling', description: 'Free-flow tolling, explained.', sponsor: '77', requiredFields: ['company'], published: true }, 'test');
    });
  }, 300_000);

  afterAll(async () => {
    await site?.close();
  });

  it('lets two articles through, asks on the third, and lets a signed-in reader read on', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const prompt = page.locator('#wall-prompt');
    for (const n of [1, 2]) {
      await page.goto(`${site.base}/news/wall-story-${n}`);
      await page.waitForLoadState('load');
      expect(await prompt.isHidden()).toBe(true);
    }
    await page.goto(`${site.base}/news/wall-story-3`);
    await prompt.waitFor({ state: 'visible' });
    expect(await page.locator('.paywall').evaluate((e) => (e as HTMLElement).style.maxHeight)).toBe('12em');
    expect(await axeViolations(page, 'walled article')).toEqual([]);
    // An article already read this month stays free.
    await page.goto(`${site.base}/news/wall-story-1`);
    await page.waitForLoadState('load');
    expect(await prompt.isHidden()).toBe(true);

    await page.goto(`${site.base}/news/wall-story-3`);
    await page.getByRole('link', { name: 'Sign in or register, free,' }).click();
    await page.locator('main').getByLabel('Email address').fill('wall.reader@example.com');
    const before = site.sink.received.length;
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await site.sink.waitFor(before + 1);
    const link = /http:\/\/127\.0\.0\.1(\/account\/verify\?t=[\w-]+)/.exec(site.sink.received[before]!.parsed.text ?? '')![1]!;
    // Past the limit the script asks whether the browser is signed in: wait for that answer, then look.
    const answered = page.waitForResponse((r) => r.url().endsWith('/account/status'));
    await page.goto(`${site.base}${link}`);
    await page.waitForURL(`${site.base}/news/wall-story-3`);
    expect(await (await answered).json()).toEqual({ signedIn: true });
    expect(await prompt.isHidden()).toBe(true);
    await context.close();
  });

  it('shows the resource page accessibly, labelled with its sponsor', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.base}/resources/tolling`);
    expect(await page.locator('main h1').textContent()).toBe('Tolling after the gantry');
    expect(await page.getByRole('link', { name: 'Kapsch TrafficCom' }).count()).toBe(1);
    expect(await axeViolations(page, 'resource page')).toEqual([]);
    await context.close();
  });
});

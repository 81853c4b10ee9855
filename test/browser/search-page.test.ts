import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.ts';
import { article, NOW } from '../support.ts';
import { appInBrowser, chromiumAvailable } from './chromium.ts';

/**
 * A search page with many results, as a browser loads it: large enough that compressing it takes
 * the streaming path, where the page used to arrive empty (issue 10).
 */
describe.skipIf(!chromiumAvailable())('a search page with many results in a real browser', () => {
  const b = appInBrowser(async (app) => {
    await seedDemo(app, NOW);
    for (let i = 0; i < 30; i++) {
      await app.pipeline.save(article({ headline: `Charging corridor report part ${i + 1}`, standfirst: `Charging ${'networks and depots '.repeat(12)}`, section: 'Electric Vehicles' }));
    }
  }, { POSTS_PER_PAGE: '40' });

  it('shows every hit of the first page', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${b.base}/search?q=charging`);
    expect(response?.status()).toBe(200);
    // What Chromium asked for and got: the compressed page, not an empty one.
    expect((await response!.request().allHeaders())['accept-encoding']).toMatch(/br/);
    expect(response!.headers()['content-encoding']).toBe('br');
    expect((await response!.body()).length).toBeGreaterThan(16 * 1024);
    const hits = page.locator('main ul.cards > li');
    expect(await hits.count()).toBe(40);
    expect(await page.locator('main ul.cards a', { hasText: 'Charging corridor report part 30' }).count()).toBe(1);
    await context.close();
  }, 60_000);
});

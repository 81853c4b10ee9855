import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../admin-support.ts';
import { article, NOW } from '../support.ts';
import { appInBrowser, axeViolations, chromiumAvailable, signInToAdmin } from './chromium.ts';

/**
 * The admin on a phone (an editor fixing a headline from the train): every page an editor opens
 * fits a 390 px screen, so nothing (the menu, a form, a list) needs sideways scrolling.
 */
describe.skipIf(!chromiumAvailable())('the admin at phone width', () => {
  const b = appInBrowser(async (app) => {
    await app.accounts.addUser({ email: 'ed@example.com', role: 'admin', password: PASSWORD, name: 'Ed Itor' }, 'test');
    await app.pipeline.save(article({ headline: 'Gantries go live on the ring road with a rather long headline to wrap', section: 'Tolling', publishedAt: NOW - 3_600_000 }));
    await app.newsletters.addList({ slug: 'daily', name: 'Daily news' });
  });

  it('fits every main admin page into 390 px', async () => {
    const context = await b.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInToAdmin(page, b.base, 'ed@example.com', PASSWORD);
    const paths = ['/admin', '/admin/articles/new', '/admin/companies', '/admin/newsletters', '/admin/newsletters/daily/compose', '/admin/settings', '/admin/users', '/admin/redirects', '/admin/ads'];
    const tooWide: string[] = [];
    for (const path of paths) {
      const response = await page.goto(`${b.base}${path}`);
      expect(response?.status(), path).toBe(200);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) tooWide.push(`${path}: ${width}px`);
    }
    expect(tooWide).toEqual([]);
    // Squeezed, the directory's table is still accessible.
    for (const path of ['/admin/companies', '/admin/ads']) {
      await page.goto(`${b.base}${path}`);
      expect(await axeViolations(page, `${path} at 390 px`)).toEqual([]);
    }
    await context.close();
  }, 120_000);
});

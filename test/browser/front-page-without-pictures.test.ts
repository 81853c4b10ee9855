import { describe, expect, it } from 'vitest';
import { article, NOW } from '../support.ts';
import { appInBrowser, chromiumAvailable } from './chromium.ts';

/**
 * An archive imported without lead images: the home page's featured stories have no picture, and
 * their text must take the story's whole width, not the picture's narrow column (it did, at both
 * widths: headlines three words a line beside an empty column).
 */
describe.skipIf(!chromiumAvailable())('the home page of a site without pictures', () => {
  const b = appInBrowser(async (app) => {
    for (let i = 0; i < 6; i++) {
      await app.pipeline.save(article({ sourceId: `plain-${i}`, headline: `Tolling operators report record traffic in quarter ${i}`, publishedAt: NOW - i * 3_600_000 }));
    }
  });

  for (const width of [1280, 390]) {
    it(`gives a featured story without a picture the whole row at ${width} px`, async () => {
      const context = await b.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${b.base}/`);
      const stories = await page.locator('.story-featured').evaluateAll((els) =>
        els.map((el) => ({ story: el.getBoundingClientRect().width, text: el.querySelector('.story-text')!.getBoundingClientRect().width, picture: !!el.querySelector('picture') })),
      );
      expect(stories.length).toBeGreaterThan(0);
      for (const s of stories) {
        expect(s.picture).toBe(false);
        expect(s.text).toBeGreaterThan(s.story * 0.9);
      }
      await context.close();
    });
  }
});

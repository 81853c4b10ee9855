import { expect, it } from 'vitest';
import { SettingsService, type SettingsServiceDeps } from './settings-service.ts';
import type { SiteSettings } from './site-settings.ts';

it("offers a site's latest stories, the library's latest images, and the site's sections and pages (no database)", async () => {
  const asked: unknown[] = [];
  const note =
    <T>(what: string, value: T) =>
    async (...args: unknown[]) => {
      asked.push([what, ...args]);
      return value;
    };
  const settings = new SettingsService({
    clock: () => 0,
    defaults: {} as SiteSettings,
    store: {
      articles: { listPublished: note('articles', { total: 1, items: ['story'] }) },
      media: { list: note('media', { total: 1, items: ['image'] }) },
      taxonomy: { sections: note('sections', ['section']) },
      pages: { all: note('pages', ['page']) },
    } as unknown as SettingsServiceDeps['store'],
  });
  expect(await settings.choices(2, 50)).toEqual({ recent: ['story'], images: ['image'], sections: ['section'], pages: ['page'] });
  expect(asked).toEqual([
    ['articles', { siteId: 2 }, 50, 0],
    ['media', 50, 0],
    ['sections', 2],
    ['pages', 2],
  ]);
  asked.length = 0;
  await settings.choices(undefined, 5);
  expect(asked[0]).toEqual(['articles', {}, 5, 0]);
});

import fs from 'node:fs';
import type { DirectoryService } from '../directory/index.ts';
import { type ImportReport, importLines } from '../import/index.ts';
import type { PublishPipeline } from '../publish/index.ts';
import type { RelatedService } from '../related/index.ts';
import type { Store } from '../store/index.ts';

const ARTICLES = new URL('./articles.jsonl', import.meta.url);
const COMPANIES = new URL('./companies.jsonl', import.meta.url);

const ABOUT = `Masthead Transport Review covers intelligent transport: tolling, enforcement, smart cities,
electric vehicles, freight and rail, for the people who buy, build and run them.

This is a demonstration site. Its articles and companies are invented for the demo.`;

/**
 * Loads the demo site shipped with the project. The demo articles' dates keep their spacing but
 * are moved so the newest is a few hours old: a first visit sees a living site, and the news
 * sitemap (last 48 hours) has entries.
 */
export async function seedDemo(
  deps: { store: Store; pipeline: PublishPipeline; directory: DirectoryService; related: RelatedService },
  now: number,
): Promise<ImportReport> {
  const { store, pipeline, directory, related } = deps;
  // Companies first, so the articles are tagged as they are published.
  await directory.importCompanies(fs.readFileSync(COMPANIES, 'utf8').split('\n'));
  const lines = fs.readFileSync(ARTICLES, 'utf8').split('\n').filter(Boolean);
  const newest = Math.max(...lines.map((l) => Date.parse((JSON.parse(l) as { date: string }).date)));
  const shift = now - 3 * 3600_000 - newest;
  const shifted = lines.map((l) => {
    const record = JSON.parse(l) as { date: string };
    return JSON.stringify({ ...record, date: new Date(Date.parse(record.date) + shift).toISOString() });
  });
  const report = await importLines(shifted, pipeline);
  await related.rebuild();
  await store.pages.upsert('about', 'About us', ABOUT, now);
  return report;
}

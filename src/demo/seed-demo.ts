import fs from 'node:fs';
import type { DirectoryService } from '../directory/index.ts';
import { slugify } from '../domain/index.ts';
import { type ImportReport, importRecords, jsonlRecords, type SourceRecord } from '../import/index.ts';
import { mediaUrl } from '../media/index.ts';
import type { PublishPipeline } from '../publish/index.ts';
import type { RelatedService } from '../related/index.ts';
import type { Store, UserRecord } from '../store/index.ts';
import { ILLUSTRATION, illustration, portrait } from './demo-images.ts';
import { DemoSeedFailed } from './errors.ts';

const ARTICLES = new URL('./articles.jsonl', import.meta.url);
const COMPANIES = new URL('./companies.jsonl', import.meta.url);

const ABOUT = `Masthead Transport Review covers intelligent transport: tolling, enforcement, smart cities,
electric vehicles, freight and rail, for the people who buy, build and run them.

This is a demonstration site. Its articles and companies are invented for the demo.`;

/** The publisher's pages the footer links (an admin edits them). */
const PAGES = [
  { slug: 'about', title: 'About us', body: ABOUT },
  { slug: 'contact', title: 'Contact', body: 'Write to the newsroom at newsroom@example.com. Press releases: press@example.com.' },
  { slug: 'advertise', title: 'Advertise', body: 'Reach the people who buy, build and run transport systems. Ask for the media pack: sales@example.com.' },
  { slug: 'privacy', title: 'Privacy', body: 'This site sets no tracking cookies and loads no third-party scripts. Our server logs requests for security and keeps them for 30 days.' },
  { slug: 'terms', title: 'Terms of use', body: 'Articles are for your own reading. Quote with a link; ask before republishing.' },
];

/** The demo authors' bios (invented people, like the articles). */
const BIOS: Record<string, string> = {
  'Daniel Okonkwo-Reyes': 'Daniel covers freight, ports and the software that schedules them. Before journalism he planned container moves at a North Sea terminal.',
  'Hannah Lindqvist': 'Hannah is the news editor. She has reported on road pricing and tolling across Europe and Scandinavia for fifteen years.',
  'Ines Marchetti': 'Ines writes about smart cities and the data they run on, from traffic signals to kerbside management.',
  'Priya Castellano': 'Priya covers electric vehicles and charging networks, and the grid upgrades behind them.',
  'Tomas Whitfield': 'Tomas reports on rail and enforcement technology. He trained as a signalling engineer.',
};

/** What each section's illustration shows, for its alt text. */
const PICTURED: Record<string, string> = {
  tolling: 'toll gantries spanning a road',
  enforcement: 'roadside cameras on poles watching the road',
  'smart-cities': 'a city skyline with lit windows',
  'electric-vehicles': 'charging posts under a lightning bolt',
  freight: 'stacked shipping containers under a crane',
  rail: 'railway tracks running to the horizon beside catenary masts',
};

/** The media library's upload, as the seed needs it. */
interface ImageUploader {
  upload(file: { filename: string; data: Buffer }, alt: string, user: UserRecord): Promise<{ id: number } | { error: { message: string } }>;
}

/**
 * Loads the demo site shipped with the project. The demo articles' dates keep their spacing but
 * are moved so the newest is a few hours old: a first visit sees a living site, and the news
 * sitemap (last 48 hours) has entries. With `images`, each article gets a lead image drawn for
 * it (see demo-images.ts), uploaded through the media library by a disabled "Demo illustrations"
 * account: `serve` asks for them; tests that need only the text leave them out (the library's
 * resizing is the slow part of a seed).
 */
export async function seedDemo(
  deps: { store: Store; pipeline: PublishPipeline; directory: DirectoryService; related: RelatedService; media: ImageUploader },
  now: number,
  options: { images?: boolean } = {},
): Promise<ImportReport> {
  const { store, pipeline, directory, related, media } = deps;
  // Companies first, so the articles are tagged as they are published.
  await directory.importCompanies(fs.readFileSync(COMPANIES, 'utf8').split('\n'));
  const lines = fs.readFileSync(ARTICLES, 'utf8').split('\n').filter(Boolean);
  const newest = Math.max(...lines.map((l) => Date.parse((JSON.parse(l) as { date: string }).date)));
  const shift = now - 3 * 3600_000 - newest;
  const shifted = lines.map((l) => {
    const record = JSON.parse(l) as { date: string };
    return JSON.stringify({ ...record, date: new Date(Date.parse(record.date) + shift).toISOString() });
  });
  const records: SourceRecord[] = [];
  for await (const r of jsonlRecords(shifted)) records.push(r);
  const report = await importRecords(options.images ? await withLeadImages(records, media, await demoUploader(store, now)) : records, pipeline);
  await related.rebuild();
  await authorProfiles(store, options.images ? { media, uploader: await demoUploader(store, now) } : undefined);
  for (const page of PAGES) await store.pages.upsert(page.slug, page.title, page.body, now);
  return report;
}

/** The records with a drawn lead image each, uploaded two at a time (resizing is CPU-bound). */
async function withLeadImages(records: SourceRecord[], media: ImageUploader, uploader: UserRecord): Promise<SourceRecord[]> {
  const images = await inBatches(records, 2, async (r) => ('input' in r ? leadImage(media, uploader, r.input.headline, r.input.section ?? '') : undefined));
  return records.map((r, i) => ('input' in r && images[i] ? { ...r, input: { ...r.input, leadImage: images[i] } } : r));
}

/** Each demo author's bio and, with images, a portrait drawn for them (initials, not a face). */
async function authorProfiles(store: Store, images: { media: ImageUploader; uploader: UserRecord } | undefined): Promise<void> {
  for (const [name, bio] of Object.entries(BIOS)) {
    const author = await store.authors.bySlug(slugify(name));
    if (!author) continue;
    let photo = author.photoMediaId;
    if (images && photo === null) {
      const uploaded = await images.media.upload({ filename: `${author.slug}.jpg`, data: await portrait(name) }, `Portrait of ${name}`, images.uploader);
      if (!('id' in uploaded)) throw DemoSeedFailed(`the photo of ${name}`, uploaded.error.message);
      photo = uploaded.id;
    }
    await store.authors.setProfile(author.id, bio, photo);
  }
}

/** The account the demo's images are uploaded by: disabled, so nobody can sign in as it. */
async function demoUploader(store: Store, now: number): Promise<UserRecord> {
  const email = 'demo-illustrations@masthead.invalid';
  const existing = await store.users.byEmail(email);
  if (existing) return existing;
  const id = await store.users.insert({ email, name: 'Demo illustrations', role: 'contributor', passwordHash: '!', now });
  await store.users.setDisabled(id, true);
  return (await store.users.byId(id))!;
}

async function leadImage(media: ImageUploader, uploader: UserRecord, headline: string, section: string) {
  const slug = slugify(headline);
  const sectionSlug = slugify(section);
  const alt = `Illustration: ${PICTURED[sectionSlug] ?? 'an abstract transport scene'}`;
  const uploaded = await media.upload({ filename: `${slug}.jpg`, data: await illustration(slug, sectionSlug) }, alt, uploader);
  if (!('id' in uploaded)) throw DemoSeedFailed(`the image of "${headline}"`, uploaded.error.message);
  return { url: mediaUrl(uploaded.id, ILLUSTRATION.width, 'jpeg'), alt, caption: `${section || 'Transport'}, as the demo imagines it`, credit: 'Illustration: Masthead demo' };
}

/** `fn` over every item, `size` at a time, results in order. */
async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

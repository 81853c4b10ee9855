import fs from 'node:fs';
import { slugify } from '../domain/index.ts';
import type { ArticleInput, PublishPipeline } from '../publish/index.ts';
import { ImportWrongFormat } from './errors.ts';
import { distinct } from './feed-values.ts';
import { renderLexical, renderMobiledoc } from './ghost-render.ts';
import { type GhostRoutes, ghostPermalink, ghostTermPath } from './ghost-routes.ts';
import { htmlToText } from './html-text.ts';
import { type ImportOptions, type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { MediaImporter, type MediaLibrary, type MediaReport, type MediaSourceOptions, rewriteImages } from './media-import.ts';
import { isTimeZone, type WxrPage, type WxrReview } from './wxr-records.ts';
import type { FixedRedirect } from './wxr-terms.ts';

const EXPECTED = 'a Ghost JSON export';

/** Where Ghost keeps uploaded images (`/content/images/2024/07/quay.jpg`). */
export const GHOST_IMAGES = '/content/images/';

/** Ghost's placeholder for the site's own address in stored URLs (Ghost 4 and later). */
const GHOST_URL = '__GHOST_URL__';

/** A Ghost tag or author's old listing URL and where it now lives, for a redirect. */
export interface GhostTerm {
  readonly kind: 'sections' | 'tags' | 'authors';
  /** The name the article was saved with (the site's slug comes from it). */
  readonly name: string;
  /** `/tag/rail/`, `/author/ada/`. */
  readonly oldPath: string;
  /** An author's bio (authors only). */
  readonly bio?: string;
  /** An author's profile picture as the export names it (`__GHOST_URL__/content/images/…`), before import. */
  readonly profileImage?: string;
  /** That picture's media library URL (`/media/12/400.jpg`), once brought in: it becomes the author's photo. */
  readonly photo?: string;
  /** An author's email (WordPress exports it): their Gravatar is found by it. */
  readonly email?: string;
  /** An author's `cover_image` or a tag's `feature_image`: Masthead's author, section and tag pages have no place for one. */
  readonly cover?: string;
  /** The old path is the list's feed (`/tag/rail/rss/`): it redirects to the new list's `feed.xml`. */
  readonly feed?: boolean;
}

export interface GhostImportDeps {
  readonly pipeline: PublishPipeline;
  /** Saves one published page (create or update by slug; unchanged, writes nothing). */
  readonly savePage: (page: WxrPage) => Promise<void>;
  /** Saves tag and author redirects and authors' bios (unchanged, writes nothing). */
  readonly saveTerms: (terms: readonly GhostTerm[], fixed: readonly FixedRedirect[]) => Promise<unknown>;
  readonly media?: MediaLibrary;
}

export interface GhostImportOptions extends ImportOptions {
  /** The old site's address, for `__GHOST_URL__` in stored URLs (needed by --fetch-media). */
  readonly siteUrl?: string;
  readonly mediaSource?: MediaSourceOptions;
  /** The site's routes.yaml, read: posts' old URLs from its collections, tags' and authors' from its taxonomies. */
  readonly routes?: GhostRoutes;
  /** The site's time zone for routes.yaml's `{year}/{month}/{day}` (`--timezone`); default: the export's `timezone` setting, else UTC. */
  readonly timeZone?: string;
}

export interface GhostImportReport extends ImportReport {
  pages: number;
  /** Posts left out on purpose: unpublished pages. */
  skipped: number;
  review: WxrReview[];
  media: MediaReport;
}

/** Ghost's site feed (RSS 2.0), as feed readers subscribed to it. */
const GHOST_SITE_FEEDS: readonly FixedRedirect[] = [{ from: '/rss/', to: '/feed.xml' }];

/** Ghost status → article status: scheduled posts stay scheduled, drafts drafts; `sent` (newsletter-only) posts were never on the site. */
const STATUS: Readonly<Record<string, ArticleInput['status']>> = { published: 'published', scheduled: 'scheduled', draft: 'draft', sent: 'draft' };

type Row = Record<string, unknown>;

/**
 * Imports Ghost's JSON export (Settings → Advanced → Export: `{db: [{meta, data}]}`, or the bare
 * `{meta, data}` Ghost also reads): posts through the publish pipeline, published pages through
 * `savePage`, tag and author URLs through `saveTerms`; idempotent by Ghost's post id.
 *
 * Posts: sourceId `ghost-<id>`; title; body from `html`, else `lexical`, else `mobiledoc`
 * (rendered here, see ghost-render.ts); standfirst from `custom_excerpt`; the first public tag
 * (Ghost's primary tag) is the section and the other public tags are tags (internal `#tags` are
 * left out); authors in order, with their bios; `feature_image` with its alt text and caption
 * (from `posts_meta`, or the post in older exports) is the lead image; published_at and
 * updated_at as the dates. A post only members could read (`visibility` other than public)
 * arrives as a draft, so that the import does not publish it to everyone, and is listed for
 * review. Old URLs: `/<slug>/` (Ghost's default permalink) of each published post and page.
 * @example await importGhost('site.ghost.2024-07-01.json', { pipeline, savePage, saveTerms }, {});
 */
export async function importGhost(file: string, deps: GhostImportDeps, options: GhostImportOptions = {}): Promise<GhostImportReport> {
  const data = ghostData(fs.readFileSync(file, 'utf8'));
  const media = new MediaImporter(options.mediaSource ? deps.media : undefined, options.mediaSource ?? {}, GHOST_IMAGES, 'ghost');
  const export_ = new GhostExport(data, options.siteUrl, options.routes, options.timeZone ?? settingsTimeZone(data));
  const review: WxrReview[] = [];
  let pages = 0;
  let skipped = 0;
  const posts = list(data, 'posts');
  let position = 0;
  async function* records(): AsyncGenerator<SourceRecord> {
    for (const post of posts) {
      position++;
      const mapped = await export_.post(post);
      if ('problem' in mapped) {
        yield { line: position, problem: mapped.problem };
        continue;
      }
      if ('skip' in mapped) {
        skipped++;
        continue;
      }
      const body = (await rewriteImages(mapped.body, media, (src) => export_.image(src))).replaceAll(GHOST_URL, '');
      const notes = [...mapped.notes];
      for (const { field, url } of 'input' in mapped ? mapped.unshown : []) notes.push(await unshown(media, export_, url, `${mapped.title} (link preview)`, `${field} (the link-preview image; link previews here show the lead image)`));
      if (notes.length) review.push({ item: position, sourceId: mapped.sourceId, title: mapped.title, notes });
      if ('page' in mapped) {
        try {
          await deps.savePage({ ...mapped.page, body });
          pages++;
        } catch (e) {
          yield { line: position, problem: `page could not be saved: ${(e as Error).message}` };
        }
        continue;
      }
      const lead = mapped.input.leadImage;
      const leadUrl = lead ? await media.resolve({ ...export_.image(lead.url), alt: lead.alt ?? '', fallbackAlt: [lead.caption ?? ''] }) : undefined;
      const leadImage = lead ? { ...lead, url: leadUrl ?? export_.absolute(lead.url) } : null;
      yield { line: position, input: { ...mapped.input, body, leadImage }, ...(mapped.redirectFrom.length ? { redirectFrom: mapped.redirectFrom } : {}) };
    }
  }
  const report = await importRecords(records(), deps.pipeline, { ...options, totalBytes: posts.length, bytesRead: () => position });
  await deps.saveTerms(await authorPhotos(export_.terms(), media, export_), GHOST_SITE_FEEDS);
  for (const term of export_.terms()) {
    if (!term.cover) continue;
    const what = term.kind === 'authors' ? 'cover image (author pages here show none)' : 'feature image (section and tag pages here show none)';
    // Item 0: not a post; the author or tag is named by its old page.
    review.push({ item: 0, sourceId: term.oldPath, title: term.name, notes: [await unshown(media, export_, term.cover, `${term.name} (cover image)`, what)] });
  }
  media.report.missing.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return { ...report, pages, skipped, review, media: media.report };
}

/**
 * The terms with each author's profile picture brought into the media library like any other
 * image of the old site (so a re-import finds it again and adds nothing), a Gravatar on its own
 * host too (with --fetch-media, through the same guard); a picture that cannot be had is listed
 * as missing and the author keeps the photo they have.
 */
async function authorPhotos(terms: GhostTerm[], media: MediaImporter, export_: GhostExport): Promise<GhostTerm[]> {
  const out: GhostTerm[] = [];
  for (const term of terms) {
    const url = term.profileImage && (await media.resolveAnywhere({ ...export_.image(term.profileImage), alt: term.name }));
    out.push(url ? { ...term, photo: url } : term);
  }
  return out;
}

/**
 * A review note for an image readers saw on the old site where Masthead has no place to show one:
 * it is brought into the media library all the same (for an editor to use), not dropped unsaid.
 */
async function unshown(media: MediaImporter, export_: GhostExport, url: string, alt: string, what: string): Promise<string> {
  const got = await media.resolveAnywhere({ ...export_.image(url), alt });
  return `${what} not shown: ${got ? `it is in the media library (${got})` : 'it could not be brought in (see media.missing)'}`;
}

/** The `data` of an export, or MH_IMPORT_WRONG_FORMAT. */
function ghostData(text: string): Row {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw ImportWrongFormat(EXPECTED, `it is not JSON (${(e as Error).message})`);
  }
  const root = (json as { db?: unknown[] } | null)?.db?.[0] ?? json;
  const data = (root as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null || !Array.isArray((data as Row).posts)) {
    throw ImportWrongFormat(EXPECTED, 'no db[0].data.posts (export the site from Ghost Admin → Settings → Advanced → Export)');
  }
  return data as Row;
}

/** The site's time zone as Ghost's settings hold it (`timezone`, an IANA name; Ghost's default is Etc/UTC), else UTC. */
function settingsTimeZone(data: Row): string {
  const zone = str(list(data, 'settings').find((s) => s.key === 'timezone'), 'value');
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

function list(data: Row, name: string): Row[] {
  const value = data[name];
  return Array.isArray(value) ? (value.filter((r) => typeof r === 'object' && r !== null) as Row[]) : [];
}

const str = (row: Row | undefined, key: string): string => (typeof row?.[key] === 'string' ? (row[key] as string) : typeof row?.[key] === 'number' ? String(row[key]) : '');

type MappedPost =
  | { problem: string }
  | { skip: string }
  | { sourceId: string; title: string; body: string; notes: string[]; page: WxrPage }
  | { sourceId: string; title: string; body: string; notes: string[]; input: ArticleInput; redirectFrom: string[]; unshown: { field: string; url: string }[] };

/** The export's tables, joined as a post needs them. */
class GhostExport {
  private readonly tags = new Map<string, Row>();
  private readonly users = new Map<string, Row>();
  private readonly meta = new Map<string, Row>();
  private readonly postTags = new Map<string, Row[]>();
  private readonly postAuthors = new Map<string, Row[]>();
  private readonly used = new Map<string, GhostTerm>();

  constructor(
    data: Row,
    private readonly siteUrl: string | undefined,
    private readonly routes: GhostRoutes | undefined,
    private readonly timeZone: string,
  ) {
    for (const t of list(data, 'tags')) this.tags.set(str(t, 'id'), t);
    for (const u of list(data, 'users')) this.users.set(str(u, 'id'), u);
    for (const m of list(data, 'posts_meta')) this.meta.set(str(m, 'post_id'), m);
    const group = (rows: Row[], into: Map<string, Row[]>) => {
      for (const r of rows) into.set(str(r, 'post_id'), [...(into.get(str(r, 'post_id')) ?? []), r]);
      for (const v of into.values()) v.sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0));
    };
    group(list(data, 'posts_tags'), this.postTags);
    group(list(data, 'posts_authors'), this.postAuthors);
  }

  async post(post: Row): Promise<MappedPost> {
    const id = str(post, 'id');
    if (!id) return { problem: 'no id' };
    const title = str(post, 'title').replace(/\s+/g, ' ').trim();
    if (!title) return { problem: 'no title' };
    const status = STATUS[str(post, 'status')];
    if (!status) return { problem: `unknown status ${JSON.stringify(str(post, 'status'))}` };
    const isPage = post.type === 'page' || post.page === true || post.page === 1;
    if (isPage && status !== 'published') return { skip: `a ${str(post, 'status')} page` };
    const content = await this.content(post);
    if ('problem' in content) return content;
    const slug = str(post, 'slug');
    const notes = [...content.notes];
    const sourceId = `ghost-${id}`;
    const publishedAt = ghostDate(post.published_at);
    const modifiedAt = ghostDate(post.updated_at);
    if (publishedAt === null || modifiedAt === null) return { problem: `published_at or updated_at is not a date` };
    const oldPaths = slug ? [`/${slug}/`] : [];
    if (isPage) {
      const page: WxrPage = { sourceId, slug: slugify(slug || title), title, body: content.html, bodyFormat: 'html', oldPaths, ...(publishedAt !== undefined ? { publishedAt } : {}) };
      return { sourceId, title, body: content.html, notes, page };
    }
    const visibility = str(post, 'visibility') || 'public';
    const visible = visibility !== 'public' && status === 'published' ? 'draft' : status;
    if (visible !== status) notes.push(`only ${visibility} members could read it on Ghost: imported as a draft`);
    const tags = (this.postTags.get(id) ?? []).map((pt) => this.tags.get(str(pt, 'tag_id'))).filter((t): t is Row => !!t && isPublic(t));
    const [primary, ...others] = tags;
    const authors = (this.postAuthors.get(id) ?? []).map((pa) => this.users.get(str(pa, 'author_id'))).filter((u): u is Row => !!u && !!str(u, 'name'));
    const tagPath = (t: Row) => ghostTermPath(this.routes?.tag, '/tag/{slug}/', str(t, 'slug'));
    if (visible === 'published') {
      if (primary) this.use('sections', str(primary, 'name'), tagPath(primary), { cover: str(primary, 'feature_image') });
      for (const t of others) this.use('tags', str(t, 'name'), tagPath(t), { cover: str(t, 'feature_image') });
      for (const a of authors) this.use('authors', str(a, 'name'), ghostTermPath(this.routes?.author, '/author/{slug}/', str(a, 'slug')), { bio: str(a, 'bio'), profileImage: str(a, 'profile_image'), cover: str(a, 'cover_image') });
    }
    // With routes.yaml, the post lived at its collection's permalink (or nowhere, if no collection took it).
    const routed = { id, slug, publishedAt, featured: post.featured === true || post.featured === 1, tags: tags.map((t) => str(t, 'slug')), authors: authors.map((a) => str(a, 'slug')) };
    const permalink = this.routes && slug ? ghostPermalink(this.routes, routed, this.timeZone) : undefined;
    const postPaths = this.routes ? (permalink ? [permalink] : []) : oldPaths;
    const meta = this.meta.get(id);
    const feature = str(post, 'feature_image');
    // A link-preview image of its own (Ghost's "Facebook card" and "X card" settings), beside the feature image.
    const previews = ['og_image', 'twitter_image'].map((field) => ({ field, url: str(meta, field) || str(post, field) }));
    const unshown = visible === 'published' ? previews.filter((p, i) => p.url && p.url !== feature && previews.findIndex((q) => q.url === p.url) === i) : [];
    const input: ArticleInput = {
      sourceId,
      headline: title,
      standfirst: str(post, 'custom_excerpt').trim(),
      body: content.html,
      bodyFormat: 'html',
      status: visible,
      ...(publishedAt !== undefined ? { publishedAt } : {}),
      ...(modifiedAt !== undefined && visible === 'published' ? { modifiedAt } : {}),
      section: primary ? str(primary, 'name') : null,
      tags: distinct(others.map((t) => str(t, 'name'))),
      authors: distinct(authors.map((a) => str(a, 'name'))),
      ...(slug ? { slug } : {}),
      ...(feature ? { leadImage: { url: feature, alt: str(meta, 'feature_image_alt') || str(post, 'feature_image_alt'), caption: htmlToText(str(meta, 'feature_image_caption') || str(post, 'feature_image_caption')) } } : {}),
      sourceText: JSON.stringify(post),
    };
    return { sourceId, title, body: content.html, notes, input, redirectFrom: visible === 'published' ? postPaths : [], unshown };
  }

  /** Tags and authors of published posts, for their old listing URLs and bios. */
  terms(): GhostTerm[] {
    return [...this.used.values()];
  }

  /** An image URL as an absolute one when the site's address is known (`__GHOST_URL__/content/…`). */
  absolute(url: string): string {
    return url.startsWith(GHOST_URL) && this.siteUrl ? this.siteUrl.replace(/\/+$/, '') + url.slice(GHOST_URL.length) : url;
  }

  /** The image a body or feature URL shows: Ghost's resized copies (`/content/images/size/w600/…`) are taken as the original. */
  image(src: string): { url: string } {
    return { url: this.absolute(src).replace(/\/content\/images\/size\/w\d+(?:h\d+)?\//, '/content/images/') };
  }

  private use(kind: GhostTerm['kind'], name: string, oldPath: string, extra: { bio?: string; profileImage?: string; cover?: string } = {}): void {
    if (!name.trim() || this.used.has(oldPath)) return;
    const { bio, profileImage, cover } = extra;
    this.used.set(oldPath, { kind, name, oldPath, ...(bio ? { bio } : {}), ...(profileImage ? { profileImage } : {}), ...(cover ? { cover } : {}) });
    // Ghost serves each tag's and author's feed at `<its URL>rss/`.
    const feed = `${oldPath.replace(/\/?$/, '/')}rss/`;
    this.used.set(feed, { kind, name, oldPath: feed, feed: true });
  }

  private async content(post: Row): Promise<{ html: string; notes: string[] } | { problem: string }> {
    const html = str(post, 'html');
    if (html.trim()) return { html, notes: [] };
    try {
      if (str(post, 'lexical')) return await renderLexical(str(post, 'lexical'));
      if (str(post, 'mobiledoc')) return await renderMobiledoc(str(post, 'mobiledoc'));
    } catch (e) {
      return { problem: `its content could not be read: ${(e as Error).message}` };
    }
    return { problem: 'no content (html, lexical and mobiledoc are all empty)' };
  }
}

/** A public tag: Ghost's internal tags (`#feature`, visibility "internal") organise the site, readers never see them. */
function isPublic(tag: Row): boolean {
  return str(tag, 'visibility') !== 'internal' && !str(tag, 'name').startsWith('#');
}

/** Ghost's dates: ISO strings (Ghost 1 and later) or epoch ms (older exports); undefined when absent, null when not a date. */
function ghostDate(value: unknown): number | undefined | null {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  return Number.isFinite(ms) ? ms : null;
}


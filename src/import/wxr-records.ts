import { slugify } from '../domain/index.ts';
import type { ArticleInput, PublishPipeline } from '../publish/index.ts';
import { ImportWrongFormat } from './errors.ts';
import { distinct, parseFeedDate, sitePath } from './feed-values.ts';
import type { GhostTerm } from './ghost-records.ts';
import { gravatarPhotos } from './gravatar.ts';
import { decodeHtmlEntities, htmlToText } from './html-text.ts';
import { type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { MediaImporter, type MediaLibrary, type MediaReport, type MediaSourceOptions } from './media-import.ts';
import { renderWpContent, type WpAttachment } from './wp-content.ts';
import { WP_UPLOADS, WxrMedia } from './wxr-media.ts';
import { type FixedRedirect, WP_SITE_FEEDS, wxrTerms } from './wxr-terms.ts';
import { attr, children, knownNamespace, text, textOf, XmlItemParser, type XmlNode } from './xml-fields.ts';
import { localName, type XmlRecord, type XmlRoot, xmlItems } from './xml-items.ts';
import { decodeXml, readXmlFile, type XmlImportOptions, type XmlSource } from './xml-source.ts';

const EXPECTED = 'a WordPress export (WXR)';

/** A WordPress page, for the site's static pages (they are not articles). */
export interface WxrPage {
  /** `wp-<post_id>`. */
  readonly sourceId: string;
  /**
   * The page's path on the old site made a slug, segment by segment (`about-us/history`), so that
   * child pages with the same name stay apart; else its `post_name` (else the title) made a slug.
   */
  readonly slug: string;
  readonly title: string;
  readonly body: string;
  readonly bodyFormat: 'html';
  readonly publishedAt?: number;
  /** The page's old URLs on the WordPress site: its permalink path and `/?page_id=ID`. */
  readonly oldPaths: string[];
}

export interface WxrRecordsOptions {
  readonly maxItemSize?: number;
  /** Receives each published page; a throw refuses that item. */
  readonly onPage?: (page: WxrPage) => Promise<void> | void;
  /** Told of each item left out on purpose: attachments, menus, revisions, trashed or draft pages… */
  readonly onSkip?: (position: number, why: string) => void;
  /** Told what an editor should look at in a post or page that was imported (unknown shortcodes…). */
  readonly onReview?: (review: WxrReview) => void;
  /** Attachments by post id, read beforehand: a post's gallery may come before its images in the file. */
  readonly attachments?: ReadonlyMap<string, WpAttachment>;
  /** The site's IANA time zone, for local dates without a GMT one (default UTC). */
  readonly timeZone?: string;
  /** Told of the category, tag and author archives (and their feeds) each published post was listed on. */
  readonly onTerms?: (terms: readonly GhostTerm[]) => void;
}

/** What an editor should review in one imported post or page. */
export interface WxrReview {
  /** The item's position in the file, from 1. */
  readonly item: number;
  readonly sourceId: string;
  readonly title: string;
  /** `unknown shortcode [vc_row]`, `gallery: attachment 903 is not in the export`… */
  readonly notes: readonly string[];
}

export interface WxrImportOptions extends XmlImportOptions {
  /** The site's IANA time zone (`Europe/London`), for posts with only a local date. */
  readonly timeZone?: string;
  /** Where the old site's images come from (`--media-from`, `--fetch-media`); without it they are listed as missing. */
  readonly mediaSource?: MediaSourceOptions;
  /** Told after each attachment brought into the media library (before the posts). */
  readonly onMediaProgress?: (done: number, total: number) => void;
  /** Where Gravatar answers (`https://secure.gravatar.com`); tests give a local server. */
  readonly gravatarUrl?: string;
}

export interface WxrImportDeps {
  readonly pipeline: PublishPipeline;
  /** Saves one page (create or update by slug); should write nothing when it is unchanged. */
  readonly savePage: (page: WxrPage) => Promise<void>;
  /** The media library images go into; without it images stay on the old site and are listed as missing. */
  readonly media?: MediaLibrary;
  /** Saves the archive redirects (categories, tags, authors, their feeds) and the fixed ones (site feeds, attachment pages). */
  readonly saveTerms?: (terms: readonly GhostTerm[], fixed: readonly FixedRedirect[]) => Promise<unknown>;
}

export interface WxrImportReport extends ImportReport {
  /** Pages handed to `savePage`. */
  pages: number;
  /** Items left out on purpose (not refused): attachments, menu items, trashed posts, unpublished pages… */
  skipped: number;
  /** Posts and pages an editor should look at: unknown shortcodes, images missing from the export. */
  review: WxrReview[];
  /** Images brought into the media library, reused, or left on the old site (missing). */
  media: MediaReport;
}

/**
 * Imports a WordPress export file: posts through the publish pipeline, published pages through
 * `savePage`; streaming, idempotent, refusing bad items with their position (the n-th `<item>`
 * in the file, from 1) and reason while the rest imports.
 * @example await importWxr('site.wordpress.2024-01-01.xml', { pipeline, savePage }, { onProgress });
 */
export async function importWxr(file: string, deps: WxrImportDeps, options: WxrImportOptions = {}): Promise<WxrImportReport> {
  const attachments = await wxrAttachments(readXmlFile(file).text, options.maxItemSize);
  const importer = new MediaImporter(options.mediaSource ? deps.media : undefined, options.mediaSource ?? {}, WP_UPLOADS, 'wp');
  const media = new WxrMedia(importer, attachments);
  if (options.mediaSource && deps.media) await media.importAttachments(options.onMediaProgress);
  const { text: source, totalBytes, bytesRead } = readXmlFile(file);
  let pages = 0;
  let skipped = 0;
  const review: WxrReview[] = [];
  const terms = new Map<string, GhostTerm>();
  const records = wxrRecords(source, {
    // The first post to list an archive decides what it redirects to (as for Ghost).
    onTerms: (list) => {
      for (const t of list) if (!terms.has(t.oldPath)) terms.set(t.oldPath, t);
    },
    maxItemSize: options.maxItemSize,
    attachments,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    onReview: (r) => review.push(r),
    onPage: async (page) => {
      await deps.savePage({ ...page, body: await media.body(page.body) });
      pages++;
    },
    onSkip: () => {
      skipped++;
    },
  });
  const report = await importRecords(withImages(records, media), deps.pipeline, { ...options, totalBytes, bytesRead });
  await deps.saveTerms?.(await gravatarPhotos([...terms.values()], importer, options.gravatarUrl), [...WP_SITE_FEEDS, ...media.attachmentPages()]);
  importer.report.missing.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return { ...report, pages, skipped, review, media: importer.report };
}

/** The records with their images pointed at the media library. */
async function* withImages(records: AsyncIterable<SourceRecord>, media: WxrMedia): AsyncGenerator<SourceRecord> {
  for await (const record of records) yield 'input' in record ? { ...record, input: await media.article(record.input) } : record;
}

/**
 * The attachments of an export by post id (a first, light pass over the file: only attachment
 * items are parsed), for galleries that name images the file holds after the post.
 */
export async function wxrAttachments(source: XmlSource, maxItemSize?: number): Promise<Map<string, WpAttachment>> {
  let site: Site | undefined;
  for await (const record of xmlItems(decodeXml(source), { onRoot: (root) => (site = new Site(root)), maxItemSize })) {
    if (!('xml' in record)) continue;
    const name = site!.parser.canonical(record.name);
    // The channel's <link> first: attachment pages' paths are read against the site's address.
    if (name !== 'item') site!.channel(name, record);
    else if (ATTACHMENT_ITEM.test(record.xml)) site!.item(record);
  }
  return site?.attachments ?? new Map();
}

const ATTACHMENT_ITEM = /post_type>\s*(?:<!\[CDATA\[)?\s*attachment\b/;

/** wp:status → article status; the statuses mapped to null are left out (not refused). */
const STATUS: Readonly<Record<string, ArticleInput['status'] | null>> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
  trash: null,
  'auto-draft': null,
  inherit: null,
};

/** WordPress's "no date": drafts carry it in post_date_gmt and pubDate. */
const NO_DATE = /^0000-00-00[ T]00:00:00$|\s-0001\s/;

/**
 * Reads a WordPress eXtended RSS export into article records (posts) and pages (`onPage`);
 * `line` is the item's 1-based position in the file. Throws `MH_IMPORT_WRONG_FORMAT` when the
 * file is not a WXR export.
 *
 * Posts: sourceId `wp-<post_id>`; headline the title with its entities decoded (once) and any
 * `<…>` that is not an HTML tag kept as text (tickers: "NWA <NWA> NAMES…"); body from
 * content:encoded as WordPress shows it (`renderWpContent`: autop, block comments, shortcodes);
 * standfirst from excerpt:encoded; publishedAt from post_date_gmt, else (a published or scheduled
 * post whose GMT date WordPress left empty) post_date in the site's time zone, else pubDate;
 * status publish → published, future → scheduled, draft/pending/private → draft (trash,
 * auto-draft and inherit are skipped; a password-protected post is a draft, so that it is not
 * published to everyone); the first category is the section (WordPress's default
 * "Uncategorized" is not one), further categories and post tags are tags; dc:creator is mapped
 * to the channel's wp:author display name. The slug hint is WordPress's post_name: it is the URL
 * editors chose and readers and search engines know, so the article keeps its last path
 * segment (`/2012/07/old-post/` → `/news/old-post`); the pipeline still makes it unique and
 * Pathauto-clean. A published post's permalink path and `/?p=ID` become redirects.
 */
export async function* wxrRecords(source: XmlSource, options: WxrRecordsOptions = {}): AsyncGenerator<SourceRecord> {
  let site: Site | undefined;
  const onRoot = (root: XmlRoot | undefined) => {
    site = new Site(root, options.attachments, options.timeZone);
  };
  let position = 0;
  for await (const record of xmlItems(decodeXml(source), { onRoot, maxItemSize: options.maxItemSize })) {
    const s = site!;
    const name = s.parser.canonical(record.name);
    if (name !== 'item') {
      if ('xml' in record) s.channel(name, record);
      continue;
    }
    position++;
    const item = s.item(record);
    if ('review' in item && item.review.notes.length) options.onReview?.({ item: position, ...item.review });
    if ('problem' in item) yield { line: position, problem: item.problem };
    else if ('skip' in item) options.onSkip?.(position, item.skip);
    else if ('page' in item) {
      try {
        await options.onPage?.(item.page);
      } catch (e) {
        yield { line: position, problem: `page could not be saved: ${(e as Error).message}` };
      }
    } else {
      if (item.terms) options.onTerms?.(item.terms);
      yield { line: position, input: item.input, ...(item.redirectFrom ? { redirectFrom: item.redirectFrom } : {}) };
    }
  }
}

type Review = Omit<WxrReview, 'item'>;
type Mapped = { input: ArticleInput; redirectFrom?: string[]; terms?: GhostTerm[]; review: Review } | { page: WxrPage; review: Review } | { skip: string } | { problem: string };

/** What the export's channel says: the site's address and its authors. */
class Site {
  readonly parser: XmlItemParser;
  private link: string | undefined;
  private readonly authors = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  /** Page id → its path, for child pages under plain permalinks. */
  private readonly pagePaths = new Map<string, string>();
  /** Page path → the page id that has it. */
  private readonly pageOwners = new Map<string, string>();
  readonly attachments: Map<string, WpAttachment>;

  constructor(
    root: XmlRoot | undefined,
    attachments: ReadonlyMap<string, WpAttachment> = new Map(),
    private readonly timeZone = 'UTC',
  ) {
    this.attachments = new Map(attachments);
    if (!root) throw ImportWrongFormat(EXPECTED, 'it is not XML (no root element)');
    if (localName(root.name) !== 'rss') throw ImportWrongFormat(EXPECTED, `the root element is <${root.name}>`);
    if (!Object.values(root.attributes).some((uri) => knownNamespace(uri) === 'wp')) {
      throw ImportWrongFormat(EXPECTED, 'an RSS feed without the WordPress export namespace; import it with "import rss"');
    }
    this.parser = XmlItemParser.forRoot(root);
  }

  channel(name: string, record: Extract<XmlRecord, { xml: string }>): void {
    if (name !== 'link' && name !== 'wp:base_blog_url' && name !== 'wp:author') return;
    const parsed = this.parser.parse(record);
    if (!('node' in parsed)) return;
    if (name !== 'wp:author') {
      this.link ??= textOf(parsed.node).trim() || undefined;
      return;
    }
    const author = parsed.node;
    const login = text(author, 'wp:author_login');
    const full = `${text(author, 'wp:author_first_name')} ${text(author, 'wp:author_last_name')}`;
    const display = htmlToText(text(author, 'wp:author_display_name')) || htmlToText(full);
    if (login && display) this.authors.set(login, display);
    if (login && text(author, 'wp:author_email').trim()) this.emails.set(login, text(author, 'wp:author_email').trim());
  }

  item(record: XmlRecord): Mapped {
    if ('problem' in record) return record;
    const parsed = this.parser.parse(record);
    if ('problem' in parsed) return parsed;
    const item = parsed.node;
    const type = text(item, 'wp:post_type');
    if (type === 'attachment') this.attachment(item);
    if (type !== 'post' && type !== 'page') return { skip: type ? `a WordPress ${type}` : 'no wp:post_type' };
    const wpStatus = text(item, 'wp:status');
    const status = STATUS[wpStatus];
    if (status === null || (type === 'page' && status !== 'published' && status !== undefined)) return { skip: `a ${wpStatus} ${type}` };
    if (status === undefined) return { problem: `unknown wp:status ${JSON.stringify(wpStatus)}` };
    if (type === 'page' && text(item, 'wp:post_password')) return { skip: 'a password-protected page' };
    const id = text(item, 'wp:post_id');
    if (!/^\d+$/.test(id)) return { problem: id ? `wp:post_id is not a number: ${JSON.stringify(id)}` : 'no wp:post_id' };
    const title = titleText(text(item, 'title'));
    if (!title) return { problem: 'no title' };
    const content = text(item, 'content:encoded');
    if (!content) return { problem: 'no content (content:encoded is empty)' };
    const date = postDate(item, status === 'published' || status === 'scheduled' ? this.timeZone : undefined);
    if (typeof date === 'string') return { problem: date };
    const permalink = sitePath(text(item, 'link'), this.link);
    const slug = postName(text(item, 'wp:post_name'));
    const body = renderWpContent(content, this.attachments, id);
    const notes = [...body.review];
    const review: Review = { sourceId: `wp-${id}`, title, notes };
    if (type === 'page') {
      const oldPaths = distinct([permalink ?? '', `/?page_id=${id}`]);
      const page: WxrPage = { sourceId: `wp-${id}`, slug: this.pageSlug(id, text(item, 'wp:post_parent'), permalink, slugify(slug || title), notes), title, body: body.html, bodyFormat: 'html', oldPaths, ...(date !== undefined ? { publishedAt: date } : {}) };
      return { page, review };
    }
    const { section, tags } = terms(children(item, 'category'));
    // A password-protected post must not become readable by everyone: it arrives as a draft.
    const visible = text(item, 'wp:post_password') ? 'draft' : status;
    const input: ArticleInput = {
      sourceId: `wp-${id}`,
      headline: title,
      standfirst: htmlToText(text(item, 'excerpt:encoded')),
      body: body.html,
      bodyFormat: 'html',
      status: visible,
      ...(date !== undefined ? { publishedAt: date } : {}),
      ...modifiedDate(item, date, visible === 'published' ? this.timeZone : undefined),
      section,
      tags,
      authors: distinct(children(item, 'dc:creator').map((c) => this.authorName(textOf(c).trim()))),
      ...(slug ? { slug } : {}),
      ...this.featuredImage(item),
      sourceText: record.xml,
    };
    if (visible !== 'published') return { input, review };
    // Readers saw the approved comments under the post; Masthead has none to carry them into.
    const comments = children(item, 'wp:comment').filter((c) => text(c as XmlNode, 'wp:comment_approved') === '1').length;
    if (comments) notes.push(`${comments} reader comment${comments === 1 ? '' : 's'} not carried (Masthead has no comments)`);
    const logins = distinct(children(item, 'dc:creator').map((c) => textOf(c).trim()));
    return { input, redirectFrom: distinct([permalink ?? '', `/?p=${id}`]), terms: wxrTerms(children(item, 'category'), logins, (l) => this.authorName(l), (l) => this.emails.get(l)), review };
  }

  /** The post's featured image (`_thumbnail_id`), as its lead image at its old URL until the media import moves it. */
  private featuredImage(item: XmlNode): { leadImage?: ArticleInput['leadImage'] } {
    const attachment = this.attachments.get(postmeta(item, '_thumbnail_id') ?? '');
    return attachment ? { leadImage: { url: attachment.url, alt: attachment.alt, caption: htmlToText(attachment.caption) } } : {};
  }

  /** Remembers an attachment for the galleries of the posts after it. */
  private attachment(item: XmlNode): void {
    const id = text(item, 'wp:post_id');
    const url = text(item, 'wp:attachment_url');
    if (!/^\d+$/.test(id) || !url) return;
    const alt = postmeta(item, '_wp_attachment_image_alt');
    this.attachments.set(id, {
      id,
      url,
      alt: alt ?? '',
      caption: text(item, 'excerpt:encoded'),
      parent: text(item, 'wp:post_parent') || '0',
      order: Number(text(item, 'wp:menu_order')) || 0,
      title: htmlToText(text(item, 'title')),
      link: sitePath(text(item, 'link'), this.link) ?? '',
    });
  }

  /**
   * The page's old path; with plain permalinks (`/?page_id=5`), its parents' slugs and its own
   * (parents come first in WordPress's exports). A path another page of this export already took
   * gets a number, and is noted for review, so that neither page overwrites the other.
   */
  private pageSlug(id: string, parent: string, permalink: string | undefined, own: string, notes: string[]): string {
    const parentPath = this.pagePaths.get(parent);
    const wanted = pagePath(permalink) ?? (parentPath ? `${parentPath}/${own}` : own);
    let path = wanted;
    for (let n = 2; this.pageOwners.has(path) && this.pageOwners.get(path) !== id; n++) path = `${wanted}-${n}`;
    if (path !== wanted) notes.push(`page path /pages/${wanted} is taken by another page: saved as /pages/${path}`);
    this.pagePaths.set(id, path);
    this.pageOwners.set(path, id);
    return path;
  }

  private authorName(login: string): string {
    return this.authors.get(login) ?? htmlToText(login);
  }
}

/** The value of one `wp:postmeta` of an item. */
function postmeta(item: XmlNode, key: string): string | undefined {
  const meta = children(item, 'wp:postmeta').find((m) => text(m as XmlNode, 'wp:meta_key') === key);
  return meta ? text(meta as XmlNode, 'wp:meta_value') : undefined;
}

/**
 * When WordPress last changed a published post (`wp:post_modified_gmt`, else `wp:post_modified` in
 * the site's time zone), for sitemaps' lastmod and feeds' updated; nothing (the publish date is
 * used) when absent, unreadable or before the publish date (a post published later than edited).
 */
function modifiedDate(item: XmlNode, publishedAt: number | undefined, timeZone: string | undefined): { modifiedAt?: number } {
  if (timeZone === undefined || publishedAt === undefined) return {};
  const gmt = text(item, 'wp:post_modified_gmt');
  const local = text(item, 'wp:post_modified');
  const ms = gmt && !NO_DATE.test(gmt) ? parseFeedDate(gmt) : local && !NO_DATE.test(local) ? localDate(local, timeZone) : undefined;
  return ms !== undefined && ms > publishedAt ? { modifiedAt: ms } : {};
}

/**
 * post_date_gmt; else, when `timeZone` is given (a post WordPress has dated), post_date read in
 * it; else pubDate. Undefined when WordPress says "no date" (a draft's floating date); a string
 * says what is wrong.
 */
function postDate(item: XmlNode, timeZone: string | undefined): number | undefined | string {
  for (const name of ['wp:post_date_gmt', 'wp:post_date', 'pubDate']) {
    if (name === 'wp:post_date' && timeZone === undefined) continue;
    const raw = text(item, name);
    if (!raw || NO_DATE.test(raw)) continue;
    const ms = name === 'wp:post_date' ? localDate(raw, timeZone!) : parseFeedDate(raw);
    return ms ?? `${name} is not a date: ${JSON.stringify(raw.slice(0, 40))}`;
  }
  return undefined;
}

/** A WordPress local time (`2012-07-23 00:30:00`) in an IANA time zone, as epoch ms. */
export function localDate(raw: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wall);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  // The zone's offset at the guessed instant, then again at the corrected one (a DST change between them).
  let at = wall - zoneOffset(wall, timeZone);
  at = wall - zoneOffset(at, timeZone);
  return at;
}

/** How far the wall clock in `timeZone` is ahead of UTC at `ms`. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(ms)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** Whether `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A WordPress title as readers saw it: character references decoded once, HTML tags (`<em>`)
 * removed, and any other `<…>` kept as the text it is ("NWA <NWA> NAMES NEW HEAD FOR UNIT").
 */
export function titleText(raw: string): string {
  return decodeHtmlEntities(raw.replace(TITLE_TAG, '')).replace(/\s+/g, ' ').trim();
}

const TITLE_TAG = /<\/?(?:a|abbr|b|br|cite|code|del|em|i|ins|mark|q|s|small|span|strong|sub|sup|u)(?:\s[^<>]*)?\/?>/gi;

/**
 * A page's path on the old site as a page slug, each segment made a slug (`/about-us/history/` →
 * `about-us/history`); undefined for a plain permalink (`/?page_id=5`).
 */
function pagePath(permalink: string | undefined): string | undefined {
  if (!permalink || permalink.includes('?')) return undefined;
  // WordPress's own slugs are kept as they are ("advertise-with-us"); anything else is made one.
  const segments = permalink
    .split('/')
    .filter(Boolean)
    .map((segment) => postName(segment).toLowerCase())
    .map((segment) => (/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u.test(segment) ? segment : slugify(segment)));
  return segments.length && segments.every(Boolean) ? segments.join('/') : undefined;
}

/** WordPress stores non-ASCII slugs percent-encoded (`caf%c3%a9`). */
function postName(raw: string): string {
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/** Categories: the first is the section, the rest tags; post tags are tags; other taxonomies are ignored. */
function terms(list: unknown[]): { section: string | null; tags: string[] } {
  const categories: string[] = [];
  const tags: string[] = [];
  for (const term of list) {
    const name = htmlToText(textOf(term));
    const domain = attr(term, 'domain');
    if (domain === 'category' && attr(term, 'nicename') !== 'uncategorized') categories.push(name);
    else if (domain === 'post_tag') tags.push(name);
  }
  const [section, ...rest] = distinct(categories);
  return { section: section ?? null, tags: distinct([...rest, ...tags]) };
}

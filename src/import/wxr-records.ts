import { slugify } from '../domain/index.ts';
import type { ArticleInput, PublishPipeline } from '../publish/index.ts';
import { ImportWrongFormat } from './errors.ts';
import { distinct, parseFeedDate, sitePath } from './feed-values.ts';
import { autop, htmlToText } from './html-text.ts';
import { type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { attr, children, knownNamespace, text, textOf, XmlItemParser, type XmlNode } from './xml-fields.ts';
import { localName, type XmlRecord, type XmlRoot, xmlItems } from './xml-items.ts';
import { decodeXml, readXmlFile, type XmlImportOptions, type XmlSource } from './xml-source.ts';

const EXPECTED = 'a WordPress export (WXR)';

/** A WordPress page, for the site's static pages (they are not articles). */
export interface WxrPage {
  /** `wp-<post_id>`. */
  readonly sourceId: string;
  /** WordPress's `post_name` (else the title) made a slug. */
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
}

export interface WxrImportDeps {
  readonly pipeline: PublishPipeline;
  /** Saves one page (create or update by slug); should write nothing when it is unchanged. */
  readonly savePage: (page: WxrPage) => Promise<void>;
}

export interface WxrImportReport extends ImportReport {
  /** Pages handed to `savePage`. */
  pages: number;
  /** Items left out on purpose (not refused): attachments, menu items, trashed posts, unpublished pages… */
  skipped: number;
}

/**
 * Imports a WordPress export file: posts through the publish pipeline, published pages through
 * `savePage`; streaming, idempotent, refusing bad items with their position (the n-th `<item>`
 * in the file, from 1) and reason while the rest imports.
 * @example await importWxr('site.wordpress.2024-01-01.xml', { pipeline, savePage }, { onProgress });
 */
export async function importWxr(file: string, deps: WxrImportDeps, options: XmlImportOptions = {}): Promise<WxrImportReport> {
  const { text: source, totalBytes, bytesRead } = readXmlFile(file);
  let pages = 0;
  let skipped = 0;
  const records = wxrRecords(source, {
    maxItemSize: options.maxItemSize,
    onPage: async (page) => {
      await deps.savePage(page);
      pages++;
    },
    onSkip: () => {
      skipped++;
    },
  });
  const report = await importRecords(records, deps.pipeline, { ...options, totalBytes, bytesRead });
  return { ...report, pages, skipped };
}

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
 * Posts: sourceId `wp-<post_id>`; body from content:encoded (HTML, with WordPress's autop when
 * it has no `<p>`); standfirst from excerpt:encoded; publishedAt from post_date_gmt, else pubDate;
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
    site = new Site(root);
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
    if ('problem' in item) yield { line: position, problem: item.problem };
    else if ('skip' in item) options.onSkip?.(position, item.skip);
    else if ('page' in item) {
      try {
        await options.onPage?.(item.page);
      } catch (e) {
        yield { line: position, problem: `page could not be saved: ${(e as Error).message}` };
      }
    } else yield { line: position, ...item };
  }
}

type Mapped = { input: ArticleInput; redirectFrom?: string[] } | { page: WxrPage } | { skip: string } | { problem: string };

/** What the export's channel says: the site's address and its authors. */
class Site {
  readonly parser: XmlItemParser;
  private link: string | undefined;
  private readonly authors = new Map<string, string>();

  constructor(root: XmlRoot | undefined) {
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
  }

  item(record: XmlRecord): Mapped {
    if ('problem' in record) return record;
    const parsed = this.parser.parse(record);
    if ('problem' in parsed) return parsed;
    const item = parsed.node;
    const type = text(item, 'wp:post_type');
    if (type !== 'post' && type !== 'page') return { skip: type ? `a WordPress ${type}` : 'no wp:post_type' };
    const wpStatus = text(item, 'wp:status');
    const status = STATUS[wpStatus];
    if (status === null || (type === 'page' && status !== 'published' && status !== undefined)) return { skip: `a ${wpStatus} ${type}` };
    if (status === undefined) return { problem: `unknown wp:status ${JSON.stringify(wpStatus)}` };
    if (type === 'page' && text(item, 'wp:post_password')) return { skip: 'a password-protected page' };
    const id = text(item, 'wp:post_id');
    if (!/^\d+$/.test(id)) return { problem: id ? `wp:post_id is not a number: ${JSON.stringify(id)}` : 'no wp:post_id' };
    const title = htmlToText(text(item, 'title'));
    if (!title) return { problem: 'no title' };
    const content = text(item, 'content:encoded');
    if (!content) return { problem: 'no content (content:encoded is empty)' };
    const date = postDate(item);
    if (typeof date === 'string') return { problem: date };
    const permalink = sitePath(text(item, 'link'), this.link);
    const slug = postName(text(item, 'wp:post_name'));
    if (type === 'page') {
      const oldPaths = distinct([permalink ?? '', `/?page_id=${id}`]);
      const page: WxrPage = { sourceId: `wp-${id}`, slug: slugify(slug || title), title, body: autop(content), bodyFormat: 'html', oldPaths, ...(date !== undefined ? { publishedAt: date } : {}) };
      return { page };
    }
    const { section, tags } = terms(children(item, 'category'));
    // A password-protected post must not become readable by everyone: it arrives as a draft.
    const visible = text(item, 'wp:post_password') ? 'draft' : status;
    const input: ArticleInput = {
      sourceId: `wp-${id}`,
      headline: title,
      standfirst: htmlToText(text(item, 'excerpt:encoded')),
      body: autop(content),
      bodyFormat: 'html',
      status: visible,
      ...(date !== undefined ? { publishedAt: date } : {}),
      section,
      tags,
      authors: distinct(children(item, 'dc:creator').map((c) => this.authorName(textOf(c).trim()))),
      ...(slug ? { slug } : {}),
      sourceText: record.xml,
    };
    const redirectFrom = visible === 'published' ? distinct([permalink ?? '', `/?p=${id}`]) : [];
    return redirectFrom.length ? { input, redirectFrom } : { input };
  }

  private authorName(login: string): string {
    return this.authors.get(login) ?? htmlToText(login);
  }
}

/** post_date_gmt, else pubDate; undefined when WordPress says "no date"; a string says what is wrong. */
function postDate(item: XmlNode): number | undefined | string {
  for (const name of ['wp:post_date_gmt', 'pubDate']) {
    const raw = text(item, name);
    if (!raw || NO_DATE.test(raw)) continue;
    const ms = parseFeedDate(raw);
    return ms ?? `${name} is not a date: ${JSON.stringify(raw.slice(0, 40))}`;
  }
  return undefined;
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

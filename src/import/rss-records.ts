import { createHash } from 'node:crypto';
import { normalizeImportedBody } from '../content/index.ts';
import type { BodyFormat } from '../domain/index.ts';
import type { ArticleInput, PublishPipeline } from '../publish/index.ts';
import { ATOM_TEXT_CHILDREN, alternateLink, atomText, authorNames, bodyOf, hasXhtml, plainOf } from './atom-entry.ts';
import { ImportWrongFormat } from './errors.ts';
import { distinct, parseFeedDate, sitePath } from './feed-values.ts';
import { autop, htmlToText } from './html-text.ts';
import { type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { attr, children, knownNamespace, text, textOf, XmlItemParser, type XmlNode } from './xml-fields.ts';
import { localName, type XmlRecord, type XmlRoot, xmlItems } from './xml-items.ts';
import { decodeXml, readXmlFile, type XmlImportOptions, type XmlSource } from './xml-source.ts';

const EXPECTED = 'an RSS 2.0 or Atom 1.0 feed';

/** An item mapped to the pipeline's input, or why it cannot be. */
type Mapped = { input: ArticleInput; redirectFrom?: string[] } | { problem: string };

/**
 * Imports an RSS 2.0 or Atom 1.0 feed file (RSS 1.0 too) through the publish pipeline, streaming
 * it in constant memory. A refused item is reported with its position (the n-th `<item>` or
 * `<entry>` in the file, from 1) and the reason; the rest still imports. Importing the same file
 * again changes nothing.
 * @example const report = await importRss('feed.xml', app.pipeline, { onProgress }); // { imported, updated, unchanged, refused }
 */
export async function importRss(file: string, pipeline: PublishPipeline, options: XmlImportOptions = {}): Promise<ImportReport> {
  const { text: source, totalBytes, bytesRead } = readXmlFile(file);
  return importRecords(rssRecords(source, options), pipeline, { ...options, totalBytes, bytesRead });
}

/**
 * Reads a feed's items into records, detecting RSS 2.0, RSS 1.0 or Atom from the root element;
 * `line` is the item's 1-based position in the file. Throws `MH_IMPORT_WRONG_FORMAT` for anything
 * else, a WordPress export included (it has its own importer).
 *
 * Per item: sourceId = guid / id (else the link, else a hash of title and date); headline = title;
 * body = content:encoded / content, else description / summary (HTML stays HTML, text becomes
 * Markdown); standfirst = description / summary as text when there is separate content;
 * publishedAt = pubDate / dc:date / published / updated (an unreadable date refuses the item, a
 * missing one stays unset); authors = author / dc:creator / atom author; tags = categories, except
 * one with domain (Atom: scheme) "section", which is the section. The item's link, when on the
 * channel's site, is kept as an old URL (`redirectFrom`).
 */
export async function* rssRecords(source: XmlSource, options: { readonly maxItemSize?: number } = {}): AsyncGenerator<SourceRecord> {
  let feed: Feed | undefined;
  const onRoot = (root: XmlRoot | undefined) => {
    feed = new Feed(root);
  };
  let position = 0;
  for await (const record of xmlItems(decodeXml(source), { onRoot, maxItemSize: options.maxItemSize })) {
    const f = feed!;
    const name = f.parser.canonical(record.name);
    if (name === 'item' || (name === 'entry' && f.kind === 'atom')) {
      position++;
      const mapped = f.item(record);
      yield 'problem' in mapped ? { line: position, problem: mapped.problem } : { line: position, ...mapped };
    } else if ('xml' in record) f.channel(name, record);
  }
}

/** What the feed says about itself, read from the channel's elements as they come. */
class Feed {
  readonly kind: 'rss' | 'rdf' | 'atom';
  readonly parser: XmlItemParser;
  private site: string | undefined;
  private selfLink: string | undefined;
  private authors: string[] = [];

  constructor(root: XmlRoot | undefined) {
    if (!root) throw ImportWrongFormat(EXPECTED, 'it is not XML (no root element)');
    const local = localName(root.name);
    if (local === 'rss' && Object.values(root.attributes).some((uri) => knownNamespace(uri) === 'wp')) {
      throw ImportWrongFormat(EXPECTED, 'it is a WordPress export (WXR); import it with "import wxr"');
    }
    if (local === 'rss') this.kind = 'rss';
    else if (local === 'RDF') this.kind = 'rdf';
    else if (local === 'feed') this.kind = 'atom';
    else throw ImportWrongFormat(EXPECTED, `the root element is <${root.name}>`);
    this.parser = XmlItemParser.forRoot(root, this.kind === 'atom' ? 'atom' : this.kind === 'rdf' ? 'rss1' : undefined);
  }

  channel(name: string, record: Extract<XmlRecord, { xml: string }>): void {
    if (name !== 'link' && !(name === 'author' && this.kind === 'atom')) return;
    const parsed = this.parser.parse(record);
    if (!('node' in parsed)) return;
    if (name === 'author') this.authors = authorNames({ author: parsed.node });
    else if (this.kind !== 'atom') this.site ??= textOf(parsed.node).trim() || undefined;
    else if ((attr(parsed.node, 'rel') ?? 'alternate') === 'alternate') this.site ??= attr(parsed.node, 'href');
    else if (attr(parsed.node, 'rel') === 'self') this.selfLink ??= attr(parsed.node, 'href');
  }

  item(record: XmlRecord): Mapped {
    if ('problem' in record) return record;
    let parsed = this.parser.parse(record);
    if ('node' in parsed && this.kind === 'atom' && hasXhtml(parsed.node)) parsed = this.parser.parse(record, ATOM_TEXT_CHILDREN);
    if ('problem' in parsed) return parsed;
    const mapped = this.kind === 'atom' ? this.atomEntry(parsed.node) : this.rssItem(parsed.node);
    if ('problem' in mapped) return mapped;
    const redirect = sitePath(mapped.link, this.site ?? this.selfLink);
    return { input: { ...mapped.input, sourceText: record.xml }, ...(redirect ? { redirectFrom: [redirect] } : {}) };
  }

  private rssItem(item: XmlNode): { input: ArticleInput; link: string } | { problem: string } {
    const title = htmlToText(text(item, 'title'));
    if (!title) return { problem: 'no title' };
    const content = text(item, 'content:encoded');
    const description = text(item, 'description');
    if (!content && !description) return { problem: 'no content (neither content:encoded nor description)' };
    const date = dateOf(item, ['pubDate', 'dc:date']);
    if ('problem' in date) return date;
    const guid = children(item, 'guid')[0];
    const guidText = textOf(guid).trim();
    const permalink = attr(guid, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guidText) ? guidText : '';
    const link = text(item, 'link') || permalink;
    const { section, tags } = categories(children(item, 'category').map((c) => [textOf(c), attr(c, 'domain')]));
    const body: { body: string; format: BodyFormat } = content ? { body: autop(content), format: 'html' } : normalizeImportedBody(description);
    const authors = [...children(item, 'author').map((a) => rssAuthor(textOf(a))), ...children(item, 'dc:creator').map((c) => htmlToText(textOf(c)))];
    const input: ArticleInput = {
      sourceId: guidText || attr(item, 'rdf:about')?.trim() || link || fallbackId(title, date.raw),
      headline: title,
      standfirst: content && description ? htmlToText(description) : '',
      body: body.body,
      bodyFormat: body.format,
      status: 'published',
      ...(date.ms !== undefined ? { publishedAt: date.ms } : {}),
      section,
      tags,
      authors: distinct(authors),
    };
    return { input, link };
  }

  private atomEntry(entry: XmlNode): { input: ArticleInput; link: string } | { problem: string } {
    const title = plainOf(atomText(entry, 'title'));
    if (!title) return { problem: 'no title' };
    const content = atomText(entry, 'content');
    const summary = atomText(entry, 'summary');
    const main = content ?? summary;
    if (!main) return { problem: 'no content (neither content nor summary)' };
    const date = dateOf(entry, ['published', 'updated']);
    if ('problem' in date) return date;
    const updated = dateOf(entry, ['updated']);
    const link = alternateLink(entry) ?? '';
    const { section, tags } = categories(children(entry, 'category').map((c) => [attr(c, 'term') ?? '', attr(c, 'scheme')]));
    const body = bodyOf(main);
    const authors = authorNames(entry);
    const input: ArticleInput = {
      sourceId: text(entry, 'id') || link || fallbackId(title, date.raw),
      headline: title,
      standfirst: content && summary ? plainOf(summary) : '',
      body: body.body,
      bodyFormat: body.format,
      status: 'published',
      ...(date.ms !== undefined ? { publishedAt: date.ms } : {}),
      ...('ms' in updated && updated.ms !== undefined ? { modifiedAt: updated.ms } : {}),
      section,
      tags,
      authors: distinct(authors.length ? authors : this.authors),
    };
    return { input, link };
  }
}

/** The first date field present; a present but unreadable one is a problem, none is no date. */
function dateOf(node: XmlNode, names: readonly string[]): { ms: number | undefined; raw: string } | { problem: string } {
  for (const name of names) {
    const raw = text(node, name);
    if (!raw) continue;
    const ms = parseFeedDate(raw);
    return ms === undefined ? { problem: `${name} is not a date: ${JSON.stringify(raw.slice(0, 40))}` } : { ms, raw };
  }
  return { ms: undefined, raw: '' };
}

/** Categories become tags; the first whose domain is "section" is the section instead. */
function categories(list: readonly (readonly [string, string | undefined])[]): { section: string | null; tags: string[] } {
  let section: string | null = null;
  const tags: string[] = [];
  for (const [raw, domain] of list) {
    const name = htmlToText(raw);
    if (!name) continue;
    if (section === null && domain?.trim().toLowerCase() === 'section') section = name;
    else tags.push(name);
  }
  return { section, tags: distinct(tags) };
}

/** RSS `author` is an e-mail address, often with the name: `jo@example.com (Jo Bloggs)`. No bare addresses in bylines. */
function rssAuthor(raw: string): string {
  const value = htmlToText(raw);
  const named = /\(([^()]+)\)\s*$/.exec(value)?.[1];
  return (named ?? value).replace(/\S+@\S+/g, '').replace(/\s+/g, ' ').trim();
}

/** An item with neither guid nor link still imports as the same article every time. */
function fallbackId(title: string, date: string): string {
  return `feed-${createHash('sha256').update(`${title}\n${date}`).digest('hex').slice(0, 24)}`;
}

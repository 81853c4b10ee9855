import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../test/fuzz.ts';
import { MastheadError } from '../lib/errors.ts';
import { rssRecords, type SourceRecord, wxrRecords } from './index.ts';

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapeXml = (s: string) => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A headline in any script, with XML syntax and entities in it, escaped as a good feed writes it. */
const goodTitle = fc.string({ unit: fc.oneof(fc.constantFrom('<', '>', '&', ']]>', '<!--', '"', "'", '&amp;', 'é', '𝄞', '\u0003', '\uD800'), fc.string({ unit: 'grapheme', maxLength: 3 })), maxLength: 12 }).map((t) => `Good ${t}`);

/**
 * What a broken item holds: markup and text that is wrong in every way that stays inside the item
 * (unclosed and stray tags, bad entities and dates, controls, lone surrogates, a tag whose quote
 * never closes, a stray `]]>`), and items missing their title or content.
 */
const brokenPiece = fc.constantFrom(
  '<', '>', '&', '&bogus;', '&#xZZ;', '&#99999999;', '&#0;', '<b>', '</b>', '</i>', '<![CDATA[x]]>', ']]>', '\u0003', '\u0000', '\uD800', '\uFFFF',
  'text', '"', "'", '<br/>', '<?pi?>', '<!-- c -->', '<title>', '</title>', '<title></title>', '<a href="x">', '<a href="x>', "<a b='c>", '<guid>', '</guid>',
  '<pubDate>not a date</pubDate>', '<published>+099999-01-01T00:00:00Z</published>', '<updated>yesterday</updated>', '<description>', '</content:encoded>', '<content>', '</link>',
  '<wp:post_id>', '</wp:post_type>', '<wp:status>publish</wp:status>', '<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>', '<!DOCTYPE x>', '<x:y>', '</z:w>',
);
const brokenBody = fc.array(brokenPiece, { maxLength: 12 }).map((p) => p.join(''));

type Item = { good: true; title: string } | { good: false; body: string };
const items = fc.array(fc.oneof(goodTitle.map((title): Item => ({ good: true, title })), brokenBody.map((body): Item => ({ good: false, body }))), { maxLength: 8 });

const rssItem = (it: Item, i: number) =>
  it.good
    ? `<item><title>${escapeXml(it.title)}</title><guid isPermaLink="false">good-${i}</guid><pubDate>Mon, 23 Jul 2012 10:00:00 +0000</pubDate><description>${escapeXml(`Body of ${it.title}`)}</description></item>`
    : `<item>${it.body}</item>`;
const atomEntry = (it: Item, i: number) =>
  it.good
    ? `<entry><id>good-${i}</id><title type="html">${escapeXml(escapeXml(it.title))}</title><updated>2012-07-23T10:00:00Z</updated><content type="html">${escapeXml('<p>Body</p>')}</content></entry>`
    : `<entry>${it.body}</entry>`;
const wxrItem = (it: Item, i: number) =>
  it.good
    ? `<item><title><![CDATA[${it.title.replace(NOT_XML, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]></title><content:encoded><![CDATA[<p>Body</p>]]></content:encoded><wp:post_id>${1000 + i}</wp:post_id><wp:post_date_gmt>2012-07-23 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`
    : `<item>${it.body}</item>`;

const rss = (list: Item[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://old.example</link>${list.map(rssItem).join('\n')}</channel></rss>`;
const atom = (list: Item[]) => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${list.map(atomEntry).join('\n')}</feed>`;
const wxr = (list: Item[]) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>T</title><link>https://old.example</link>${list.map(wxrItem).join('\n')}</channel></rss>`;

async function collect(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

/** Splits a text into chunks at the given cut points, as a file stream would. */
const chunked = (text: string, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  return [...points, text.length].map((end, k) => text.slice(k === 0 ? 0 : points[k - 1], end));
};

const formats = [
  { name: 'RSS', build: rss, read: (chunks: string[]) => rssRecords(chunks), id: (i: number) => `good-${i}`, everyItem: true },
  { name: 'Atom', build: atom, read: (chunks: string[]) => rssRecords(chunks), id: (i: number) => `good-${i}`, everyItem: true },
  // WXR skips items that are not posts (attachments, menus…) without a record: no count to compare.
  { name: 'WXR', build: wxr, read: (chunks: string[]) => wxrRecords(chunks), id: (i: number) => `wp-${1000 + i}`, everyItem: false },
] as const;

describe.each(formats)('$name importer on broken and hostile items (property)', ({ build, read, id, everyItem }) => {
  it(
    'keeps every good item around broken ones, and reports each broken one with its position',
    async () => {
      await fc.assert(
        fc.asyncProperty(items, fc.array(fc.nat(), { maxLength: 4 }), async (list, cuts) => {
          const out = await collect(read(chunked(build(list), cuts)));
          const imported = out.flatMap((r) => ('input' in r ? [r.input.sourceId] : []));
          const good = list.flatMap((it, i) => (it.good ? [id(i)] : []));
          for (const g of good) expect(imported, `lost ${g}`).toContain(g);
          if (everyItem) expect(out.map((r) => r.line)).toEqual(list.map((_, i) => i + 1));
          for (const r of out) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            if ('problem' in r) expect(r.problem).toMatch(/\S/);
          }
        }),
        fuzz(150),
      );
    },
    fuzzTimeout(),
  );

  it(
    'refuses arbitrary text with a classified error or reads it, never crashing',
    async () => {
      const anyText = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(brokenPiece, { maxLength: 30 }).map((p) => p.join('')),
        fc.tuple(items, fc.nat(400)).map(([list, cut]) => build(list).slice(0, cut)),
      );
      await fc.assert(
        fc.asyncProperty(anyText, async (text) => {
          try {
            await collect(read([text]));
          } catch (err) {
            expect(err, String(err)).toBeInstanceOf(MastheadError);
          }
        }),
        fuzz(200),
      );
    },
    fuzzTimeout(),
  );
});

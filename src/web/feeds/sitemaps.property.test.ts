import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzTimeout } from '../../../test/fuzz.ts';
import { newsSitemap, sitemapIndex, urlSet } from './sitemaps.ts';

/** Characters XML 1.0 cannot carry at all: a sitemap holding one is refused by every crawler. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HOSTILE = [']]>', '<![CDATA[', '<!--', '-->', '<', '>', '&', '&amp;', '"', "'", '\u0000', '\u0003', '\uD800', '\uDC00', '\uFFFF', 'é', '𝄞', ' ', '\n', 'x', '/', '?', '#', '%', '%zz'];
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 12 }));
const parser = new XMLParser({ trimValues: false, parseTagValue: false, isArray: (name) => name === 'url' });

function expectXml(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(NOT_XML.test(xml), xml).toBe(false);
}

describe('sitemaps whatever the titles and paths (property)', () => {
  it(
    'the news sitemap is well-formed XML, each title kept as text when XML can carry it',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ path: anyText, title: anyText }), { minLength: 1, maxLength: 5 }), anyText, async (items, name) => {
          const xml = await newsSitemap('https://news.example', { name, language: 'en' }, items.map((it) => ({ path: `/news/${it.path}`, title: it.title, publishedAt: Date.UTC(2026, 0, 1) })));
          expectXml(xml);
          const urls = parser.parse(xml).urlset.url as { loc: string; 'news:news': { 'news:title': string } }[];
          expect(urls).toHaveLength(items.length);
          items.forEach((it, i) => {
            // XML turns CR into LF, and the writer drops what XML 1.0 discourages (DEL, C1 controls,
            // noncharacters); any other text comes back unchanged.
            if (!NOT_XML.test(it.title) && !/[\r\u007F-\u009F\p{Noncharacter_Code_Point}]/u.test(it.title)) expect(String(urls[i]!['news:news']['news:title'] ?? '')).toBe(it.title);
            expect(urls[i]!.loc.startsWith('https://news.example/')).toBe(true);
          });
        }),
        fuzz(200),
      );
    },
    fuzzTimeout(),
  );

  it(
    'page sitemaps and the index are well-formed XML for any path',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(anyText, { maxLength: 6 }), fc.nat(5), async (paths, parts) => {
          expectXml(await urlSet('https://news.example', paths.map((p) => ({ path: `/news/${p}`, lastmod: Date.UTC(2026, 0, 2) }))));
          expectXml(await sitemapIndex('https://news.example', parts, Date.UTC(2026, 0, 3)));
        }),
        fuzz(200),
      );
    },
    fuzzTimeout(),
  );
});

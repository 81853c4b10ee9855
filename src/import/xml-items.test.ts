import { describe, expect, it } from 'vitest';
import { type XmlRecord, type XmlRoot, xmlItems } from './xml-items.ts';

const FEED = [
  '<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY x "y"> ]>\n',
  '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n',
  '<title>T</title>\n',
  '<!-- not an item: <item><title>no</title></item> -->\n',
  '<item><title a=">">One</title><content:encoded><![CDATA[a </item> b <item> c ]]]]></content:encoded></item>\n',
  '<?pi <item> ?>\n',
  '<item/>\n',
  '<item><title>Three</title></item>\n',
  '</channel>\n</rss>\n',
].join('');

async function records(chunks: Iterable<string>, options: { maxItemSize?: number; roots?: (XmlRoot | undefined)[] } = {}): Promise<XmlRecord[]> {
  const out: XmlRecord[] = [];
  const onRoot = (root: XmlRoot | undefined) => options.roots?.push(root);
  for await (const r of xmlItems(chunks, { onRoot, maxItemSize: options.maxItemSize })) out.push(r);
  return out;
}

function chunked(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('xmlItems', () => {
  it('cuts the channel into records, reading CDATA, comments, instructions and quoted `>` as such', async () => {
    expect(await records([FEED])).toEqual([
      { name: 'title', line: 5, xml: '<title>T</title>' },
      { name: 'item', line: 7, xml: '<item><title a=">">One</title><content:encoded><![CDATA[a </item> b <item> c ]]]]></content:encoded></item>' },
      { name: 'item', line: 9, xml: '<item/>' },
      { name: 'item', line: 10, xml: '<item><title>Three</title></item>' },
    ]);
  });

  it('ends a tag whose quote never closes at the next `<`, so the items after it are still read', async () => {
    const feed = '<rss><channel>\n<item><a href="x>broken</a></item>\n<item><title>Next</title></item>\n</channel></rss>';
    for (const chunks of [[feed], chunked(feed, 3)]) {
      expect(await records(chunks)).toEqual([
        { name: 'item', line: 2, xml: '<item><a href="x>broken</a></item>' },
        { name: 'item', line: 3, xml: '<item><title>Next</title></item>' },
      ]);
    }
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const whole = await records([FEED]);
    for (const size of [1, 2, 3, 5, 8, 13]) expect(await records(chunked(FEED, size))).toEqual(whole);
  });

  it('tells the root element and its attributes once', async () => {
    const roots: (XmlRoot | undefined)[] = [];
    await records(chunked(FEED, 7), { roots });
    expect(roots).toEqual([{ name: 'rss', attributes: { version: '2.0', 'xmlns:content': 'http://purl.org/rss/1.0/modules/content/' } }]);
  });

  it('tells undefined when the text is not XML', async () => {
    const roots: (XmlRoot | undefined)[] = [];
    expect(await records(['{"title": "JSON"}'], { roots })).toEqual([]);
    expect(roots).toEqual([undefined]);
  });

  it('tells undefined for an empty file', async () => {
    const roots: (XmlRoot | undefined)[] = [];
    await records([''], { roots });
    expect(roots).toEqual([undefined]);
  });

  it('reads Atom entries, children of the root', async () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><id>f</id><entry><id>e1</id></entry><entry><id>e2</id></entry></feed>';
    expect((await records([atom])).map((r) => ('xml' in r ? r.xml : r.problem))).toEqual(['<id>f</id>', '<entry><id>e1</id></entry>', '<entry><id>e2</id></entry>']);
  });

  it('reports a file that ends inside an item', async () => {
    expect(await records(['<rss><channel><item><title>Whole</title></item>\n<item><title>Cut <![CDATA[off'])).toEqual([
      { name: 'item', line: 1, xml: '<item><title>Whole</title></item>' },
      { name: 'item', line: 2, problem: 'file ends inside an item' },
    ]);
  });

  it('ends an item left open at the next item', async () => {
    expect(await records(['<rss><channel>\n<item><title>Open\n<item><title>Next</title></item></channel></rss>'])).toEqual([
      { name: 'item', line: 2, problem: 'item is not closed before the next <item>' },
      { name: 'item', line: 3, xml: '<item><title>Next</title></item>' },
    ]);
  });

  it('ends an item left open at the end of its channel', async () => {
    expect(await records(['<rss><channel><item><title>Open</title></channel></rss>'])).toEqual([
      { name: 'item', line: 1, problem: 'item is not closed before </channel>' },
    ]);
  });

  it('refuses an item over the size limit without holding it, and reads on', async () => {
    const big = `<item><description>${'x'.repeat(5000)}</description></item>`;
    const out = await records(chunked(`<rss><channel>${big}<item><title>Small</title></item></channel></rss>`, 64), { maxItemSize: 1000 });
    expect(out).toEqual([
      { name: 'item', line: 1, problem: 'item is larger than the limit of 1000 characters' },
      { name: 'item', line: 1, xml: '<item><title>Small</title></item>' },
    ]);
  });

  it('treats a `<` that starts no markup as text', async () => {
    expect(await records(['<rss><channel><item><title>a < b</title></item></channel></rss>'])).toEqual([
      { name: 'item', line: 1, xml: '<item><title>a < b</title></item>' },
    ]);
  });

  it('skips a byte-order mark', async () => {
    expect(await records(['\uFEFF<rss><channel><item/></channel></rss>'])).toEqual([{ name: 'item', line: 1, xml: '<item/>' }]);
  });
});

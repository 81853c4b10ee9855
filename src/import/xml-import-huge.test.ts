import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importRss } from './index.ts';

const ITEMS = 20_000;
const PARAGRAPH = 'Road pricing schemes &amp; tolling operators &#8212; the gantries, the back offices and the enforcement cameras. ';

/**
 * V8 collects lazily, so heapUsed between collections counts garbage too. A collection before
 * each sample measures what the import holds. (Jest exposes `gc` the same way.)
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let app: TestApp;
let dir: string;
beforeAll(async () => {
  app = await makeTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-huge-'));
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a feed of `count` items (about 2 KB each) without building it in memory. */
async function writeFeed(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel><title>Huge</title><link>https://huge.example/</link>\n');
  for (let i = 1; i <= count; i++) {
    const body = `<p>Story ${i}. ${PARAGRAPH.repeat(8)}</p><p>${PARAGRAPH.repeat(6)} ]]&gt; </item> in text.</p>`;
    await write(
      `<item><title>Story number ${i} on tolling</title><link>https://huge.example/${i}/</link><guid isPermaLink="false">h-${i}</guid>` +
        `<pubDate>Mon, 23 Jul 2012 10:00:00 +0000</pubDate><category>Tolling</category>` +
        `<content:encoded><![CDATA[${body}]]></content:encoded></item>\n`,
    );
  }
  await write('</channel>\n</rss>\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

describe('a huge feed', () => {
  it(
    'imports 20,000 items streaming, with heap growth far below the file size',
    async () => {
      const file = path.join(dir, 'huge.xml');
      await writeFeed(file, ITEMS);
      const size = fs.statSync(file).size;
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      const progress: { bytesRead: number; records: number }[] = [];
      const report = await importRss(file, app.pipeline, {
        onProgress: ({ bytesRead, records }) => {
          progress.push({ bytesRead, records });
          if (progress.length % 5) return; // a full collection is slow: sample every fifth batch
          collectGarbage();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
      });
      expect(size).toBeGreaterThan(35 * 1024 * 1024);
      expect(report).toEqual({ imported: ITEMS, updated: 0, unchanged: 0, refused: [] });
      expect(await app.store.articles.countPublished()).toBe(ITEMS);
      // Streaming: the first batch was saved when a few percent of the file had been read.
      expect(progress[0]!.bytesRead).toBeLessThan(size / 10);
      expect(progress.at(-1)).toEqual({ bytesRead: size, records: ITEMS });
      expect(peak - before).toBeLessThan(size / 4);
    },
    240_000,
  );
});

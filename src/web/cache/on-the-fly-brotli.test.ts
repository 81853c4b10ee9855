import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';
import { CACHED_BROTLI_QUALITY, ON_THE_FLY_BROTLI_QUALITY } from './index.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Brotli of a body at a quality, as the page writer makes it. */
const brotli = (body: Buffer, quality: number) => zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality } });

/** The bytes of a response as sent (fetch() would decode them), with its headers. */
function raw(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** A page through a real socket with a browser's headers, and the same page uncompressed. */
async function fetchBoth(env: Record<string, string>) {
  app = await makeTestApp(env);
  await app.pipeline.save(article({ sourceId: 'b', headline: 'Compressed story', body: 'Words of a story long enough to compress. '.repeat(80) }));
  const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
  const plain = await raw(`${address}/news/compressed-story`, { 'accept-encoding': 'identity' });
  const sent = await raw(`${address}/news/compressed-story`, { 'accept-encoding': 'br, gzip', accept: 'text/html' });
  return { plain: plain.body, headers: sent.headers, sent: sent.body };
}

describe('brotli quality', () => {
  it('compresses a page rendered for one reader (cache off) at the cheaper on-the-fly quality', async () => {
    const { plain, headers, sent } = await fetchBoth({ PAGE_CACHE: 'off' });
    expect(headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(sent).equals(plain)).toBe(true);
    expect(sent.equals(brotli(plain, ON_THE_FLY_BROTLI_QUALITY))).toBe(true);
    expect(ON_THE_FLY_BROTLI_QUALITY).toBeLessThan(CACHED_BROTLI_QUALITY);
  });
});

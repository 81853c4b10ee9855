import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOutput } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-site-cli-'));
const db = path.join(dir, 'site.db');
let server: http.Server;
let base: string;

beforeAll(async () => {
  const article = (title: string, date: string) =>
    `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"${title}","datePublished":"${date}","author":{"name":"Ann Lee"}}</script></head><body><article><h1>${title}</h1><p>${title}: the text.</p></article></body></html>`;
  const pages: Record<string, string> = {
    '/a-toll-road-opens': article('A toll road opens', '2020-01-02T10:00:00Z'),
    '/old/ports-merge.html': article('Two ports merge', '2020-01-03T10:00:00Z'),
  };
  server = http.createServer((req, res) => {
    if (req.url === '/sitemap.xml') {
      const urls = Object.keys(pages).map((p) => `<url><loc>${base}${p}</loc></url>`).join('');
      return void res.writeHead(200, { 'content-type': 'application/xml' }).end(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`);
    }
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ?? 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('masthead import site', () => {
  it('imports a site by its sitemap, reports it as JSON, and a second run fetches and changes nothing', async () => {
    const args = ['import', 'site', `${base}/`, '--allow-private-addresses', '--delay', '0', '--no-related', '--db', db];
    const first = JSON.parse(await cliOutput([...args, '--json']));
    expect(first).toMatchObject({ imported: 2, updated: 0, unchanged: 0, refused: [], sitemap: `${base}/sitemap.xml`, urls: 2 });
    const second = await cliOutput(args);
    expect(second).toMatch(/^Sitemap http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml: 1 sitemap\(s\), 2 page\(s\)\nImported 0, updated 0, unchanged 2 \(2 not fetched again\), refused 0, not articles 0 in [\d.]+ s\nImages: imported 0, reused 0, missing 0\n$/);
  });

  it('refuses a loopback site without --allow-private-addresses', async () => {
    const out = await cliOutput(['import', 'site', `${base}/sitemap.xml`, '--db', db]);
    expect(out).toContain(`${base}/sitemap.xml: sitemap not read: refused: 127.0.0.1 is a private, loopback or link-local address`);
  });
});

/**
 * CPU time of one page-cache hit, next to a plain Node `writeHead` + `end` of the same bytes, in
 * microseconds per response (no sockets: the responses are written into Node's own buffers). CPU
 * time rather than requests a second, so the figure holds on a machine other work is loading,
 * where `article-page`'s throughput ratio swings widely.
 *
 *   npm run bench -- page-hit
 */
import http from 'node:http';
import net from 'node:net';
import { makePage, PageCache } from '../src/web/cache/index.ts';
import { fmt, median } from './lib.ts';

const socket = new net.Socket();

function perResponse(n: number, acceptEncoding: string, answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): number {
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const req = new http.IncomingMessage(socket);
    req.method = 'GET';
    req.url = '/news/a-story';
    req.headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    answer(req, new http.ServerResponse(req));
  }
  const d = process.cpuUsage(t);
  return (d.user + d.system) / n;
}

export async function pageHitBench(): Promise<void> {
  const body = Buffer.alloc(12_000, 'a');
  const cache = new PageCache(10);
  cache.set('/news/a-story', makePage(200, 'text/html; charset=utf-8', body, Date.now()));
  const hit = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!cache.tryServe(req, res)) throw new Error('the page was not in the cache');
  };
  const plain = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  };
  for (const coding of ['', 'br, gzip']) {
    perResponse(20_000, coding, hit);
    perResponse(20_000, coding, plain);
    const hits: number[] = [];
    const plains: number[] = [];
    for (let round = 0; round < 7; round++) {
      hits.push(perResponse(50_000, coding, hit));
      plains.push(perResponse(50_000, coding, plain));
    }
    const [h, p] = [median(hits), median(plains)];
    console.log(`${(coding || 'identity').padEnd(9)} cache hit ${fmt(h, 2)} µs, plain http ${fmt(p, 2)} µs of CPU a response (median of 7 × 50,000); hit / plain ${fmt(h / p, 2)}`);
  }
}

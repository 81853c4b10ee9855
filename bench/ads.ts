/**
 * Advertising: a cached article page with an ad on it against the same page without ads (same
 * run: the ratio is the figure; bar >= 0.9), then impression and click beacons at C connections,
 * checked against the report exactly.
 *
 *   npm run bench -- ads [--articles N] [--seconds S] [--connections C] [--beacons B]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { ensureCorpus, fmt, load, OUT, ROOT, startProcess, stop } from './lib.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/masthead.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Sends exactly `amount` requests to `url` at `connections` at once; how many got an answer. */
async function beacons(url: string, connections: number, amount: number): Promise<{ answered: number; seconds: number }> {
  const r = await autocannon({ url, connections, amount, headers: { 'user-agent': BROWSER_UA } });
  return { answered: r.requests.total - r.errors - r.timeouts, seconds: r.duration };
}

export async function adsBench(opts: { articles: number; seconds: number; connections: number; beacons: number }): Promise<void> {
  const corpus = ensureCorpus(opts.articles);
  const db = path.join(OUT, `ads-${opts.articles}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  cli(['import', 'jsonl', corpus, '--db', db, '--json', '--no-related']);

  const port = 3910;
  const measure = async (label: string) => {
    const server = await startProcess(['bin/masthead.js', 'serve', '--db', db, '--port', String(port)], {}, port);
    try {
      const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/articles?limit=1`)).json()) as { articles: { slug: string }[] };
      const url = `http://127.0.0.1:${port}/news/${list.articles[0]!.slug}`;
      const html = await (await fetch(url)).text();
      await load(url, opts.connections, 2);
      const r = await load(url, opts.connections, opts.seconds);
      console.log(`${label.padEnd(28)} ${fmt(r.rps).padStart(9)} req/s   p50 ${fmt(r.p50, 1)} ms   p99 ${fmt(r.p99, 1)} ms   errors ${r.errors + r.non2xx}   slots ${(html.match(/data-ad-slot=/g) ?? []).length}`);
      return r.rps;
    } finally {
      await stop(server);
    }
  };

  const without = await measure('article page, no ads');
  const image = path.join(OUT, 'ad-banner.png');
  await sharp({ create: { width: 300, height: 250, channels: 3, background: '#c30' } }).png().toFile(image);
  const { id } = JSON.parse(cli(['ads', 'add', '--slot', 'sidebar', '--image', image, '--url', 'https://advertiser.example/', '--alt', 'Banner', '--db', db, '--json'])) as { id: number };
  cli(['ads', 'add', '--slot', 'sidebar', '--image', image, '--url', 'https://advertiser.example/2', '--alt', 'Banner 2', '--db', db, '--json']);
  const withAds = await measure('article page, two ads');
  console.log(`ratio with ads / without: ${fmt(withAds / without, 3)} (bar: >= 0.9)`);

  const server = await startProcess(['bin/masthead.js', 'serve', '--db', db, '--port', String(port)], {}, port);
  let sent: { impressions: number; clicks: number };
  let seconds = 0;
  try {
    const half = Math.floor(opts.beacons / 2);
    const i = await beacons(`http://127.0.0.1:${port}/ads/i/${id}`, opts.connections, half);
    const c = await beacons(`http://127.0.0.1:${port}/ads/c/${id}`, opts.connections, opts.beacons - half);
    sent = { impressions: i.answered, clicks: c.answered };
    seconds = i.seconds + c.seconds;
  } finally {
    await stop(server);
  }
  const report = JSON.parse(cli(['ads', 'report', '--db', db, '--json'])) as { id: number; impressions: number; clicks: number }[];
  const counted = report.filter((r) => r.id === id).reduce((t, r) => ({ impressions: t.impressions + r.impressions, clicks: t.clicks + r.clicks }), { impressions: 0, clicks: 0 });
  console.log(`beacons: ${fmt(opts.beacons)} at c=${opts.connections} in ${fmt(seconds, 1)} s = ${fmt(opts.beacons / seconds)}/s`);
  console.log(`answered ${fmt(sent.impressions)} impressions and ${fmt(sent.clicks)} clicks; report ${fmt(counted.impressions)} and ${fmt(counted.clicks)}: ${counted.impressions === sent.impressions && counted.clicks === sent.clicks ? 'exact' : 'MISMATCH'}`);
}

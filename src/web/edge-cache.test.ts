/**
 * Varnish (docs/varnish.vcl, xkey) in front of two `masthead serve` nodes on one PostgreSQL
 * database: pages are cached at the edge by their surrogate keys, and a publish (here by the CLI,
 * a third process) reaches readers through Varnish within a second while a page it does not touch
 * stays cached there. Skipped where varnishd is not installed, except in CI (.ci/run installs it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type ServeNode, startServe, stopServe } from '../../test/node-process.ts';
import { freshPostgresDatabase, TEST_DB } from '../../test/support.ts';

const VARNISHD = '/usr/sbin/varnishd';
const VCL = path.resolve(import.meta.dirname, '../../docs/varnish.vcl');
const VISIBLE_WITHIN_MS = 1000;
const hasVarnish = fs.existsSync(VARNISHD);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** One JSONL line of the import format, for the same source id each time. */
const line = (id: string, title: string, section = 'Tolling', body = 'Tolls rise on the bridge.') =>
  `${JSON.stringify({ id, title, standfirst: 'Edge caching.', body: `${title}. ${body}`, date: '2025-03-04T10:00:00Z', section })}\n`;

async function get(url: string): Promise<{ body: string; edge: string | null; headers: Headers }> {
  const r = await fetch(url, { headers: { 'accept-encoding': 'br, gzip' } });
  return { body: await r.text(), edge: r.headers.get('x-edge-cache'), headers: r.headers };
}

describe.skipIf(TEST_DB !== 'postgres' || (!hasVarnish && !process.env.CI))('Varnish with xkey in front of two nodes (runs in the postgres project)', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let nodes: ServeNode[] = [];
  let varnish: ChildProcess | undefined;
  let dir: string;
  let edge: string;
  let jsonl: string;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-varnish-'));
    // varnishd reads the VCL after dropping to its own user.
    fs.chmodSync(dir, 0o755);
    jsonl = path.join(dir, 'articles.jsonl');
    fs.writeFileSync(jsonl, line('edge-1', 'Bridge tolls rise') + line('edge-2', 'Harvest festival', 'Farming', 'Farmers gather apples.'));
    await runCli(['import', 'jsonl', jsonl, '--database-url', database.url, '--json']);
    const port = await freePort();
    edge = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: database.url, SITE_TIMEZONE: 'UTC', EDGE_PURGE_URLS: edge };
    nodes = await Promise.all([startServe(env), startServe(env)]);
    const ports = nodes.map((n) => new URL(n.url).port);
    const vcl = fs.readFileSync(VCL, 'utf8').replace('"3001"', `"${ports[0]}"`).replace('"3002"', `"${ports[1]}"`);
    fs.writeFileSync(path.join(dir, 'site.vcl'), vcl);
    fs.chmodSync(path.join(dir, 'site.vcl'), 0o644);
    varnish = spawn(VARNISHD, ['-F', '-f', path.join(dir, 'site.vcl'), '-a', `127.0.0.1:${port}`, '-n', path.join(dir, 'work'), '-s', 'malloc,32m'], { stdio: 'ignore' });
    // Until Varnish listens and its probes find both nodes healthy.
    for (let i = 0; ; i++) {
      const ok = await fetch(`${edge}/news/bridge-tolls-rise`).then(
        (r) => r.arrayBuffer().then(() => r.status === 200),
        () => false,
      );
      if (ok) break;
      if (i > 600) expect.fail('Varnish did not serve the site');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 240_000);

  afterAll(async () => {
    varnish?.kill('SIGTERM');
    await Promise.all(nodes.map((n) => stopServe(n.child)));
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('caches pages by their keys and serves a publish within a second, purging only what it touches', async () => {
    const article = `${edge}/news/bridge-tolls-rise`;
    const other = `${edge}/news/harvest-festival`;
    for (const url of [article, other, `${edge}/sections/tolling`]) await get(url);
    const warm = await get(other);
    expect(warm.edge).toBe('HIT');
    // The edge strips the keys it reads.
    expect(warm.headers.get('surrogate-key')).toBeNull();
    expect((await get(article)).edge).toBe('HIT');
    expect((await get(`${edge}/sections/tolling`)).edge).toBe('HIT');

    fs.writeFileSync(jsonl, line('edge-1', 'Bridge tolls rise again'));
    await runCli(['import', 'jsonl', jsonl, '--database-url', database.url, '--json']);
    const since = Date.now();
    for (;;) {
      const page = await get(article);
      if (page.body.includes('Bridge tolls rise again')) break;
      if (Date.now() - since > VISIBLE_WITHIN_MS) expect.fail(`Varnish still served the old page after ${VISIBLE_WITHIN_MS} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await get(`${edge}/sections/tolling`)).body).toContain('Bridge tolls rise again');
    // The other article's page shows nothing the publish changed: still the edge's copy.
    expect((await get(other)).edge).toBe('HIT');
  }, 60_000);
});

/**
 * Two app nodes on PostgreSQL behind nginx, under load while articles are imported; one node is
 * killed with SIGKILL part-way and restarted. Reports requests, errors (5xx must be zero: nginx
 * retries the other node), p50/p99 before, during and after, and that every imported article is
 * present afterwards.
 *
 *   npm run bench -- cluster [--seconds S]     (needs nginx: apt-get install -y nginx)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureCorpus, fmt, load, OUT, ROOT, startProcess } from './lib.ts';

const ADMIN = process.env.MASTHEAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'mh_cluster_bench';
const NGINX_PORT = 3920;
const NODES = [3921, 3922];

function nginxConfig(prefix: string): string {
  return `worker_processes 1;
error_log ${prefix}/error.log warn;
pid ${prefix}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  upstream masthead {
    ${NODES.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n    ')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${NGINX_PORT};
    location / {
      proxy_pass http://masthead;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;
      proxy_next_upstream_tries 2;
    }
  }
}
`;
}

async function resetDatabase(): Promise<string> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${DB}`);
  await c.end();
  return Object.assign(new URL(ADMIN), { pathname: `/${DB}` }).toString();
}

function startNode(url: string, port: number): Promise<ChildProcess> {
  // A heap bound of its own runs the server in this one process (no launcher), so the SIGKILL
  // below lands on the server itself, mid-request.
  return startProcess(['bin/masthead.js', 'serve', '--database-url', url, '--port', String(port)], { NODE_OPTIONS: '--max-old-space-size=256' }, port);
}

export async function clusterBench(opts: { seconds: number }): Promise<void> {
  if (spawnSync('which', ['nginx']).status !== 0) {
    console.log('nginx is not installed (apt-get install -y nginx); skipping the cluster benchmark');
    return;
  }
  const url = await resetDatabase();
  const base = ensureCorpus(10_000);
  const extra = ensureCorpus(12_000); // the last 2,000 articles are imported under load
  const tail = path.join(OUT, 'cluster-tail.jsonl');
  fs.writeFileSync(tail, fs.readFileSync(extra, 'utf8').split('\n').slice(10_000).join('\n'));
  const seed = spawnSync(process.execPath, ['bin/masthead.js', 'import', 'jsonl', base, '--database-url', url, '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(seed.stderr);

  const prefix = path.join(OUT, 'nginx');
  fs.mkdirSync(prefix, { recursive: true });
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), nginxConfig(prefix));
  const nodes = [await startNode(url, NODES[0]!), await startNode(url, NODES[1]!)];
  const nginx = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  await new Promise((r) => setTimeout(r, 500));
  const front = `http://127.0.0.1:${NGINX_PORT}`;
  const list = (await (await fetch(`${front}/api/v1/articles?limit=1&page=5000`)).json()) as { articles: { slug: string }[] };
  const articleUrl = `${front}/news/${list.articles[0]!.slug}`;
  const searchUrl = `${front}/api/v1/search?q=oil+prices`;

  // Articles are imported through the whole run.
  const importer = spawn(process.execPath, ['bin/masthead.js', 'import', 'jsonl', tail, '--database-url', url, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let importOut = '';
  importer.stdout.on('data', (d) => {
    importOut += d;
  });

  const phase = async (name: string, during?: () => Promise<void>) => {
    const [page, search] = await Promise.all([load(articleUrl, 40, opts.seconds), load(searchUrl, 10, opts.seconds), during?.()]);
    return { name, page, search };
  };
  const results = [await phase('before')];
  results.push(
    await phase('during (node 1 killed, restarted)', async () => {
      await new Promise((r) => setTimeout(r, (opts.seconds * 1000) / 4));
      nodes[0]!.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, (opts.seconds * 1000) / 4));
      nodes[0] = await startNode(url, NODES[0]!);
    }),
  );
  results.push(await phase('after'));
  await new Promise<void>((r) => (importer.exitCode !== null ? r() : importer.once('exit', () => r())));

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM articles`);
  await c.end();
  const report = JSON.parse(importOut || '{}') as { imported?: number; refused?: unknown[] };

  for (const n of nodes) n.kill('SIGTERM');
  nginx.kill('SIGQUIT');

  console.log('');
  for (const r of results) {
    for (const [what, x] of [['article', r.page], ['search ', r.search]] as const) {
      console.log(
        `${r.name.padEnd(36)} ${what}  ${fmt(x.rps * opts.seconds).padStart(8)} requests  ${fmt(x.rps).padStart(7)} req/s  p50 ${fmt(x.p50, 0).padStart(4)} ms  p99 ${fmt(x.p99, 0).padStart(5)} ms  5xx+errors ${x.non2xx + x.errors}`,
      );
    }
  }
  console.log(`imported under load: ${report.imported ?? '?'} (refused ${report.refused?.length ?? '?'}); articles in the database: ${rows[0]?.n} (expected 12,000)`);
}

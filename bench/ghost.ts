/**
 * A Ghost migration measured against a running Ghost: Ghost 5 (installed from npm, see
 * docs/migrating.md "Trying it against a real Ghost") is started on a free loopback port with a
 * SQLite database of its own, given `--stories N` (default 200) real BBC News stories through its
 * Admin API — half as HTML (Ghost turns them into Lexical, as its editor stores them), half as
 * Mobiledoc with a divider and a callout card — with a tag each (the section), a custom excerpt on
 * some, a draft, a post scheduled far ahead and a page. Its own export (`GET /ghost/api/admin/db/`,
 * what Settings → Labs → Export gives) is imported with `masthead import ghost`, imported again,
 * and imported once more with every `html` removed, so that bodies come from Ghost's renderers
 * (an export made by some tools has no HTML). Checked:
 *
 * - every published post present once, unpublished ones not; titles and publication times exact;
 * - the body text readers get from Masthead (the article page's `.body`, injected with a browser's
 *   headers) against the text of the post as Ghost's own theme shows it (`.gh-content` of the post's
 *   page): the normalized word Levenshtein similarity (bench/similarity.ts), min, p1 and median;
 * - the bodies rendered from Lexical and Mobiledoc against those from Ghost's HTML, the same way;
 * - every old URL (`/slug/`) a 301 to the post's new page;
 * - the second import writes nothing (the content version does not move); import speed.
 *
 *   npm run bench -- ghost --ghost-dir DIR [--stories 200]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { escapeHtml } from '../src/mail/index.ts';
import { freePort } from '../test/wordpress/served-wordpress.ts';
import { fmt, OUT, ROOT, SHARED } from './lib.ts';
import { quantile, similarity, whyDifferent } from './similarity.ts';

const BROWSER = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'identity', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' };

interface GhostPost {
  readonly id: string;
  readonly title: string;
  readonly slug: string;
  readonly status: string;
  readonly type?: string;
  readonly published_at: string | null;
  html: string | null;
}

/** Ghost's Admin API with a staff session, as its admin client uses it. */
class GhostAdmin {
  private cookie = '';
  constructor(readonly url: string) {}

  async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/ghost/api/admin${route}`, {
      method,
      headers: { 'content-type': 'application/json', origin: this.url, 'accept-version': 'v5.0', cookie: this.cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie();
    if (set.length) this.cookie = set.map((c) => c.split(';')[0]).join('; ');
    const text = await res.text();
    if (!res.ok) throw new Error(`Ghost ${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
    return (text.startsWith('{') ? JSON.parse(text) : {}) as T;
  }
}

async function startGhost(ghostDir: string, work: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Ghost reads its configuration from the environment (nconf, `__` for nesting); its own SQLite file.
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    url,
    server__host: '127.0.0.1',
    server__port: String(port),
    database__client: 'sqlite3',
    database__connection__filename: path.join(work, 'ghost.db'),
    database__useNullAsDefault: 'true',
    mail__transport: 'Direct',
    logging__level: 'error',
    // A new staff device would be asked for a code by email.
    security__staffDeviceVerification: 'false',
    privacy__useUpdateCheck: 'false',
    privacy__useGravatar: 'false',
  };
  const child = spawn(process.execPath, ['index.js'], { cwd: ghostDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  // Ghost's Lexical nodes warn at every start; shown only when Ghost does not come up.
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Ghost exited with ${child.exitCode} before answering:\n${stderr}`);
    const up = await fetch(`${url}/ghost/api/admin/site/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, url };
    if (Date.now() > deadline) throw new Error(`Ghost did not answer within 120 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Seeds Ghost through its Admin API; returns how many posts were published. */
async function seed(admin: GhostAdmin, stories: number): Promise<number> {
  const email = 'editor@example.com';
  const password = 'Masthead-bench-2026!';
  await admin.call('POST', '/authentication/setup/', { setup: [{ name: 'Ada Editor', email, password, blogTitle: 'Ghost Trade News' }] });
  await admin.call('POST', '/session/', { username: email, password });
  const lines = fs.readFileSync(path.join(SHARED, 'data', 'bbc', 'articles.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, stories);
  for (const [i, line] of lines.entries()) {
    const story = JSON.parse(line) as { title: string; body: string; category?: string };
    const paragraphs = story.body.split(/\n+/).filter(Boolean);
    // Fixed dates, a day apart: nothing here depends on today's date.
    const common = { title: story.title, tags: [{ name: story.category ?? 'News' }], status: 'published', published_at: new Date(Date.UTC(2024, 0, 1 + i, 9)).toISOString() };
    if (i % 2 === 0) {
      const html = `${paragraphs.map((p, k) => (k === 2 ? `<h2>${escapeHtml(p.slice(0, 60))}</h2>` : `<p>${escapeHtml(p)}</p>`)).join('')}<blockquote>From the archive.</blockquote><hr><ul><li>first</li><li>second</li></ul>`;
      await admin.call('POST', '/posts/?source=html', { posts: [{ ...common, html, custom_excerpt: paragraphs[0]?.slice(0, 280) }] });
    } else {
      const mobiledoc = {
        version: '0.3.1',
        atoms: [],
        markups: [],
        cards: [
          ['hr', {}],
          ['callout', { calloutEmoji: '💡', calloutText: 'A note from the desk', backgroundColor: 'grey' }],
        ],
        sections: [...paragraphs.map((p) => [1, 'p', [[0, [], 0, p]]]), [10, 0], [10, 1]],
      };
      await admin.call('POST', '/posts/', { posts: [{ ...common, mobiledoc: JSON.stringify(mobiledoc) }] });
    }
  }
  await admin.call('POST', '/posts/?source=html', { posts: [{ title: 'A draft', html: '<p>Not yet.</p>', status: 'draft' }] });
  await admin.call('POST', '/posts/?source=html', { posts: [{ title: 'Scheduled far ahead', html: '<p>Later.</p>', status: 'scheduled', published_at: '2999-01-01T00:00:00.000Z' }] });
  await admin.call('POST', '/pages/?source=html', { pages: [{ title: 'About us', html: '<p>We cover the trade.</p>', status: 'published' }] });
  return lines.length;
}

function importGhost(db: string, file: string): { seconds: number; report: { imported: number; updated: number; unchanged: number; refused: unknown[]; pages: number } } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'masthead.js'), 'import', 'ghost', file, '--db', db, '--no-related', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'warn', MEDIA_DIR: path.join(path.dirname(db), 'media') },
  });
  if (r.status !== 0) throw new Error(`masthead import ghost failed: ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, report: JSON.parse(r.stdout) };
}

/** The words of an element found by class in an HTML page (`[]` when it has none). */
function wordsOf(page: string, name: string, className: string): string[] {
  const el = DomUtils.findOne((e) => e.name === name && (e.attribs.class ?? '').split(/\s+/).includes(className), parseDocument(page).children);
  return el ? DomUtils.textContent(el).split(/\s+/).filter(Boolean) : [];
}

export async function ghostBench(ghostDir: string | undefined, stories: number): Promise<void> {
  if (!ghostDir || !fs.existsSync(path.join(ghostDir, 'node_modules', 'knex'))) {
    throw new Error('the ghost benchmark needs an installed Ghost 5: --ghost-dir DIR (docs/migrating.md, "Trying it against a real Ghost")');
  }
  fs.mkdirSync(OUT, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-ghost-'));
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  let t0 = performance.now();
  const ghost = await startGhost(ghostDir, work);
  const { createWebApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config/index.ts');
  const { default: pino } = await import('pino');
  try {
    console.log(`Ghost booted in ${fmt((performance.now() - t0) / 1000, 1)} s at ${ghost.url}`);
    t0 = performance.now();
    const admin = new GhostAdmin(ghost.url);
    const published = await seed(admin, stories);
    const exported = await admin.call<{ db: { data: { posts: GhostPost[] } }[] }>('GET', '/db/');
    const file = path.join(work, 'ghost-export.json');
    fs.writeFileSync(file, JSON.stringify(exported));
    const all = exported.db[0]!.data.posts;
    const posts = all.filter((p) => (p.type ?? 'post') === 'post' && p.status === 'published');
    console.log(`seeded ${published} stories and exported ${all.length} posts and pages in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    // Ghost's own front end, as readers saw each post.
    const shown = new Map<string, string[]>();
    for (const p of posts) shown.set(p.id, wordsOf(await (await fetch(`${ghost.url}/${p.slug}/`)).text(), 'section', 'gh-content'));

    const noHtml = path.join(work, 'ghost-export-no-html.json');
    for (const p of all) p.html = null;
    fs.writeFileSync(noHtml, JSON.stringify(exported));

    const db = path.join(work, 'site.db');
    const rendered = path.join(work, 'rendered.db');
    const first = importGhost(db, file);
    const open = (file: string) => createWebApp(loadConfig(process.env, { MASTHEAD_DB: file, MEDIA_DIR: path.join(work, 'media'), PAGE_RATE_LIMIT: '0', API_RATE_LIMIT: '0' }), { log: pino({ level: 'warn' }) });
    let app = await open(db);
    const version = await app.store.state.contentVersion();
    await app.close();
    const second = importGhost(db, file);
    const fromRenderers = importGhost(rendered, noHtml);

    app = await open(db);
    const other = await open(rendered);
    try {
      const problems: string[] = [];
      const scores: number[] = [];
      const renderScores: number[] = [];
      const under: string[] = [];
      let redirects = 0;
      for (const p of posts) {
        const row = await app.store.articles.findBySourceId(`ghost-${p.id}`);
        if (!row) {
          problems.push(`post ${p.slug} missing`);
          continue;
        }
        if (row.headline !== p.title) problems.push(`${p.slug}: title ${JSON.stringify(row.headline)}`);
        if (row.published_at !== Date.parse(p.published_at ?? '')) problems.push(`${p.slug}: published ${new Date(row.published_at ?? 0).toISOString()} ≠ ${p.published_at}`);
        const page = await app.http.inject({ method: 'GET', url: `/news/${row.slug}`, headers: BROWSER });
        const ours = wordsOf(page.body, 'div', 'body');
        const theirs = shown.get(p.id) ?? [];
        const score = similarity(theirs, ours);
        scores.push(score);
        if (score < 0.99) under.push(`${p.slug} ${fmt(score, 4)} ${whyDifferent(theirs, ours)}`);
        const otherRow = await other.store.articles.findBySourceId(`ghost-${p.id}`);
        const otherPage = otherRow ? await other.http.inject({ method: 'GET', url: `/news/${otherRow.slug}`, headers: BROWSER }) : undefined;
        renderScores.push(similarity(ours, otherPage ? wordsOf(otherPage.body, 'div', 'body') : []));
        const old = await app.http.inject({ method: 'GET', url: `/${p.slug}/`, headers: BROWSER });
        if (old.statusCode === 301 && old.headers.location === `/news/${row.slug}`) redirects++;
        else problems.push(`/${p.slug}/ answered ${old.statusCode} ${old.headers.location ?? ''}`);
      }
      const unpublished = all.filter((p) => p.status !== 'published');
      let leaked = 0;
      for (const p of unpublished) if ((await app.store.articles.findBySourceId(`ghost-${p.id}`))?.status === 'published') leaked++;
      const after = await app.store.state.contentVersion();
      const sorted = [...scores].sort((a, b) => a - b);
      const sortedRender = [...renderScores].sort((a, b) => a - b);
      const n = posts.length;
      console.log(`\n${fmt(stories)} stories; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      console.log(`published posts present once    ${n} published in Ghost, ${first.report.imported} imported (drafts and scheduled ones as drafts), ${first.report.pages} pages; ${leaked} of ${unpublished.length} unpublished posts published in Masthead`);
      console.log(`body text against Ghost's theme (word Levenshtein, ${scores.length} posts): min ${fmt(sorted[0] ?? 0, 4)}, p1 ${fmt(quantile(sorted, 0.01), 4)}, median ${fmt(quantile(sorted, 0.5), 4)}; ${under.length} under 0.99`);
      console.log(`from Ghost's renderers (no html) against from its HTML: min ${fmt(sortedRender[0] ?? 0, 4)}, median ${fmt(quantile(sortedRender, 0.5), 4)}`);
      console.log(`old URLs 301 to the new page    ${redirects}/${n}`);
      console.log(`first import                    ${fmt(first.seconds, 1)} s = ${fmt(n / first.seconds, 1)} posts/s (process start included)`);
      console.log(`from Lexical and Mobiledoc      ${fmt(fromRenderers.seconds, 1)} s = ${fmt(n / fromRenderers.seconds, 1)} posts/s`);
      console.log(`second import                   ${fmt(second.seconds, 1)} s; imported ${second.report.imported}, updated ${second.report.updated}, unchanged ${second.report.unchanged}; content version ${version} → ${after}${after === version ? ' (unchanged)' : ' (MOVED)'}`);
      for (const u of under.slice(0, 20)) console.log(`  under 0.99: ${u}`);
      for (const p of problems.slice(0, 30)) console.log(`  problem: ${p}`);
    } finally {
      await app.close();
      await other.close();
    }
  } finally {
    ghost.child.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  }
}

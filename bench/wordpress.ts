/**
 * A WordPress migration at scale, measured against WordPress itself: Debian's WordPress is seeded
 * with `--stories N` (default 1,000) real BBC News stories (../shared/data/bbc/articles.jsonl) through
 * its own PHP functions (test/wordpress/stories.php): a third each as classic HTML, block-editor
 * markup and raw HTML, every tenth with a `[caption]` around an image, every fifteenth with a
 * `[gallery]` of attachments, every twentieth with an unknown shortcode, some titles with ticker
 * brackets (`<BUSI>`) or entities, and nested pages whose child slugs collide. It is exported with
 * `export_wp()` (Tools → Export), imported with `masthead import wxr --media-from` its uploads
 * folder, imported again, and checked:
 *
 * - every published post and page present once, titles (entities decoded once) and GMT dates exact;
 * - the body text readers get from Masthead (the article page's `.body`, injected with a browser's
 *   headers) against WordPress's own rendering (`apply_filters('the_content')` through PHP), as
 *   text: the normalized token Levenshtein similarity, 1 − (word insertions, deletions and
 *   substitutions) / (words in the longer text), over whitespace-separated words; min, p1, median,
 *   and each post under 0.99 with the words that differ;
 * - every old permalink a 301 to that post's or page's new URL;
 * - every image attachment in the media library, and no body still pointing at the old uploads;
 * - the second import writes nothing (the content version does not move);
 * - import speed in articles/s (posts and pages over the wall clock, process start included, and
 *   after start-up: less the same command's time on an export with no items, measured in the same
 *   run), and of the re-import.
 *
 *   npm run bench -- wordpress [--stories 1000]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DomUtils, parseDocument } from 'htmlparser2';
import { canRunWordPress, makeWordPressExport, wpStep } from '../test/wordpress/real-wordpress.ts';
import { fmt, OUT, ROOT, SHARED } from './lib.ts';
import { quantile, similarity, whyDifferent, words } from './similarity.ts';

const BROWSER = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'identity', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' };

/** One published post or page as WordPress shows it (test/wordpress/stories.php `render`). */
interface Shown {
  readonly id: number;
  readonly type: 'post' | 'page';
  readonly title: string;
  readonly dateGmt: string;
  readonly path: string;
  readonly html: string;
}

interface ImportRun {
  readonly seconds: number;
  readonly report: { imported: number; updated: number; unchanged: number; refused: unknown[]; pages: number; media: { imported: number; reused: number; missing: unknown[] } };
}

function importWxr(db: string, file: string, uploads: string, mediaDir: string): ImportRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'masthead.js'), 'import', 'wxr', file, '--db', db, '--media-from', uploads, '--no-related', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'warn', MEDIA_DIR: mediaDir },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`masthead import wxr failed: ${r.stderr}`);
  return { seconds, report: JSON.parse(r.stdout) };
}

/** A title as a reader sees it: entities decoded once, raw `<…>` kept as text, runs of spaces one (as HTML shows them). */
function decodeOnce(title: string): string {
  return DomUtils.textContent(parseDocument(title.replace(/</g, '&lt;')).children).replace(/\s+/g, ' ').trim();
}

export async function wordpressBench(stories: number): Promise<void> {
  if (!(await canRunWordPress())) throw new Error('the wordpress benchmark needs php-cli php-mysql php-gd wordpress and MariaDB on 127.0.0.1 (see test/wordpress/real-wordpress.ts)');
  const data = path.join(SHARED, 'data', 'bbc', 'articles.jsonl');
  if (!fs.existsSync(data)) throw new Error(`missing ${data}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  let t0 = performance.now();
  const wp = await makeWordPressExport({ step: 'stories', env: { STORIES: data, STORIES_N: String(stories) } });
  const db = path.join(OUT, `wordpress-${process.pid}.db`);
  const mediaDir = path.join(OUT, `wordpress-media-${process.pid}`);
  const { createWebApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config/index.ts');
  const { default: pino } = await import('pino');
  try {
    console.log(`WordPress seeded and exported in ${fmt((performance.now() - t0) / 1000, 1)} s (${fmt(fs.statSync(wp.file).size / 1e6, 1)} MB WXR)`);
    t0 = performance.now();
    const renderFile = path.join(path.dirname(wp.file), 'rendered.json');
    await wpStep('render', wp, renderFile);
    const shown = JSON.parse(fs.readFileSync(renderFile, 'utf8')) as Shown[];
    console.log(`WordPress rendered ${shown.length} posts and pages (the_content) in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    fs.mkdirSync(OUT, { recursive: true });
    // The baseline, in the same run: the same command on an export with no items (process start, migrations).
    const empty = path.join(path.dirname(wp.file), 'empty.xml');
    fs.writeFileSync(empty, '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Empty</title></channel></rss>\n');
    const startup = importWxr(`${db}-empty`, empty, wp.uploads, mediaDir).seconds;
    const first = importWxr(db, wp.file, wp.uploads, mediaDir);
    const open = () => createWebApp(loadConfig(process.env, { MASTHEAD_DB: db, MEDIA_DIR: mediaDir, PAGE_RATE_LIMIT: '0', API_RATE_LIMIT: '0' }), { log: pino({ level: 'warn' }) });
    let app = await open();
    const version = await app.store.state.contentVersion();
    await app.close();
    const second = importWxr(db, wp.file, wp.uploads, mediaDir);
    app = await open();
    try {
      const sqlite = app.store;
      const problems: string[] = [];
      const mismatched: string[] = [];
      const scores: { id: number; score: number; why: string }[] = [];
      let redirects = 0;
      const posts = shown.filter((s) => s.type === 'post');
      const pages = shown.filter((s) => s.type === 'page');
      for (const s of shown) {
        const row = s.type === 'post' ? await sqlite.articles.findBySourceId(`wp-${s.id}`) : undefined;
        const url = s.type === 'post' ? (row ? `/news/${row.slug}` : undefined) : `/pages/${s.path.replace(/^\/|\/$/g, '')}`;
        if (s.type === 'post') {
          if (!row) {
            problems.push(`post ${s.id} missing`);
            continue;
          }
          if (row.headline !== decodeOnce(s.title)) mismatched.push(`post ${s.id} title ${JSON.stringify(row.headline)} ≠ ${JSON.stringify(decodeOnce(s.title))}`);
          if (row.published_at !== Date.parse(`${s.dateGmt.replace(' ', 'T')}Z`)) mismatched.push(`post ${s.id} date ${new Date(row.published_at ?? 0).toISOString()} ≠ ${s.dateGmt} GMT`);
          if (row.status !== 'published') problems.push(`post ${s.id} is ${row.status}`);
        }
        const page = await app.http.inject({ method: 'GET', url: url!, headers: BROWSER });
        if (page.statusCode !== 200) {
          problems.push(`${s.type} ${s.id}: ${url} answered ${page.statusCode}`);
          continue;
        }
        const doc = parseDocument(page.body).children;
        const body = DomUtils.findOne((e) => e.name === 'div' && (e.attribs.class ?? '').split(/\s+/).includes('body'), doc);
        const h1 = DomUtils.findOne((e) => e.name === 'h1', doc);
        if (s.type === 'page' && DomUtils.textContent(h1 ?? []).trim() !== decodeOnce(s.title)) mismatched.push(`page ${s.id} title ${JSON.stringify(DomUtils.textContent(h1 ?? []))}`);
        const theirs = words(s.html);
        const ours = body ? DomUtils.textContent(body).split(/\s+/).filter(Boolean) : [];
        const score = similarity(theirs, ours);
        scores.push({ id: s.id, score, why: score < 0.99 ? whyDifferent(theirs, ours) : '' });
        const old = await app.http.inject({ method: 'GET', url: s.path, headers: BROWSER });
        if (old.statusCode === 301 && old.headers.location === url) redirects++;
        else problems.push(`${s.path} answered ${old.statusCode} ${old.headers.location ?? ''}, not 301 to ${url}`);
      }
      const articleCount = await app.store.articles.countPublished();
      const pageSlugs = (await app.store.pages.all()).map((p) => p.slug);
      const library = await app.media.list(1, 100);
      const attachments = (fs.readFileSync(wp.file, 'utf8').match(/<wp:post_type><!\[CDATA\[attachment\]\]><\/wp:post_type>/g) ?? []).length;
      const oldUploads = shown.filter((s) => s.html.includes('/wp-content/uploads/')).length;
      const stillOld = (await Promise.all(posts.map((s) => sqlite.articles.findBySourceId(`wp-${s.id}`)))).filter((r) => r?.body.includes('/wp-content/uploads/')).length;
      const after = await app.store.state.contentVersion();
      const sorted = scores.map((s) => s.score).sort((a, b) => a - b);
      const under = scores.filter((s) => s.score < 0.99);
      const n = posts.length + pages.length;

      console.log(`\n${fmt(stories)} stories; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      console.log(`posts present once              ${first.report.imported}/${posts.length} imported, ${articleCount} published in Masthead`);
      console.log(`pages at their full path        ${first.report.pages}/${pages.length} in the report, ${pageSlugs.length} pages in Masthead`);
      console.log(`titles and dates exact          ${mismatched.length} differ`);
      console.log(`body text similarity (token Levenshtein, ${scores.length} posts and pages): min ${fmt(sorted[0] ?? 0, 4)}, p1 ${fmt(quantile(sorted, 0.01), 4)}, median ${fmt(quantile(sorted, 0.5), 4)}; ${under.length} under 0.99`);
      console.log(`old permalinks 301 to the page  ${redirects}/${shown.length}`);
      console.log(`images in the media library     ${library.total}/${attachments} attachments; ${stillOld} of ${oldUploads} bodies with uploads still point at them`);
      const rate = (seconds: number) => `${fmt(seconds, 1)} s = ${fmt(n / seconds, 1)} articles/s, ${fmt(n / (seconds - startup), 1)}/s after start-up`;
      console.log(`start-up (an export with no items, same command) ${fmt(startup, 1)} s`);
      console.log(`first import                    ${rate(first.seconds)} (posts and pages; media ${first.report.media.imported} imported)`);
      console.log(`second import                   ${rate(second.seconds)}; imported ${second.report.imported}, updated ${second.report.updated}, unchanged ${second.report.unchanged}, media imported ${second.report.media.imported}; content version ${version} → ${after}${after === version ? ' (unchanged)' : ' (MOVED)'}`);
      for (const u of under) console.log(`  under 0.99: ${u.id} ${fmt(u.score, 4)} ${u.why}`);
      for (const p of [...mismatched, ...problems].slice(0, 30)) console.log(`  problem: ${p}`);
      if (mismatched.length + problems.length > 30) console.log(`  … ${mismatched.length + problems.length - 30} more problems`);
    } finally {
      await app.close();
    }
  } finally {
    for (const f of [db, `${db}-empty`].flatMap((file) => [file, `${file}-wal`, `${file}-shm`])) fs.rmSync(f, { force: true });
    fs.rmSync(mediaDir, { recursive: true, force: true });
    await wp.remove();
  }
}

if (process.argv[1]?.endsWith(path.join('bench', 'wordpress.ts'))) {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { stories: { type: 'string', default: '1000' } } });
  await wordpressBench(Number(values.stories));
}

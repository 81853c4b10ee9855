/**
 * What a command loads: `related` and `search` build only the core (createCore), so neither their
 * help nor a rebuild or a search loads the web server, media (sharp), accounts (argon2), mail (nodemailer), or on SQLite
 * the PostgreSQL driver. Each case runs the CLI from source in a node of its own and lists, as it
 * exits, the packages in node's CommonJS cache: every one of these is CommonJS, and an `import` of
 * a CommonJS package puts it there as `require` does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-modules-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The package a module's URL or path lies in, if any. */
const PACKAGE = String.raw`node_modules\/((?:@[^/]+\/)?[^/]+)\/`;

/** Appends the package of every module an `import` resolves to (node runs it on its loader thread). */
const RESOLVE_HOOK = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const name = new RegExp(${JSON.stringify(PACKAGE)}).exec(resolved.url)?.[1];
  if (name) appendFileSync(file, name + '\\n');
  return resolved;
}`;

/**
 * Written into the CLI's node before it starts: the hook above for every `import`, and on exit the
 * packages in the CommonJS cache (what `require` loaded, as the PostgreSQL driver is).
 */
function recorder(file: string): string {
  return `import { createRequire, register } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`)}, { data: { file: ${JSON.stringify(file)} } });
const cache = createRequire(${JSON.stringify(`${ROOT}/`)}).cache;
process.on('exit', () => {
  const names = Object.keys(cache).flatMap((f) => new RegExp(${JSON.stringify(PACKAGE)}).exec(f)?.[1] ?? []);
  appendFileSync(${JSON.stringify(file)}, names.join('\\n'));
});`;
}

let runs = 0;

/** Runs `masthead ARGS` from source: the packages it loaded, and what it printed. */
async function packagesLoadedBy(...args: string[]): Promise<{ loaded: string[]; stdout: string }> {
  const file = path.join(dir, `loaded-${++runs}.txt`);
  const preload = `data:text/javascript,${encodeURIComponent(recorder(file))}`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', preload, 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MASTHEAD_DB' && k !== 'DATABASE_URL')),
  });
  return { loaded: [...new Set(fs.readFileSync(file, 'utf8').split('\n'))], stdout };
}

/** What only the full app, the web server or PostgreSQL need. */
const NOT_FOR_RELATED = ['fastify', 'sharp', '@node-rs/argon2', 'nodemailer', 'pg'];

describe('what a command loads', () => {
  const db = path.join(dir, 'site.db');

  it('related --help: commander, nothing of the app', async () => {
    const { loaded } = await packagesLoadedBy('related', '--help');
    expect(loaded).toContain('commander');
    expect(NOT_FOR_RELATED.filter((p) => loaded.includes(p))).toEqual([]);
    expect(loaded).not.toContain('better-sqlite3');
  }, 60_000);

  it('a command that opens the whole app loads them (what the checks here would see)', async () => {
    // The articles the rebuild below reads: one body of each format.
    const articles = path.join(dir, 'articles.jsonl');
    const body = (n: number) => `Acme Widgets opens plant ${n} in Ohio, hiring welders and engineers.`;
    fs.writeFileSync(
      articles,
      [1, 2, 3, 4].map((n) => JSON.stringify({ id: `a${n}`, title: `Acme plant ${n}`, body: n % 2 ? `<p>${body(n)}</p>` : body(n), date: `2024-01-0${n}`, tags: ['plants'] })).join('\n'),
    );
    const { loaded, stdout } = await packagesLoadedBy('--db', db, 'import', 'jsonl', articles, '--no-related', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ imported: 4 });
    expect(loaded).toContain('sharp');
    expect(loaded).toContain('@node-rs/argon2');
    expect(loaded).toContain('nodemailer');
  }, 60_000);

  it('related --rebuild on SQLite: the store and the engine, not the web, media, accounts, mail, pg or the HTML sanitizer', async () => {
    const { loaded, stdout } = await packagesLoadedBy('--db', db, 'related', '--rebuild', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ articles: 4 });
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('markdown-it');
    expect([...NOT_FOR_RELATED, 'sanitize-html'].filter((p) => loaded.includes(p))).toEqual([]);
  }, 60_000);

  it('search on SQLite: the store and the search service, not the web, media, accounts, mail or pg', async () => {
    const { loaded, stdout } = await packagesLoadedBy('--db', db, 'search', 'welders', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ total: 4 });
    expect(loaded).toContain('better-sqlite3');
    expect(NOT_FOR_RELATED.filter((p) => loaded.includes(p))).toEqual([]);
  }, 60_000);
});

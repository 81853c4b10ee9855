import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, runCliInProcess, runCliSync } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string, cwd = dir): Promise<CliResult> {
  return runCliInProcess(args, { cwd, ...(input === undefined ? {} : { input }) });
}

function write(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

describe('masthead CLI', () => {
  it('imports companies and prints a JSON report', async () => {
    const file = write('companies.jsonl', [
      { id: '2453', name: 'Renault', aliases: [] },
      { id: '838', name: 'Nissan', aliases: [] },
      { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'], parent: '2453' },
      '{broken',
    ]);
    const r = await run(['companies', 'import', file, '--db', db, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 3, updated: 0, unchanged: 0, refused: [{ line: 4, reason: expect.stringMatching(/^not valid JSON/) }] });
  });

  it('imports article JSONL and prints only JSON on stdout with --json', async () => {
    const file = write('articles.jsonl', [
      { id: 'a1', title: 'Renault invests in Korea', body: 'Renault and RSM will build cars in Busan.', date: '2012-07-23T00:00:00Z', section: 'Automotive' },
      { id: 'a2', title: 'Nissan Rogue production', body: 'Nissan moves Rogue production.', date: '2012-07-24T00:00:00Z' },
      { id: 'a3', title: '', body: 'no title' },
    ]);
    const r = await run(['import', 'jsonl', file, '--db', db, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ imported: 2, updated: 0, unchanged: 0, refused: [{ line: 3, reason: 'title is empty' }] });
    const again = await run(['import', 'jsonl', file, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
  });

  it('searches with the contract shape', async () => {
    const r = await run(['search', 'Busan', '--db', db, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.total).toBe(1);
    expect(out.hits[0]).toEqual({
      id: expect.any(Number),
      sourceId: 'a1',
      slug: 'renault-invests-korea',
      title: 'Renault invests in Korea',
      date: '2012-07-23T00:00:00.000Z',
      score: expect.any(Number),
      snippet: expect.stringContaining('Busan'),
    });
  });

  it('tags text from stdin with UTF-16 offsets into the input as given', async () => {
    const text = '🚗 Nissan’s partner RSM — and Renault Samsung Motors.';
    const r = await run(['tag', '--db', db, '--json'], text);
    expect(r.status).toBe(0);
    const mentions = JSON.parse(r.stdout) as { start: number; end: number; text: string; companyId: string; name: string }[];
    expect(mentions).toEqual([
      { start: 3, end: 9, text: 'Nissan', companyId: '838', name: 'Nissan' },
      { start: 20, end: 23, text: 'RSM', companyId: '9001', name: 'Renault Samsung Motors' },
      { start: 30, end: 52, text: 'Renault Samsung Motors', companyId: '9001', name: 'Renault Samsung Motors' },
    ]);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('tags JSONL records', async () => {
    const r = await run(['tag', '--db', db, '--jsonl'], `${JSON.stringify({ id: 'x', text: 'Renault' })}\n${JSON.stringify({ id: 7, text: 'nothing here' })}\n`);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { id: 'x', mentions: [{ start: 0, end: 7, text: 'Renault', companyId: '2453', name: 'Renault' }] },
      { id: 7, mentions: [] },
    ]);
  });

  it('exports the directory as JSONL that imports back unchanged', async () => {
    const out = await run(['companies', 'export', '--db', db]);
    expect(out.stdout.trim().split('\n')).toHaveLength(3);
    const file = write('export.jsonl', out.stdout.trim().split('\n'));
    const again = await run(['companies', 'import', file, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 3, refused: [] });
  });

  it('reports a clear error and exits 1 on bad input', () => {
    // A real process: the exit status and message as a shell sees them (bin/masthead.js, main.ts).
    const r = runCliSync(['import', 'jsonl', path.join(dir, 'missing.jsonl'), '--db', db], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^masthead: .*missing\.jsonl/m);
    const bad = runCliSync(['serve', '--port', 'abc'], { cwd: dir });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('port must be a whole number');
  });

  it('rebuilds related lists in a child process with a bounded young generation, exit status and output passed through', () => {
    // Each node process prints its own V8 flags: the launcher none, the rebuild its semi-space bound.
    const preload = write('print-flags.mjs', ['console.error("argv:" + JSON.stringify(process.execArgv));']);
    const env = { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` };
    const r = runCliSync(['related', '--rebuild', '--db', db, '--json'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ articles: expect.any(Number) });
    expect(r.stderr).toContain('argv:[]');
    expect(r.stderr).toContain('argv:["--max-semi-space-size=4"]');
    // An operator's own bound wins: no process with the launcher's.
    const own = runCliSync(['related', '--rebuild', '--db', db, '--json'], { cwd: dir, env: { NODE_OPTIONS: `--max-semi-space-size=2 ${env.NODE_OPTIONS}` } });
    expect(own.status).toBe(0);
    expect(own.stderr).toContain('argv:[]');
    expect(own.stderr).not.toContain('--max-semi-space-size=4');
    const missing = runCliSync(['related', 'no-such-article', '--db', db], { cwd: dir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^masthead: .*no-such-article/m);
  });

  it('serves a new default database with demo content, honouring PORT and HOST', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-start-'));
    const port = 3100 + (process.pid % 500);
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', MASTHEAD_DB: '', DATABASE_URL: '' } });
    try {
      let res: Response | undefined;
      // The first start draws and resizes the demo's images before it listens: poll for a while.
      for (let i = 0; i < 1600 && !res; i++) {
        res = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        if (!res) await new Promise((r) => setTimeout(r, 150));
      }
      expect(res?.status).toBe(200);
      const home = await res!.text();
      expect(home).toContain('<article class="story story-lead"><picture class="story-image">');
      expect(home).toMatch(/<img src="\/media\/\d+\/800\.jpg"[^>]* alt="Illustration: [^"]+"/);
      const api = (await (await fetch(`http://127.0.0.1:${port}/api/v1/articles`)).json()) as { total: number };
      expect(api.total).toBeGreaterThanOrEqual(30);
      expect(fs.existsSync(path.join(cwd, 'data', 'masthead.db'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 300_000);

  it('never seeds a database given with --db', async () => {
    const fresh = path.join(dir, 'fresh.db');
    await run(['search', 'anything', '--db', fresh, '--json']);
    expect(JSON.parse((await run(['search', 'tolling', '--db', fresh, '--json'])).stdout)).toEqual({ total: 0, hits: [] });
  });
});

describe('masthead related', () => {
  const rdb = path.join(dir, 'related.db');
  const runR = (args: string[]) => run([...args, '--db', rdb]);

  it('imports, rebuilds related content, and explains one list', async () => {
    const file = write('related.jsonl', [
      { id: 'r1', title: 'Renault builds cars in Busan', body: 'Renault will build more cars at its Busan plant in Korea.', date: '2012-07-20T00:00:00Z', section: 'Automotive' },
      { id: 'r2', title: 'Busan plant adds a shift', body: 'The Busan car plant in Korea adds a night shift to build more cars.', date: '2012-07-23T00:00:00Z', section: 'Automotive' },
      { id: 'r3', title: 'Tolling gantries go live', body: 'Free-flow tolling gantries go live on the motorway.', date: '2012-07-24T00:00:00Z', section: 'Tolling' },
      { id: 'r4', title: 'Korea car exports rise', body: 'Car exports from Korea rose as plants in Busan built more cars.', date: '2012-07-25T00:00:00Z', section: 'Automotive' },
    ]);
    expect(JSON.parse((await runR(['import', 'jsonl', file, '--json'])).stdout)).toMatchObject({ imported: 4 });
    const r = await runR(['related', 'r2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { id: number; sourceId: string; slug: string; title: string; date: string; score: number; why: Record<string, unknown> }[];
    expect(list.map((x) => x.sourceId).sort()).toEqual(['r1', 'r4']);
    expect(list[0]).toEqual({
      id: expect.any(Number),
      sourceId: expect.stringMatching(/^r[14]$/),
      slug: expect.any(String),
      title: expect.any(String),
      date: expect.stringMatching(/^2012-07-2\dT/),
      score: expect.any(Number),
      why: expect.objectContaining({ sharedTerms: expect.any(Array), sameSection: true, ageDays: expect.any(Number) }),
    });
    expect(list[0]!.score).toBeGreaterThanOrEqual(list[1]!.score);
  });

  it('prints every list as JSON lines with --all', async () => {
    const r = await runR(['related', '--all', '--limit', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; sourceId: string; related: { id: number; sourceId: string; score: number }[] });
    expect(lines.map((l) => l.sourceId)).toEqual(['r1', 'r2', 'r3', 'r4']);
    for (const l of lines) expect(l.related.length).toBeLessThanOrEqual(1);
    expect(lines.find((l) => l.sourceId === 'r3')!.related).toEqual([]);
    expect(lines.find((l) => l.sourceId === 'r1')!.related[0]).toEqual({ id: expect.any(Number), sourceId: expect.stringMatching(/^r[24]$/), score: expect.any(Number) });
  });

  it('stops quietly when its reader closes the pipe early (as `| head` does)', async () => {
    // Our end of the pipe is closed before the CLI has started, so its first write meets EPIPE.
    const child = spawn(process.execPath, [BIN, 'related', '--all', '--json', '--db', rdb], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('says which article it cannot find', async () => {
    const r = await runR(['related', 'nope', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('MH_ARTICLE_NOT_FOUND');
  });
});

describe('masthead backup', () => {
  it('writes a consistent SQLite copy of a running site that serves the same content', async () => {
    const file = path.join(dir, 'backup.db');
    const r = await run(['backup', file, '--db', db, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file, bytes: expect.any(Number) });
    const fromBackup = JSON.parse((await run(['search', 'Busan', '--db', file, '--json'])).stdout);
    const fromSite = JSON.parse((await run(['search', 'Busan', '--db', db, '--json'])).stdout);
    expect(fromBackup).toEqual(fromSite);
  });
});

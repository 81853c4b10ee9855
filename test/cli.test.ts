import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/masthead.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string, cwd = dir): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', MASTHEAD_DB: '', DATABASE_URL: '' } });
}

function write(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

describe('masthead CLI', () => {
  it('imports companies and prints a JSON report', () => {
    const file = write('companies.jsonl', [
      { id: '2453', name: 'Renault', aliases: [] },
      { id: '838', name: 'Nissan', aliases: [] },
      { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'], parent: '2453' },
      '{broken',
    ]);
    const r = run(['companies', 'import', file, '--db', db, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 3, updated: 0, unchanged: 0, refused: [{ line: 4, reason: expect.stringMatching(/^not valid JSON/) }] });
  });

  it('imports article JSONL and prints only JSON on stdout with --json', () => {
    const file = write('articles.jsonl', [
      { id: 'a1', title: 'Renault invests in Korea', body: 'Renault and RSM will build cars in Busan.', date: '2012-07-23T00:00:00Z', section: 'Automotive' },
      { id: 'a2', title: 'Nissan Rogue production', body: 'Nissan moves Rogue production.', date: '2012-07-24T00:00:00Z' },
      { id: 'a3', title: '', body: 'no title' },
    ]);
    const r = run(['import', 'jsonl', file, '--db', db, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ imported: 2, updated: 0, unchanged: 0, refused: [{ line: 3, reason: 'title is empty' }] });
    const again = run(['import', 'jsonl', file, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
  });

  it('searches with the contract shape', () => {
    const r = run(['search', 'Busan', '--db', db, '--json']);
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

  it('tags text from stdin with UTF-16 offsets into the input as given', () => {
    const text = '🚗 Nissan’s partner RSM — and Renault Samsung Motors.';
    const r = run(['tag', '--db', db, '--json'], text);
    expect(r.status).toBe(0);
    const mentions = JSON.parse(r.stdout) as { start: number; end: number; text: string; companyId: string; name: string }[];
    expect(mentions).toEqual([
      { start: 3, end: 9, text: 'Nissan', companyId: '838', name: 'Nissan' },
      { start: 20, end: 23, text: 'RSM', companyId: '9001', name: 'Renault Samsung Motors' },
      { start: 30, end: 52, text: 'Renault Samsung Motors', companyId: '9001', name: 'Renault Samsung Motors' },
    ]);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('tags JSONL records', () => {
    const r = run(['tag', '--db', db, '--jsonl'], `${JSON.stringify({ id: 'x', text: 'Renault' })}\n${JSON.stringify({ id: 7, text: 'nothing here' })}\n`);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { id: 'x', mentions: [{ start: 0, end: 7, text: 'Renault', companyId: '2453', name: 'Renault' }] },
      { id: 7, mentions: [] },
    ]);
  });

  it('exports the directory as JSONL that imports back unchanged', () => {
    const out = run(['companies', 'export', '--db', db]);
    expect(out.stdout.trim().split('\n')).toHaveLength(3);
    const file = write('export.jsonl', out.stdout.trim().split('\n'));
    const again = run(['companies', 'import', file, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 3, refused: [] });
  });

  it('reports a clear error and exits 1 on bad input', () => {
    const r = run(['import', 'jsonl', path.join(dir, 'missing.jsonl'), '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^masthead: .*missing\.jsonl/m);
    const bad = run(['serve', '--port', 'abc']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('port must be a whole number');
  });

  it('serves a new default database with demo content, honouring PORT and HOST', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-start-'));
    const port = 3100 + (process.pid % 500);
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', MASTHEAD_DB: '', DATABASE_URL: '' } });
    try {
      let res: Response | undefined;
      for (let i = 0; i < 100 && !res; i++) {
        res = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        if (!res) await new Promise((r) => setTimeout(r, 150));
      }
      expect(res?.status).toBe(200);
      expect(await res!.text()).toContain('Latest news');
      const api = (await (await fetch(`http://127.0.0.1:${port}/api/v1/articles`)).json()) as { total: number };
      expect(api.total).toBeGreaterThanOrEqual(30);
      expect(fs.existsSync(path.join(cwd, 'data', 'masthead.db'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);

  it('never seeds a database given with --db', () => {
    const fresh = path.join(dir, 'fresh.db');
    run(['search', 'anything', '--db', fresh, '--json']);
    expect(JSON.parse(run(['search', 'tolling', '--db', fresh, '--json']).stdout)).toEqual({ total: 0, hits: [] });
  });
});

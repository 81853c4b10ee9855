import type { SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliSync } from '../../test/node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-search-cli-'));
const db = path.join(dir, 'site.db');

function run(args: string[], input?: string): SpawnSyncReturns<string> {
  return runCliSync([...args, '--db', db], { cwd: dir, ...(input === undefined ? {} : { input }) });
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  const articles = [
    { id: 'a1', title: 'Wireless charging for electric buses', body: 'Buses charge at stops.', date: '2024-03-01T00:00:00Z', section: 'Electric Vehicles' },
    { id: 'a2', title: 'Charging hubs open on motorways', body: 'Charge points for trucks.', date: '2024-04-01T00:00:00Z', section: 'Freight' },
    { id: 'a3', title: 'Tolling gantries removed', body: 'Free-flow tolling arrives.', date: '2024-05-01T00:00:00Z', section: 'Tolling' },
  ];
  const r = run(['import', 'jsonl', write('articles.jsonl', articles.map((a) => JSON.stringify(a)).join('\n')), '--json']);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HIT_KEYS = ['date', 'id', 'score', 'slug', 'snippet', 'sourceId', 'title'];

describe('masthead search', () => {
  it('prints {"total","hits"} for one query', () => {
    const r = run(['search', 'wireless', 'charging', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['total', 'hits']);
    expect(out.total).toBe(1);
    expect(Object.keys(out.hits[0]).sort()).toEqual(HIT_KEYS);
    expect(out.hits[0]).toMatchObject({ sourceId: 'a1', slug: 'wireless-charging-electric-buses', date: '2024-03-01T00:00:00.000Z' });
  });

  it('answers --queries FILE one JSON line per line, in order, empty and malformed lines included', () => {
    const file = write('queries.txt', ['charging', '', 'tolling', '"', 'NEAR(', '-charging', 'chargng', '   ', 'x'.repeat(10_000)].join('\n'));
    const r = run(['search', '--queries', file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.total)).toEqual([2, 0, 1, 0, 0, 0, 2, 0, 0]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['total', 'hits']);
      for (const h of l.hits) expect(Object.keys(h).sort()).toEqual(HIT_KEYS);
    }
    expect(lines[1]).toEqual({ total: 0, hits: [] });
  });

  it('reads queries from stdin with "-", honouring --limit, --section and --sort', () => {
    const r = run(['search', '--queries', '-', '--json', '--limit', '1', '--sort', 'date'], 'charging\r\ncharging\n');
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).hits.map((h: { sourceId: string }) => h.sourceId))).toEqual([['a2'], ['a2']]);
    const freight = run(['search', '--queries', '-', '--json', '--section', 'freight'], 'charging\n');
    expect(JSON.parse(freight.stdout)).toMatchObject({ total: 1, hits: [{ sourceId: 'a2' }] });
  });

  it('needs a query or --queries', () => {
    const r = run(['search', '--json']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('give a query, or --queries FILE');
  });
});

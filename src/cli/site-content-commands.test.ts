import type { SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliSync } from '../../test/node-process.ts';

/** `--site SLUG` on the content commands: related, tag --retag, backup (JSONL) and import site. */

/** Each test starts the CLI several times (a few seconds each on a loaded machine). */
const SLOW = 240_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-site-cli-'));
const db = path.join(dir, 'site.db');

function run(args: string[], database = db): SpawnSyncReturns<string> {
  return runCliSync([...args, '--db', database], { cwd: dir });
}

function ok(args: string[], database = db): string {
  const r = run(args, database);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function write(name: string, records: object[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  return file;
}

const story = (id: string, title: string, body: string, day: number) => ({ id, title, body, date: `2024-03-${String(day).padStart(2, '0')}T00:00:00Z`, section: 'Roads' });
const words = ['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir', 'ginkgo', 'hazel'];

beforeAll(() => {
  ok(['sites', 'add', '--name', 'Highways Today', '--host', 'highways.localhost', '--json']);
  ok(['import', 'jsonl', write('a.jsonl', words.map((w, i) => story(`a-${w}`, `Tolling review for ${w} county`, `The ${w} council reviews tolling on Nissan roads.`, i + 1))), '--json']);
  ok(['import', 'jsonl', write('b.jsonl', words.map((w, i) => story(`b-${w}`, `Free-flow tolling gantries near ${w}`, `Tolling gantries charge drivers near ${w}.`, i + 10))), '--site', 'highways-today', '--json']);
}, SLOW);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('content commands with --site', () => {
  it('related --all lists only the site’s articles, and only its articles in each list', () => {
    for (const [site, prefix] of [['highways-today', 'b-'], [undefined, 'a-']] as const) {
      const lines = ok(['related', '--all', ...(site ? ['--site', site] : [])])
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { sourceId: string; related: { sourceId: string }[] });
      expect(lines.map((l) => l.sourceId).sort()).toEqual(words.map((w) => `${prefix}${w}`).sort());
      for (const l of lines) {
        expect(l.related).toHaveLength(6);
        for (const r of l.related) expect(r.sourceId.startsWith(prefix), `${l.sourceId} lists ${r.sourceId}`).toBe(true);
      }
    }
    // A list longer than the stored one, computed within the site.
    const longer = JSON.parse(ok(['related', '--all', '--site', 'highways-today', '--limit', '7']).split('\n')[0]!) as { related: { sourceId: string }[] };
    expect(longer.related.map((r) => r.sourceId.slice(0, 2))).toEqual(Array(7).fill('b-'));
  }, SLOW);

  it('tag --retag re-tags one site’s articles; --site without --retag is refused', () => {
    ok(['companies', 'import', write('companies.jsonl', [{ id: '838', name: 'Nissan', aliases: [], country: 'JP', sector: 'Automotive', parent: null }]), '--no-retag', '--json']);
    expect(JSON.parse(ok(['tag', '--retag', '--site', 'highways-today', '--json']))).toMatchObject({ tagged: 8 });
    expect(JSON.parse(ok(['tag', '--retag', '--json']))).toMatchObject({ tagged: 8 });
    expect(JSON.parse(ok(['companies', 'retag', '--site', 'highways-today', '--json']))).toMatchObject({ tagged: 8 });
    const r = run(['tag', '--site', 'highways-today']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--site goes with --retag');
    expect(run(['tag', '--retag', '--site', 'nowhere']).status).not.toBe(0);
  }, SLOW);

  it('backup --site writes the site as JSONL that imports into another installation and writes out the same', () => {
    const file = path.join(dir, 'highways.jsonl');
    expect(JSON.parse(ok(['backup', file, '--site', 'highways-today', '--json']))).toEqual({ file, site: 'highways-today', articles: 8 });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(words.map((w) => `b-${w}`));
    const other = path.join(dir, 'other.db');
    ok(['sites', 'add', '--name', 'Bridges Weekly', '--host', 'bridges.localhost', '--json'], other);
    expect(JSON.parse(ok(['import', 'jsonl', file, '--site', 'bridges-weekly', '--no-related', '--json'], other))).toMatchObject({ imported: 8, refused: [] });
    const again = path.join(dir, 'again.jsonl');
    ok(['backup', again, '--site', 'bridges-weekly', '--json'], other);
    expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(file, 'utf8'));
  }, SLOW);
});

describe('newsletters add --site', () => {
  it('makes the list on that site (default: the first)', () => {
    expect(JSON.parse(ok(['newsletters', 'add', '--slug', 'highways-weekly', '--name', 'Highways weekly', '--site', 'highways-today', '--json']))).toMatchObject({ slug: 'highways-weekly', site: 'highways-today' });
    ok(['newsletters', 'add', '--slug', 'daily', '--name', 'Daily news', '--json']);
    const lists = JSON.parse(ok(['newsletters', 'lists', '--json'])) as { slug: string; site: string }[];
    expect(lists.map((l) => [l.slug, l.site])).toEqual([
      ['daily', 'main'],
      ['highways-weekly', 'highways-today'],
    ]);
  }, SLOW);
});

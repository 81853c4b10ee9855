import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCliInProcess } from './node-process.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-sites-'));
const db = path.join(dir, 'site.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<CliResult> {
  return runCliInProcess([...args, '--db', db], { cwd: dir });
}

const record = (id: string, title: string) => JSON.stringify({ id, title, body: `${title}: a story about road tolling.`, date: '2026-11-02T09:00:00Z', section: 'Tolling' });

describe('masthead sites', () => {
  it('adds a site, lists both, imports into each with --site, and searches each apart', async () => {
    const added = await run(['sites', 'add', '--name', 'Highways Today', '--host', 'highways.localhost', '--host', 'www.highways.localhost', '--json']);
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toEqual({ slug: 'highways-today', name: 'Highways Today', hosts: ['highways.localhost', 'www.highways.localhost'] });
    const listed = JSON.parse((await run(['sites', 'list', '--json'])).stdout) as { slug: string; name: string; hosts: string[] }[];
    expect(listed.map((s) => s.slug)).toEqual(['main', 'highways-today']);
    expect(listed[0]!.hosts).toEqual([]);

    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${record('a-1', 'Quokka bridge tolling')}\n`);
    fs.writeFileSync(path.join(dir, 'b.jsonl'), `${record('b-1', 'Wombat highway tolling')}\n`);
    expect(JSON.parse((await run(['import', 'jsonl', 'a.jsonl', '--json'])).stdout)).toMatchObject({ imported: 1 });
    expect(JSON.parse((await run(['import', 'jsonl', 'b.jsonl', '--site', 'highways-today', '--json'])).stdout)).toMatchObject({ imported: 1 });

    const titles = async (args: string[]) => (JSON.parse((await run(['search', 'tolling', ...args, '--json'])).stdout) as { hits: { title: string }[] }).hits.map((h) => h.title);
    expect(await titles([])).toEqual(['Quokka bridge tolling']);
    expect(await titles(['--site', 'highways-today'])).toEqual(['Wombat highway tolling']);

    const renamed = JSON.parse((await run(['sites', 'set', 'highways-today', '--name', 'Highways', '--host', 'highways.localhost', '--json'])).stdout);
    expect(renamed).toEqual({ slug: 'highways-today', name: 'Highways', hosts: ['highways.localhost'] });
    const taken = await run(['sites', 'add', '--name', 'Other', '--host', 'highways.localhost']);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('MH_HOST_TAKEN');
    const unknown = await run(['search', 'tolling', '--site', 'nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('MH_SITE_NOT_FOUND');
  }, 180_000);
});

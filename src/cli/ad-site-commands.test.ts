import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliSync } from '../../test/node-process.ts';
import { makeTestApp } from '../../test/support.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-ads-cli-'));
const db = path.join(dir, 'site.db');
const media = path.join(dir, 'media');
const image = path.join(dir, 'banner.png');

const cli = (args: string[]) => {
  const r = runCliSync([...args, '--db', db], { cwd: dir, env: { MEDIA_DIR: media } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const add = (name: string, ...site: string[]) => cli(['ads', 'add', '--slot', 'sidebar', '--image', image, '--url', 'https://ads.example/', '--alt', name, '--name', name, ...site, '--json']).id as number;

beforeAll(async () => {
  // A second site, set up in-process on an SQLite file; the CLI then works on that file.
  const app = await makeTestApp({ MASTHEAD_DB: db, MEDIA_DIR: media });
  await app.sites.add({ name: 'Highways Today', hosts: ['highways.example'], slug: 'highways-today' });
  await app.close();
  fs.writeFileSync(image, await sharp({ create: { width: 300, height: 250, channels: 3, background: '#036' } }).png().toBuffer());
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('masthead ads with several sites', () => {
  it('adds on the first site by default, on --site, or on --all-sites, and lists and reports per site', () => {
    const first = add('First site ad');
    const highways = add('Highways ad', '--site', 'highways-today');
    const everywhere = add('Everywhere ad', '--all-sites');
    const list = cli(['ads', 'list', '--site', 'highways-today', '--json']) as { name: string; site: string | null; creatives: { id: number }[] }[];
    expect(list.map((c) => [c.name, c.site])).toEqual([
      ['Highways ad', 'highways-today'],
      ['Everywhere ad', null],
    ]);
    expect((cli(['ads', 'list', '--json']) as { name: string; site: string | null }[]).map((c) => [c.name, c.site])).toEqual([
      ['First site ad', 'main'],
      ['Highways ad', 'highways-today'],
      ['Everywhere ad', null],
    ]);
    expect(list.flatMap((c) => c.creatives.map((k) => k.id))).toEqual([highways, everywhere]);
    expect(first).toBeLessThan(highways);
    expect(cli(['ads', 'report', '--site', 'highways-today', '--json'])).toEqual([]);
    // Six processes, each starting the program: generous on a busy machine.
  }, 300_000);
});

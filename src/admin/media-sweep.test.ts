import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';
import { sweepMedia } from './media-sweep.ts';

const DAY = 24 * 3600_000;
let app: TestApp;
let dir: string;

/** Writes a file under the media directory, `ageMs` old. */
function plant(name: string, ageMs: number): void {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'left over');
  const at = (Date.now() - ageMs) / 1000;
  fs.utimesSync(file, at, at);
}

/** Every file in the media directory, relative, sorted. */
function files(): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

beforeAll(async () => {
  app = await makeTestApp();
  dir = app.config.media.dir;
  const userId = await app.store.users.insert({ email: 'desk@example.com', name: 'Desk', role: 'editor', passwordHash: 'x', now: 0 });
  const png = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#158' } }).png().toBuffer();
  const uploaded = await app.media.upload({ filename: 'bus.png', data: png }, 'A bus', (await app.store.users.byId(userId))!);
  expect(uploaded).toHaveProperty('id');
  await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null })]);
  const asset = await app.leads.add({ kind: 'white-paper', title: 'Tolling in 2030', slug: 'tolling-2030', description: 'After the gantry.', sponsor: '77', requiredFields: [], published: true }, 'test');
  await app.leads.uploadFile(asset, { filename: 'tolling.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') }, 'test');
  // Everything the library and the asset wrote is old too: only rows keep a file.
  for (const name of files()) {
    const at = (Date.now() - 3 * DAY) / 1000;
    fs.utimesSync(path.join(dir, name), at, at);
  }
  plant('ab/ab0123456789abcdef012345-640.webp', 2 * DAY); // a cut-off upload's variant
  plant('cd/.tmp-0011223344556677', 2 * DAY); // a write cut off before its link
  plant('ef/ef0123456789abcdef012345-320.jpg', 3600_000); // an upload still writing its rows
  plant('NOTES.txt', 2 * DAY); // not ours: never a key, never a temporary
});
afterAll(async () => {
  await app?.close();
});

describe(`media sweep (${TEST_DB})`, () => {
  it('lists the old files no row names, removes nothing without remove, and removes exactly them with it', async () => {
    const before = files();
    const deps = { store: app.store, storage: app.mediaStorage, clock: Date.now };
    const dry = await sweepMedia(deps, { remove: false });
    expect(dry.orphans.map((f) => f.name).sort()).toEqual(['ab/ab0123456789abcdef012345-640.webp', 'cd/.tmp-0011223344556677']);
    expect(dry.bytes).toBe(2 * 'left over'.length);
    expect(dry.scanned).toBe(before.length);
    expect(dry.removed).toBe(0);
    expect(files()).toEqual(before);

    const done = await sweepMedia(deps, { remove: true });
    expect(done.removed).toBe(2);
    expect(files()).toEqual(before.filter((f) => f !== 'ab/ab0123456789abcdef012345-640.webp' && f !== 'cd/.tmp-0011223344556677'));
    // Every image variant and the asset's PDF are still there and served.
    expect(before.filter((f) => f.startsWith('leads/'))).toHaveLength(1);
    expect((await sweepMedia(deps, { remove: false })).orphans).toEqual([]);
  });

  it('never takes a file younger than a day, whatever it is asked', async () => {
    const deps = { store: app.store, storage: app.mediaStorage, clock: Date.now };
    const r = await sweepMedia(deps, { remove: false, olderThanMs: 0 });
    expect(r.orphans.map((f) => f.name)).not.toContain('ef/ef0123456789abcdef012345-320.jpg');
    const later = await sweepMedia({ ...deps, clock: () => Date.now() + DAY }, { remove: false });
    expect(later.orphans.map((f) => f.name)).toEqual(['ef/ef0123456789abcdef012345-320.jpg']);
  });
});

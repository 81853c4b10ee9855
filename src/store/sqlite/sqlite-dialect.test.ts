import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_DB } from '../../../test/support.ts';
import { openStore } from '../store.ts';
import { BULK_CACHE_BYTES, cacheSizePragma, openSqlite } from './sqlite-dialect.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-sqlite-'));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'site.db');
}

describe('SQLite memory bounds', () => {
  it('states the page cache in KiB, never in pages', () => {
    expect(cacheSizePragma(16 * 1024 * 1024)).toBe(-16384);
    expect(cacheSizePragma(100)).toBe(-1);
  });

  it('opens with a bounded page cache and no memory map (mapped pages would count as resident, up to the whole file)', () => {
    const db = openSqlite(tempFile());
    cleanup.push(() => {
      db.close();
    });
    expect(db.pragma('cache_size', { simple: true })).toBe(cacheSizePragma(BULK_CACHE_BYTES));
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);
  });

  it('bounds the cache lower when asked (a serving node), and only on SQLite', async () => {
    const store = await openStore({ kind: 'sqlite', path: tempFile() });
    cleanup.push(() => store.close());
    await store.boundCache(4 * 1024 * 1024);
    const { rows } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(store.db);
    expect(rows[0]?.cache_size).toBe(-4096);
  });
});

describe.runIf(TEST_DB === 'sqlite')('a serving node', () => {
  it('keeps SQLITE_CACHE_MB of SQLite cache, 16 MiB by default', async () => {
    for (const [env, kib] of [[{}, -16384] as const, [{ SQLITE_CACHE_MB: '8' }, -8192] as const]) {
      const app = await makeTestApp(env);
      const { rows } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(app.store.db);
      await app.close();
      expect(rows[0]?.cache_size).toBe(kib);
    }
  });
});

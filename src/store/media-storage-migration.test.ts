import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, Migrator } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_ADMIN_URL, TEST_DB } from '../../test/support.ts';
import { CodeMigrationProvider } from './migrations/index.ts';
import { createPostgresDialect, createPostgresPool } from './postgres/postgres-dialect.ts';
import type { Database } from './schema.ts';
import { createSqliteDialect, openSqlite } from './sqlite/sqlite-dialect.ts';
import { type DatabaseConfig, openStore } from './store.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An empty database of the engine under test, and how to open a Kysely on it. */
async function emptyDatabase(): Promise<{ config: DatabaseConfig; kysely: () => Kysely<Database> }> {
  if (TEST_DB === 'postgres') {
    const name = `mh_test_media_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    return { config: { kind: 'postgres', url: url.toString() }, kysely: () => new Kysely<Database>({ dialect: createPostgresDialect(createPostgresPool(url.toString())) }) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-migrate-media-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'site.db');
  return { config: { kind: 'sqlite', path: file }, kysely: () => new Kysely<Database>({ dialect: createSqliteDialect(openSqlite(file)) }) };
}

describe('migration 0010-media-storage', () => {
  it('keeps the bytes of variants uploaded before it, records their size, and lets new rows leave them out', async () => {
    const { config, kysely } = await emptyDatabase();
    const old = kysely();
    const migrated = await new Migrator({ db: old, provider: new CodeMigrationProvider(config.kind) }).migrateTo('0008-admin');
    expect(migrated.error).toBeUndefined();
    const user = await old.insertInto('users').values({ email: 'a@example.com', name: 'A', role: 'admin', password_hash: 'x', created_at: 0 }).returning('id').executeTakeFirstOrThrow();
    const media = await old
      .insertInto('media')
      .values({ filename: 'old.jpg', alt: 'Old', format: 'jpeg', width: 320, height: 200, bytes: 5, created_at: 0, user_id: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Before 0010 the row has no bytes or storage_key columns: only the data.
    await old
      .insertInto('media_variants')
      .values({ media_id: media.id, width: 320, format: 'jpeg', data: Buffer.from('12345') } as never)
      .execute();
    await old.destroy();

    const store = await openStore(config);
    cleanups.push(() => store.close());
    expect(await store.media.variant(Number(media.id), 320, 'jpeg')).toEqual({ storageKey: null, data: Buffer.from('12345'), bytes: 5 });
    await store.db.insertInto('media_variants').values({ media_id: media.id, width: 320, format: 'webp', storage_key: 'ab/ab-320.webp', bytes: 9, data: null }).execute();
    expect(await store.media.variant(Number(media.id), 320, 'webp')).toEqual({ storageKey: 'ab/ab-320.webp', data: null, bytes: 9 });
    // The foreign key survived the SQLite table rebuild: deleting the image deletes its variants.
    await store.db.deleteFrom('media').where('id', '=', media.id).execute();
    expect(await store.db.selectFrom('media_variants').selectAll().execute()).toEqual([]);
  });
});

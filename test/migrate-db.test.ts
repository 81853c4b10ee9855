import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/index.ts';
import { COPIED_TABLES } from '../src/migrate/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { runCliInProcess } from './node-process.ts';
import { makeTestApp, NOW, POSTGRES_ADMIN_URL } from './support.ts';


async function postgresUp(): Promise<boolean> {
  const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI (${POSTGRES_ADMIN_URL})`);
    console.warn(`Skipping migrate-db test: no PostgreSQL at ${POSTGRES_ADMIN_URL}`);
    return false;
  }
}

/**
 * Every copied table's rows in key order, each value as both engines can agree on it: ids and
 * counts as numbers (PostgreSQL's bigint comes back as a string from some paths), bytes as hex,
 * `real` columns at PostgreSQL's single precision (SQLite keeps a double).
 */
async function tableRows(store: Store, table: (typeof COPIED_TABLES)[number]): Promise<unknown[]> {
  const key = sql.join(table.key.map((k) => sql.ref(k)));
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table.name)} ORDER BY ${key}`.execute(store.db);
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'number' && !Number.isInteger(v) ? Math.fround(v) : v]),
    ),
  );
}

const available = await postgresUp();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-migrate-'));
const name = `mh_migrate_${process.pid}_${Date.now().toString(36)}`;
const target = Object.assign(new URL(POSTGRES_ADMIN_URL), { pathname: `/${name}` }).toString();

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (!available) return;
  const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});

describe.skipIf(!available)('masthead migrate-db', () => {
  it('copies a whole site to PostgreSQL, verifies counts, and can run again', async () => {
    const file = path.join(dir, 'site.db');
    // Media files stay in MEDIA_DIR: migrate-db copies their rows, and both sites use the one directory.
    const mediaDir = path.join(dir, 'media');
    const source = await makeTestApp({ MASTHEAD_DB: file, DATABASE_URL: '', MEDIA_DIR: mediaDir });
    await seedDemo(source, NOW);
    const userId = await source.store.users.insert({ email: 'desk@example.com', name: 'Desk', role: 'editor', passwordHash: 'x', now: NOW });
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#357' } }).png().toBuffer();
    const uploaded = await source.media.upload({ filename: 'desk.png', data: png }, 'A desk', (await source.store.users.byId(userId))!);
    const mediaId = 'id' in uploaded ? uploaded.id : 0;
    const someArticle = (await source.catalog.latest(1)).items[0]!;
    // Text the copy must carry through untouched: JSON and SQL escapes, control characters, astral and separator code points.
    const awkward = 'Tab\there, "quoted", back\\slash \\x41 \\N, new\nline, caf\u00e9, \u{1F600}, \u2028end';
    await source.store.db.updateTable('articles').set({ standfirst: awkward }).where('id', '=', someArticle.id).execute();
    const expectedCompanies = (await source.store.companies.list(undefined, 100, 0)).total;
    await source.close();

    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();

    for (let run = 0; run < 2; run++) {
      const r = await runCliInProcess(['migrate-db', '--from', file, '--to', target, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { tables: { table: string; source: number; target: number }[]; verified: boolean; searchIndexed: number };
      expect(report.verified).toBe(true);
      expect(report.tables.find((t) => t.table === 'articles')).toEqual({ table: 'articles', source: 34, target: 34 });
      expect(report.tables.find((t) => t.table === 'companies')).toEqual({ table: 'companies', source: expectedCompanies, target: expectedCompanies });
      expect(report.searchIndexed).toBe(34);
      expect(report.tables.find((t) => t.table === 'media_variants')).toEqual({ table: 'media_variants', source: 6, target: 6 });
    }

    // The same rows, value for value, in every copied table (counts alone miss a mangled text or byte).
    const sourceStore = await openStore({ kind: 'sqlite', path: file });
    const targetStore = await openStore({ kind: 'postgres', url: target });
    try {
      for (const t of COPIED_TABLES) expect(await tableRows(targetStore, t), t.name).toEqual(await tableRows(sourceStore, t));
    } finally {
      await sourceStore.close();
      await targetStore.close();
    }

    const onPostgres = await makeTestApp({ DATABASE_URL: target, MEDIA_DIR: mediaDir });
    try {
      const page = await onPostgres.http.inject({ method: 'GET', url: `/news/${someArticle.slug}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(someArticle.headline.replace(/&/g, '&amp;'));
      expect((await onPostgres.http.inject({ method: 'GET', url: '/api/v1/search?q=charging' })).json().total).toBeGreaterThan(0);
      // Ids continue after the copied ones.
      const created = await onPostgres.pipeline.save({ headline: 'Written after the move', body: 'New.', status: 'published' });
      expect(created.id).toBeGreaterThan(34);
      const image = await onPostgres.http.inject({ method: 'GET', url: `/media/${mediaId}/400.webp` });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/webp');
    } finally {
      await onPostgres.close();
    }
  }, 120_000);
});

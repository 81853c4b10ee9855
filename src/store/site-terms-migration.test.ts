import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, TEST_DB } from '../../test/support.ts';
import { CodeMigrationProvider } from './migrations/index.ts';
import { createPostgresDialect, createPostgresPool } from './postgres/postgres-dialect.ts';
import type { Database } from './schema.ts';
import { createSqliteDialect, openSqlite } from './sqlite/sqlite-dialect.ts';
import { type DatabaseConfig, openStore, type Store } from './store.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A database of the engine under test migrated up to just before 0036, and a Kysely on it. */
async function databaseBefore0036(): Promise<{ config: DatabaseConfig; old: Kysely<Database> }> {
  let config: DatabaseConfig;
  let old: Kysely<Database>;
  if (TEST_DB === 'postgres') {
    const pgdb = await freshPostgresDatabase('');
    cleanups.push(pgdb.drop);
    config = { kind: 'postgres', url: pgdb.url };
    old = new Kysely<Database>({ dialect: createPostgresDialect(createPostgresPool(pgdb.url)) });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-site-terms-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    config = { kind: 'sqlite', path: path.join(dir, 'site.db') };
    old = new Kysely<Database>({ dialect: createSqliteDialect(openSqlite(config.path)) });
  }
  const migrated = await new Migrator({ db: old, provider: new CodeMigrationProvider(config.kind) }).migrateTo('0035-search-facts-site');
  expect(migrated.error).toBeUndefined();
  return { config, old };
}

// Every column named in each row: SQLite's multi-row VALUES has no DEFAULT, so one left out would be NULL.
const ARTICLE = { body: 'Body.', standfirst: '', body_format: 'markdown', word_count: 1, status: 'published', created_at: 1, updated_at: 1, published_at: 1 } as const;

/** Everything 0036 touches, as plain rows in key order: compared before and after. */
async function snapshot(db: Kysely<Database>) {
  const [sections, tags, articles, links, redirects] = await Promise.all([
    db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'site_id']).orderBy('id').execute(),
    db.selectFrom('tags').select(['id', 'slug', 'name', 'site_id']).orderBy('id').execute(),
    db.selectFrom('articles').select(['id', 'slug', 'section_id', 'site_id']).orderBy('id').execute(),
    db.selectFrom('article_tags').select(['article_id', 'tag_id']).orderBy('article_id').orderBy('tag_id').execute(),
    db.selectFrom('redirects').select(['from_path', 'to_path', 'status', 'site_id']).orderBy('from_path').execute(),
  ]);
  const numbers = <T extends Record<string, unknown>>(rows: T[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || /^(id|.*_id|status)$/.test(k) ? (v === null ? null : Number(v)) : v])));
  return { sections: numbers(sections), tags: numbers(tags), articles: numbers(articles), links: numbers(links), redirects: numbers(redirects) };
}

async function openAfter(config: DatabaseConfig): Promise<Store> {
  const store = await openStore(config);
  cleanups.push(() => store.close());
  return store;
}

describe('migration 0036-site-terms', () => {
  it('keeps a one-site database as it was: every row, id and article link', async () => {
    const { config, old } = await databaseBefore0036();
    await old.insertInto('sections').values([
        { slug: 'news', name: 'News', description: 'All of it' },
        { slug: 'gone', name: 'Gone', description: '' },
        { slug: 'rail', name: 'Rail', description: '' },
      ]).execute();
    // A deleted section's id stays used (SQLite's AUTOINCREMENT counter is carried over).
    await old.deleteFrom('sections').where('slug', '=', 'rail').execute();
    await old.insertInto('tags').values([{ slug: 'ev', name: 'EV' }, { slug: 'tolls', name: 'Tolls' }]).execute();
    await old.insertInto('articles').values([{ ...ARTICLE, slug: 'one', headline: 'One', section_id: 1 }, { ...ARTICLE, slug: 'two', headline: 'Two', section_id: null }]).execute();
    await old.insertInto('article_tags').values([{ article_id: 1, tag_id: 1 }, { article_id: 1, tag_id: 2 }, { article_id: 2, tag_id: 2 }]).execute();
    await old.insertInto('redirects').values({ from_path: '/old', to_path: '/news/one', status: 301, created_at: 1 }).execute();
    const before = await snapshot(old);
    await old.destroy();

    const store = await openAfter(config);
    expect(await snapshot(store.db)).toEqual(before);
    const rail = await store.taxonomy.ensure('sections', 'Rail');
    expect(rail).toBeGreaterThan(3);
    // The foreign keys still hold after the rebuild: deleting a section empties its articles' section, a tag's links go with it.
    await store.db.deleteFrom('sections').where('id', '=', 1).execute();
    await store.db.deleteFrom('tags').where('id', '=', 2).execute();
    expect((await snapshot(store.db)).articles.map((a) => a.section_id)).toEqual([null, null]);
    expect((await snapshot(store.db)).links).toEqual([{ article_id: 1, tag_id: 1 }]);
  });

  it('gives a second site its own copy of the first site’s terms its articles used, and lets both keep a section, tag and redirect of one slug', async () => {
    const { config, old } = await databaseBefore0036();
    await old.insertInto('sites').values({ slug: 'highways', name: 'Highways', description: '', time_zone: null, created_at: 1 }).execute();
    await old.insertInto('sections').values([
        { slug: 'news', name: 'News', description: 'Ours', site_id: 1 },
        { slug: 'bridges', name: 'Bridges', description: '', site_id: 2 },
      ]).execute();
    await old.insertInto('tags').values([
        { slug: 'ev', name: 'EV', site_id: 1 },
        { slug: 'tolls', name: 'Tolls', site_id: 2 },
      ]).execute();
    // Until 0036 a site reused another's term by name: site 2's story in site 1's "News" with its "EV", and the reverse.
    await old
      .insertInto('articles')
      .values([
        { ...ARTICLE, slug: 'a', headline: 'A', section_id: 1, site_id: 1 },
        { ...ARTICLE, slug: 'b', headline: 'B', section_id: 1, site_id: 2 },
        { ...ARTICLE, slug: 'c', headline: 'C', section_id: 2, site_id: 2 },
      ])
      .execute();
    await old.insertInto('article_tags').values([{ article_id: 1, tag_id: 1 }, { article_id: 1, tag_id: 2 }, { article_id: 2, tag_id: 1 }, { article_id: 3, tag_id: 2 }]).execute();
    if (config.kind === 'sqlite') await sql`INSERT INTO article_search_facts (id, section_id, published_at, site_id) VALUES (2, 1, 1, 2)`.execute(old);
    await old.insertInto('redirects').values({ from_path: '/old', to_path: '/news/a', status: 301, created_at: 1 }).execute();
    const before = await snapshot(old);
    await old.destroy();

    const store = await openAfter(config);
    const after = await snapshot(store.db);
    // Nothing of before is lost or renumbered; each site's own articles keep their terms.
    expect(after.sections.slice(0, 2)).toEqual(before.sections);
    expect(after.tags.slice(0, 2)).toEqual(before.tags);
    expect(after.redirects).toEqual(before.redirects);
    expect(after.sections.slice(2)).toEqual([{ id: 3, slug: 'news', name: 'News', description: 'Ours', site_id: 2 }]);
    // In the order the engine's DISTINCT hands them out: compared as a set.
    expect(after.tags.slice(2).map(({ slug, site_id }) => `${slug}@${site_id}`).sort()).toEqual(['ev@2', 'tolls@1']);
    const tagId = (slug: string, site: number) => after.tags.find((t) => t.slug === slug && t.site_id === site)?.id;
    expect(after.articles.map((a) => a.section_id)).toEqual([1, 3, 2]);
    expect(after.links).toEqual(
      [
        { article_id: 1, tag_id: 1 },
        { article_id: 1, tag_id: tagId('tolls', 1) },
        { article_id: 2, tag_id: tagId('ev', 2) },
        { article_id: 3, tag_id: 2 },
      ].sort((x, y) => x.article_id - y.article_id || Number(x.tag_id) - Number(y.tag_id)),
    );
    if (config.kind === 'sqlite') expect((await sql<{ section_id: number }>`SELECT section_id FROM article_search_facts WHERE id = 2`.execute(store.db)).rows).toEqual([{ section_id: 3 }]);

    // Per site from now on: one slug, two sites, two rows; a site's redirect does not replace another's.
    expect(await store.taxonomy.ensure('sections', 'Bridges', 1)).not.toBe(2);
    expect(await store.taxonomy.ensure('sections', 'Bridges', 2)).toBe(2);
    await store.redirects.put('/old', '/news/c', 301, 2, 2);
    expect((await store.redirects.find('/old', 1))?.to_path).toBe('/news/a');
    expect((await store.redirects.find('/old', 2))?.to_path).toBe('/news/c');
  });
});

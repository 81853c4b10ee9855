import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeSearchSegments } from './sqlite/sqlite-search-index.ts';
import { openStore, type Store } from './store.ts';

// SQLite only: checkpoints and the postings index dropped for a rebuild are SQLite's (on
// PostgreSQL `bulkWrites` runs the work as it is and the index stays).
let dir: string;
let file: string;
let store: Store;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bulk-'));
  file = path.join(dir, 'site.db');
  store = await openStore({ kind: 'sqlite', path: file });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const checkpointPages = async (s: Store) => Number((await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(s.db)).rows[0]?.wal_autocheckpoint);
const termIndexes = async (s: Store) =>
  (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('related_terms_term', 'related_related') ORDER BY name`.execute(s.db)).rows.map((r) => r.name);
const segments = async (s: Store, table: string) => Number((await sql<{ n: number }>`SELECT count(DISTINCT segid) AS n FROM ${sql.table(`${table}_idx`)}`.execute(s.db)).rows[0]?.n);

describe('bulk writes on SQLite', () => {
  it('space checkpoints while the work runs and restore the default after, also when it fails', async () => {
    expect(await checkpointPages(store)).toBe(1000);
    expect(await store.bulkWrites(() => checkpointPages(store))).toBe(16_384);
    expect(await checkpointPages(store)).toBe(1000);
    await expect(store.bulkWrites(() => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom');
    expect(await checkpointPages(store)).toBe(1000);
  });

  it('run with the page cache asked for and restore the one before, also when the work fails', async () => {
    const cacheSize = async () => Number((await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(store.db)).rows[0]?.cache_size);
    const before = await cacheSize();
    expect(await store.bulkWrites(cacheSize, { cacheBytes: 8 * 1024 * 1024 })).toBe(-8192);
    expect(await cacheSize()).toBe(before);
    await expect(store.bulkWrites(() => Promise.reject(new TypeError('boom')), { cacheBytes: 1024 * 1024 })).rejects.toThrow('boom');
    expect(await cacheSize()).toBe(before);
  });

  it('mergeSearchSegments leaves each full-text table one segment', async () => {
    const doc = (id: number) => ({ id, headline: `Harbour ${id}`, standfirst: 'Tolls rise', body: `The harbour tolls rose ${id} times.` });
    // Each commit adds a segment, which a search walks besides the others.
    for (let id = 1; id <= 3; id++) await store.search.put(doc(id));
    expect(await segments(store, 'article_search')).toBeGreaterThan(1);
    await store.bulkWrites(() => store.search.put(doc(4)));
    await store.mergeSearchSegments();
    for (const table of ['article_search', 'article_words', 'article_titles']) expect(await segments(store, table)).toBe(1);
    expect((await store.search.search({ query: { words: [{ text: 'harbour', prefix: false }], phrases: [], excluded: [], mode: 'all' }, sort: 'relevance', limit: 10, offset: 0, withIds: false, estimate: false })).total).toBe(4);
  });

  it('mergeSearchSegments merges an import small beside the index among itself, leaving the largest segment as it was', async () => {
    const doc = (id: number) => ({ id, headline: `Harbour ${id} tolls`, standfirst: `Standfirst ${id}`, body: `The harbour tolls rose ${id} times, said port ${id * 7}.` });
    const segmentIds = async (table: string) => (await sql<{ segid: number }>`SELECT DISTINCT segid FROM ${sql.table(`${table}_idx`)} ORDER BY segid`.execute(store.db)).rows.map((r) => Number(r.segid));
    // A site imported in 40 commits, merged: its one segment sits above the levels the commits filled.
    for (let from = 1; from <= 3000; from += 75) await store.search.put(...Array.from({ length: 75 }, (_, i) => doc(from + i)));
    await store.mergeSearchSegments();
    const [large] = await segmentIds('article_search');
    // Three small commits (an import into a large site): a segment each.
    for (let id = 3001; id <= 3003; id++) await store.search.put(doc(id));
    expect(await segmentIds('article_search')).toHaveLength(4);
    // Steps of 20 pages: the stemmed index (45) is more than a step, the headlines' prefixes less.
    await mergeSearchSegments(store.db, 20);
    const left = await segmentIds('article_search');
    expect(left).toHaveLength(2);
    expect(left).toContain(large);
    expect(await segmentIds('article_titles')).toHaveLength(1);
    const all = { query: { words: [{ text: 'harbour', prefix: false }], phrases: [], excluded: [], mode: 'all' as const }, sort: 'relevance' as const, limit: 10, offset: 0, withIds: false, estimate: false };
    expect((await store.search.search(all)).total).toBe(3003);
    // The table's merge setting is FTS5's default again.
    expect((await sql<{ v: number }>`SELECT v FROM article_search_config WHERE k = 'usermerge'`.execute(store.db)).rows[0]?.v).toBe(4);
  });

  it('space out the search index merges from the first write of a bulk transaction, and set them back after; no write, no change', async () => {
    const automerge = async () => (await sql<{ v: number }>`SELECT v FROM article_search_config WHERE k = 'automerge'`.execute(store.db)).rows[0]?.v;
    const doc = { id: 1, headline: 'Harbour', standfirst: 'Tolls rise', body: 'The harbour tolls rose.' };
    await store.bulkWrites(() => store.bulkTransaction(async (repos) => repos.search.put()));
    expect(await automerge()).toBeUndefined();
    const during = await store.bulkWrites(async () => {
      await store.bulkTransaction((repos) => repos.search.put(doc));
      return automerge();
    });
    expect(during).toBe(16);
    expect(await automerge()).toBe(4);
    // Outside bulk writes a save leaves FTS5's default.
    await store.bulkTransaction((repos) => repos.search.put({ ...doc, id: 2 }));
    expect(await automerge()).toBe(4);
  });

  it('a rebuild drops the postings index and the lists\' index with the rows; they are built again at its end, or when a store opens after a rebuild died', async () => {
    await store.transaction((repos) => repos.relatedIndex.clear());
    expect(await termIndexes(store)).toEqual([]);
    await store.relatedIndex.restoreTermIndex();
    expect(await termIndexes(store)).toEqual(['related_related', 'related_terms_term']);
    // Built through temporary files (its sort is not held in memory); the connection keeps its in-memory temp store.
    expect((await sql<{ temp_store: number }>`PRAGMA temp_store`.execute(store.db)).rows[0]?.temp_store).toBe(2);

    // A rebuild killed after its first transaction: the next process to open the database restores it.
    await store.transaction((repos) => repos.relatedIndex.clear());
    await store.close();
    store = await openStore({ kind: 'sqlite', path: file });
    expect(await termIndexes(store)).toEqual(['related_related', 'related_terms_term']);
  });
});

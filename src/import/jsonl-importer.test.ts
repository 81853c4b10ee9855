import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, SHARED_DATA, sharedDataAvailable, TEST_DB, type TestApp } from '../../test/support.ts';
import { importJsonl, importLines, UNDATED_REASON } from './index.ts';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

// Records carry a date unless a test is about undated ones (refused without a default date).
const line = (o: Record<string, unknown>) => JSON.stringify({ date: '2012-07-23T10:00:00Z', ...o });

describe('JSONL import', () => {
  it('imports records and maps every field', async () => {
    const report = await importLines(
      [line({ id: 'a1', title: 'Tolling goes free-flow', standfirst: 'Gantries out.', body: 'Body text.', date: '2012-07-23T10:00:00Z', section: 'Tolling', tags: ['ORT'], authors: ['Jo'] })],
      app.pipeline,
    );
    expect(report).toEqual({ imported: 1, updated: 0, unchanged: 0, refused: [] });
    const row = await app.store.articles.findBySourceId('a1');
    expect(row).toMatchObject({ slug: 'tolling-goes-free-flow', standfirst: 'Gantries out.', status: 'published', published_at: Date.UTC(2012, 6, 23, 10) });
    expect(JSON.parse(row!.source_text!)).toMatchObject({ id: 'a1' });
  });

  // Each batch's commit adds a segment to each FTS5 table; a search walks every term in each.
  it.skipIf(TEST_DB !== 'sqlite')('leaves each SQLite full-text table as one segment', async () => {
    const lines = [1, 2, 3, 4].map((id) => line({ id, title: `Harbour tolls ${id}`, body: `Tolls rose ${id} times.` }));
    expect((await importLines(lines, app.pipeline, { batchSize: 1 })).imported).toBe(4);
    for (const table of ['article_search', 'article_words', 'article_titles']) {
      const r = await sql<{ n: number }>`SELECT count(DISTINCT segid) AS n FROM ${sql.table(`${table}_idx`)}`.execute(app.store.db);
      expect(r.rows[0]?.n).toBe(1);
    }
    expect((await app.search.search({ q: 'harbour', limit: 10, page: 1 })).total).toBe(4);
  });

  it('refuses bad lines with their numbers and reasons, and keeps the rest', async () => {
    const report = await importLines(
      [
        line({ id: 1, title: 'Good one', body: 'Fine.' }),
        '{not json',
        line({ id: 2, title: '', body: 'No title.' }),
        line({ id: 3, title: 'No body' }),
        '',
        line({ id: 4, title: 'Bad date', body: 'x', date: 'yesterday-ish' }),
        '[1,2]',
        line({ id: 5, title: 'Tags wrong', body: 'x', tags: 'not-a-list' }),
        line({ id: 6, title: 'Good two', body: 'Fine too.' }),
      ],
      app.pipeline,
    );
    expect(report.imported).toBe(2);
    expect(report.refused.map((r) => r.line)).toEqual([2, 3, 4, 6, 7, 8]);
    expect(report.refused[0]!.reason).toMatch(/^not valid JSON/);
    expect(report.refused[1]!.reason).toBe('title is empty');
    expect(report.refused[2]!.reason).toMatch(/^body: /);
    expect(report.refused[3]!.reason).toBe('date is not a date: "yesterday-ish"');
    expect(report.refused[4]!.reason).toBe('not a JSON object');
    expect(report.refused[5]!.reason).toMatch(/^tags: /);
  });

  it('refuses a date beyond year 9999 with its line, and imports the rest', async () => {
    const report = await importLines([line({ id: 'far', title: 'Far future', body: 'b', date: '+099999-01-01T00:00:00Z' }), line({ id: 'ok', title: 'Now', body: 'b' })], app.pipeline);
    expect(report).toEqual({ imported: 1, updated: 0, unchanged: 0, refused: [{ line: 1, reason: 'Invalid article: the publish time must be in the years 1000 to 9999' }] });
  });

  it('imports an HTML body with malformed character references', async () => {
    const report = await importLines([line({ id: 'e1', title: 'Bob&#039s; rig', body: '<p>Bob&#039s; rig &#xZZ; costs &#99999999;</p>', format: 'html' })], app.pipeline);
    expect(report).toEqual({ imported: 1, updated: 0, unchanged: 0, refused: [] });
    expect((await app.store.articles.findBySourceId('e1'))?.body).toContain('Bob&#039s; rig');
  });

  it('imports a record holding NUL characters the same on both engines (PostgreSQL cannot store U+0000)', async () => {
    const report = await importLines([line({ id: 'nul\u0000', title: 'Nul\u0000 title', standfirst: 'S\u0000', body: 'Body\u0000 text.', tags: ['T\u0000ag'], authors: ['A\u0000n'], section: 'Se\u0000c' })], app.pipeline);
    expect(report).toEqual({ imported: 1, updated: 0, unchanged: 0, refused: [] });
  });

  it('is idempotent: the same file twice changes nothing', async () => {
    const lines = [line({ id: 'x', title: 'One', body: 'b' }), line({ id: 'y', title: 'Two', body: 'b' })];
    await importLines(lines, app.pipeline);
    const version = await app.store.state.contentVersion();
    const second = await importLines(lines, app.pipeline);
    expect(second).toEqual({ imported: 0, updated: 0, unchanged: 2, refused: [] });
    expect(await app.store.state.contentVersion()).toBe(version);
  });

  it('updates a record whose id comes again with new content', async () => {
    await importLines([line({ id: 'x', title: 'One', body: 'old' })], app.pipeline);
    const report = await importLines([line({ id: 'x', title: 'One', body: 'new' })], app.pipeline);
    expect(report.updated).toBe(1);
    expect((await app.store.articles.findBySourceId('x'))?.body).toBe('new');
  });

  it('lets the later of two lines with one id win', async () => {
    const report = await importLines([line({ id: 'x', title: 'One', body: 'first' }), line({ id: 'x', title: 'One', body: 'second' })], app.pipeline, { batchSize: 100 });
    expect(report).toMatchObject({ imported: 1, updated: 1 });
    expect((await app.store.articles.findBySourceId('x'))?.body).toBe('second');
  });

  it('uses the first category as section when there is none', async () => {
    await importLines([line({ id: 'c', title: 'Cat', body: 'b', categories: ['business'] })], app.pipeline);
    expect((await app.store.taxonomy.sectionBySlug('business'))?.name).toBe('business');
  });

  it('refuses a record without a date with the reason, instead of dating it now', async () => {
    const report = await importLines([line({ id: 'u1', title: 'Undated', body: 'b', date: undefined }), line({ id: 'u2', title: 'Null date', body: 'b', date: null }), line({ id: 'd', title: 'Dated', body: 'b' })], app.pipeline);
    expect(report).toEqual({ imported: 1, updated: 0, unchanged: 0, refused: [{ line: 1, reason: UNDATED_REASON }, { line: 2, reason: UNDATED_REASON }] });
    expect(await app.store.articles.findBySourceId('u1')).toBeUndefined();
  });

  it('dates undated records with the default date given, and only those', async () => {
    const defaultDate = Date.UTC(2019, 5, 1);
    const lines = [line({ id: 'u', title: 'Undated', body: 'b', date: undefined }), line({ id: 'd', title: 'Dated', body: 'b' })];
    expect(await importLines(lines, app.pipeline, { defaultDate })).toMatchObject({ imported: 2, refused: [] });
    expect((await app.store.articles.findBySourceId('u'))?.published_at).toBe(defaultDate);
    expect((await app.store.articles.findBySourceId('d'))?.published_at).toBe(Date.UTC(2012, 6, 23, 10));
    app.clock.now += 86_400_000;
    expect(await importLines(lines, app.pipeline, { defaultDate })).toMatchObject({ unchanged: 2 });
  });

  it('streams a file and reports progress', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mh-')), 'a.jsonl');
    fs.writeFileSync(file, Array.from({ length: 25 }, (_, i) => line({ id: i, title: `Story ${i}`, body: 'b' })).join('\n'));
    const progress: number[] = [];
    const report = await importJsonl(file, app.pipeline, { batchSize: 10, onProgress: (p) => progress.push(p.records) });
    expect(report.imported).toBe(25);
    expect(progress).toEqual([10, 20, 25]);
  });

  it('refuses a line over the limit with its number, without holding it, and imports the lines after it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mh-')), 'big.jsonl');
    // Longer than a read chunk (64 KB), so the line is dropped across chunks.
    const big = line({ id: 'big', title: 'Big', body: 'x'.repeat(200_000) });
    fs.writeFileSync(file, [line({ id: 'a', title: 'Before', body: 'b' }), big, line({ id: 'c', title: 'After', body: 'b' })].join('\r\n'));
    const report = await importJsonl(file, app.pipeline, { maxLineSize: 100_000 });
    expect(report).toEqual({ imported: 2, updated: 0, unchanged: 0, refused: [{ line: 2, reason: 'line is larger than the limit of 100000 characters' }] });
    expect(await app.store.articles.findBySourceId('c')).toMatchObject({ headline: 'After' });
  });
});

describe.skipIf(!sharedDataAvailable())('BBC corpus import', () => {
  it('imports all 2,225 articles, and importing twice leaves 2,225', async () => {
    const file = path.join(SHARED_DATA, 'bbc', 'articles.jsonl');
    // The corpus has no dates: the operator gives one.
    const first = await importJsonl(file, app.pipeline, { defaultDate: Date.UTC(2005, 0, 1) });
    expect(first.refused).toEqual([]);
    expect(first.imported).toBe(2225);
    const second = await importJsonl(file, app.pipeline, { defaultDate: Date.UTC(2005, 0, 1) });
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: 2225 });
    expect(await app.store.articles.countPublished()).toBe(2225);
  }, 120_000);
});

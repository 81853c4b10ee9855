import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importJsonl } from './index.ts';

// Two sites with the same directory: one imports on this thread, the other through the worker.
let here: TestApp;
let there: TestApp;
let dir: string;
beforeEach(async () => {
  [here, there] = [await makeTestApp(), await makeTestApp()];
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-prepare-'));
  const companies = [
    { id: '2453', name: 'Renault', aliases: [] },
    { id: '838', name: 'Nissan', aliases: ['Nissan Motor'] },
    { id: '77', name: 'Kapsch TrafficCom', aliases: [] },
  ].map((c) => JSON.stringify(c));
  for (const app of [here, there]) await app.directory.importCompanies(companies);
});
afterEach(async () => {
  await here.close();
  await there.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const line = (o: Record<string, unknown>) => JSON.stringify({ date: '2012-07-23T10:00:00Z', ...o });

/** The rows an import writes that the worker's preparation feeds (ids and import times aside). */
async function rows(app: TestApp) {
  const { db } = app.store;
  const articles = await db.selectFrom('articles').selectAll().orderBy('source_id').execute();
  return {
    articles: articles.map(({ id: _id, created_at: _at, ...a }) => ({ ...a, word_count: Number(a.word_count) })),
    renders: await db
      .selectFrom('article_renders')
      .innerJoin('articles', 'articles.id', 'article_renders.article_id')
      .select(['articles.source_id', 'html', 'summary', 'read_minutes', 'render_key'])
      .orderBy('articles.source_id')
      .execute(),
    mentions: await db
      .selectFrom('article_companies')
      .innerJoin('articles', 'articles.id', 'article_companies.article_id')
      .innerJoin('companies', 'companies.id', 'article_companies.company_id')
      .select(['articles.source_id', 'companies.source_id as company', 'article_companies.mentions'])
      .orderBy('articles.source_id')
      .orderBy('companies.source_id')
      .execute(),
    candidates: await db
      .selectFrom('company_candidates')
      .innerJoin('articles', 'articles.id', 'company_candidates.article_id')
      .select(['articles.source_id', 'name_key', 'name', 'mentions'])
      .orderBy('articles.source_id')
      .orderBy('name_key')
      .execute(),
  };
}

describe('JSONL import prepared on a worker thread', () => {
  it('writes the same rows and reports the same refusals as an import on one thread', async () => {
    const file = path.join(dir, 'articles.jsonl');
    const records = [
      line({ id: 'a', title: 'Renault and Nissan', body: 'The 2453 Renault-838 Nissan Alliance invests US$160 million with Acme Holdings Ltd.' }),
      '{not json',
      line({ id: 'b', title: 'Tolling', standfirst: 'Kapsch TrafficCom wins.', body: '<p>Kapsch TrafficCom and <b>Nissan Motor</b> in HTML.</p>' }),
      JSON.stringify({ id: 'undated', title: 'No date', body: 'x' }),
      line({ id: 'nul', title: 'Nul', body: 'Renault\u0000 with a NUL' }),
      line({ id: 'sponsored', title: 'Paid', body: 'A [link](https://example.com) by Renault.', sponsor: '2453' }),
      line({ id: 'unknown-sponsor', title: 'Paid badly', body: 'x', sponsor: 'nobody' }),
      line({ id: 'a', title: 'Renault and Nissan again', body: 'Updated: Nissan only.' }),
      ...Array.from({ length: 30 }, (_, i) => line({ id: `n${i}`, title: `Plain ${i}`, body: `Body ${i} of *Renault* news.`, tags: ['T'] })),
    ];
    fs.writeFileSync(file, `${records.join('\n')}\n`);
    const cleanBody = here.directory.legacyCleaner(await here.directory.current());
    const alone = await importJsonl(file, here.pipeline, { cleanBody, batchSize: 7 });
    const worked = await importJsonl(file, there.pipeline, { cleanBody, batchSize: 7, directory: await there.directory.snapshot() });
    expect(worked).toEqual(alone);
    expect(alone.refused.map((r) => r.line)).toEqual([2, 4, 7]);
    expect(await rows(there)).toEqual(await rows(here));
    // The later 'a' won, tagged (headline and body); the leaked ids of the first were cleaned.
    expect((await rows(there)).mentions.filter((m) => m.source_id === 'a')).toEqual([
      { source_id: 'a', company: '2453', mentions: 1 },
      { source_id: 'a', company: '838', mentions: 2 },
    ]);
    const revisions = await there.store.db.selectFrom('revisions').select('body').orderBy('id').execute();
    expect(revisions[0]?.body).toBe('The Renault-Nissan Alliance invests US$160 million with Acme Holdings Ltd.');
  });

  it('falls back to tagging on this thread when the directory changed after the snapshot', async () => {
    const file = path.join(dir, 'late.jsonl');
    fs.writeFileSync(file, `${line({ id: 'late', title: 'Volvo news', body: 'Volvo and Renault.' })}\n`);
    const snapshot = await there.directory.snapshot();
    await there.directory.importCompanies([JSON.stringify({ id: '9', name: 'Volvo', aliases: [] })]);
    expect(await importJsonl(file, there.pipeline, { directory: snapshot })).toMatchObject({ imported: 1 });
    const { mentions } = await rows(there);
    expect(mentions.map((m) => m.company)).toEqual(['2453', '9']);
  });

  it('reports a missing file as the import on one thread does', async () => {
    await expect(importJsonl(path.join(dir, 'none.jsonl'), there.pipeline, { directory: await there.directory.snapshot() })).rejects.toThrow(/ENOENT/);
  });
});

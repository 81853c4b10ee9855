import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../test/support.ts';
import { importLines } from './index.ts';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: '2453', name: 'Renault', aliases: [] }), JSON.stringify({ id: 'c-77', name: 'Acme Tolling', aliases: [] })]);
});
afterEach(async () => {
  await app.close();
});

const line = (o: Record<string, unknown>) => JSON.stringify({ date: '2026-11-20T10:00:00Z', body: 'Body text.', ...o });
const sponsorOf = async (sourceId: string) => {
  const row = await app.store.articles.findBySourceId(sourceId);
  return row?.sponsor_company_id == null ? null : (await app.store.companies.byId(Number(row.sponsor_company_id)))!.slug;
};

describe('JSONL import: "sponsor"', () => {
  it('takes the sponsor by directory id (string or number) or slug; empty or null is editorial content', async () => {
    const report = await importLines(
      [
        line({ id: 'a', title: 'By numeric id', sponsor: 2453 }),
        line({ id: 'b', title: 'By string id', sponsor: 'c-77' }),
        line({ id: 'c', title: 'By slug', sponsor: 'acme-tolling' }),
        line({ id: 'd', title: 'Null', sponsor: null }),
        line({ id: 'e', title: 'Empty', sponsor: '' }),
        line({ id: 'f', title: 'Absent' }),
      ],
      app.pipeline,
    );
    expect(report).toEqual({ imported: 6, updated: 0, unchanged: 0, refused: [] });
    expect(await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map(sponsorOf))).toEqual(['renault', 'acme-tolling', 'acme-tolling', null, null, null]);
  });

  it('refuses a line whose sponsor the directory does not know, with its number and reason, and imports the rest of the batch', async () => {
    const lines = [
      line({ id: 'ok-1', title: 'Sponsored fine', sponsor: '2453' }),
      line({ id: 'bad', title: 'Unknown sponsor', sponsor: 'Renault Group' }),
      line({ id: 'ok-2', title: 'Editorial fine' }),
      line({ id: 'wrong-type', title: 'Sponsor list', sponsor: ['2453'] }),
    ];
    const report = await importLines(lines, app.pipeline);
    expect(report).toEqual({
      imported: 2,
      updated: 0,
      unchanged: 0,
      refused: [
        { line: 2, reason: 'Invalid article: sponsor "Renault Group" is not a company in the directory (give its directory id or slug)' },
        { line: 4, reason: expect.stringMatching(/^sponsor: /) },
      ],
    });
    expect(await app.store.articles.findBySourceId('bad')).toBeUndefined();
    expect(await sponsorOf('ok-1')).toBe('renault');
    expect(await sponsorOf('ok-2')).toBeNull();
    // Once the company is in the directory, the same file imports the line it refused, and nothing else changes.
    await app.directory.importCompanies([JSON.stringify({ id: '9', name: 'Renault Group', aliases: [] })]);
    const again = await importLines(lines.map((l) => l.replace('"Renault Group"', '"renault-group"')), app.pipeline);
    expect(again).toMatchObject({ imported: 1, updated: 0, unchanged: 2 });
    expect(await sponsorOf('bad')).toBe('renault-group');
  });
});

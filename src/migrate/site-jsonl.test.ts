import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';
import { importLines } from '../import/index.ts';
import { siteJsonl } from './index.ts';

/** `masthead backup FILE --site SLUG`: one site's content as JSONL that imports into another installation unchanged. */

const NISSAN = JSON.stringify({ id: '838', name: 'Nissan', aliases: [], country: 'JP', sector: 'Automotive', parent: null });

let from: TestApp;
let into: TestApp;
let written: string[];

const collect = async (app: TestApp, siteId: number) => {
  const out: string[] = [];
  for await (const line of siteJsonl(app.store, siteId)) out.push(line);
  return out;
};

beforeAll(async () => {
  from = await makeTestApp();
  await from.directory.importCompanies([NISSAN]);
  const b = await from.sites.add({ name: 'Highways Today', hosts: ['highways.example'] });
  const onB = { siteId: b.id, section: 'Bridges', tags: ['Steel', 'Inspection'], authors: ['Ada Writer', 'Bo Reporter'] };
  await from.pipeline.save(article({ ...onB, sourceId: 'b-1', headline: 'Bridge inspections double', body: 'Inspectors check **every** span.\n\nA second paragraph.', publishedAt: NOW - 3 * 3600_000 }));
  await from.pipeline.save(article({ ...onB, headline: 'Viaduct reopens without a source id', body: '<p>An <em>HTML</em> body.</p>', bodyFormat: 'html', publishedAt: NOW - 2 * 3600_000 }));
  await from.pipeline.save(article({ ...onB, sourceId: 'b-3', headline: 'Sponsored: bridge sensors from Nissan', sponsor: { directoryIdOrSlug: '838' }, publishedAt: NOW - 3600_000 }));
  await from.pipeline.save(article({ ...onB, sourceId: 'b-draft', headline: 'A draft of site B', status: 'draft' }));
  await from.pipeline.save(article({ sourceId: 'a-1', headline: 'Only on the first site' }));
  await from.pipeline.save(article({ sourceId: 'a-2', headline: 'Cross-published from the first site', alsoOn: [b.id], publishedAt: NOW - 4 * 3600_000 }));
  written = await collect(from, b.id);
});
afterAll(async () => {
  await from?.close();
  await into?.close();
});

describe('one site written out as article JSONL', () => {
  it("holds the site's published articles, home and cross-published, in the importer's format", () => {
    const records = written.map((l) => JSON.parse(l));
    expect(records.map((r) => r.title)).toEqual(['Bridge inspections double', 'Viaduct reopens without a source id', 'Sponsored: bridge sensors from Nissan', 'Cross-published from the first site']);
    expect(records[0]).toEqual({
      id: 'b-1',
      title: 'Bridge inspections double',
      standfirst: 'A standfirst that sums the story up.',
      body: 'Inspectors check **every** span.\n\nA second paragraph.',
      date: new Date(NOW - 3 * 3600_000).toISOString(),
      updated: records[0].updated,
      section: 'Bridges',
      tags: ['Inspection', 'Steel'],
      authors: ['Ada Writer', 'Bo Reporter'],
      sponsor: null,
    });
    // No source id: its slug stands in; the sponsor is named by its directory id.
    expect(records[1].id).toBe('viaduct-reopens-without-source-id');
    expect(records[2].sponsor).toBe('838');
  });

  it('imports into a site of another installation and writes out again line for line', async () => {
    into = await makeTestApp();
    await into.directory.importCompanies([NISSAN]);
    const target = await into.sites.add({ name: 'Bridges Weekly', hosts: ['bridges.example'] });
    const report = await importLines(written, into.pipeline, { siteId: target.id });
    expect(report.refused).toEqual([]);
    expect(report.imported).toBe(written.length);
    expect(await collect(into, target.id)).toEqual(written);
    // Nothing landed on the other installation's first site, and a second import changes nothing.
    expect(await collect(into, 1)).toEqual([]);
    const again = await importLines(written, into.pipeline, { siteId: target.id });
    expect({ imported: again.imported, updated: again.updated, unchanged: again.unchanged }).toEqual({ imported: 0, updated: 0, unchanged: written.length });
    const html = await into.store.articles.findBySourceId('viaduct-reopens-without-source-id');
    expect(html?.body_format).toBe('html');
  });
});

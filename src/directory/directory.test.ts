import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, type TestApp } from '../../test/support.ts';

let app: TestApp;
beforeEach(async () => {
  app = await makeTestApp();
});
afterEach(async () => {
  await app.close();
});

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const DIRECTORY = [
  line({ id: '2453', name: 'Renault', aliases: [], website: 'https://www.renault.example', country: 'FR', sector: 'Automotive', description: 'Car maker.', parent: null }),
  line({ id: '838', name: 'Nissan', aliases: [], country: 'JP', parent: null }),
  line({ id: '4777', name: 'Infiniti', aliases: [], parent: '838' }),
  line({ id: '1973', name: 'Dacia', aliases: [], parent: '2453' }),
  line({ id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'], parent: '2453' }),
];

const companyNames = async (articleId: number) => ((await app.store.companies.companiesOf([articleId])).get(articleId) ?? []).map((c) => c.name);

describe('company import and export', () => {
  it('imports companies with parents that come later in the file', async () => {
    const report = await app.directory.importCompanies([DIRECTORY[2]!, ...DIRECTORY]);
    expect(report).toEqual({ imported: 5, updated: 0, unchanged: 1, refused: [] });
    const infiniti = await app.store.companies.bySourceId('4777');
    expect((await app.store.companies.byId(Number(infiniti!.parent_id)))?.name).toBe('Nissan');
    expect(infiniti?.slug).toBe('infiniti');
  });
  it('refuses bad lines with their numbers and keeps the rest', async () => {
    const report = await app.directory.importCompanies([
      line({ id: '1', name: 'Good Co' }),
      '{oops',
      line({ id: '2' }),
      line({ id: '3', name: '  ' }),
      line({ id: '4', name: 'Bad Site', website: 'javascript:alert(1)' }),
      line({ id: '5', name: 'Orphan', parent: '999' }),
      line({ id: '6', name: 'Self', parent: '6' }),
    ]);
    expect(report.imported).toBe(2);
    expect(report.refused.map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringMatching(/^not valid JSON/)],
      [3, expect.stringMatching(/^name: /)],
      [4, 'name is empty'],
      [5, 'website is not an http(s) URL: "javascript:alert(1)"'],
      [6, 'parent "999" is not in the directory (company imported without it)'],
      [7, 'a company cannot be its own parent'],
    ]);
  });
  it('is idempotent and round-trips exactly through export', async () => {
    await app.directory.importCompanies(DIRECTORY);
    const exported: string[] = [];
    for await (const l of app.directory.exportCompanies()) exported.push(l);
    expect(exported).toHaveLength(5);
    expect(JSON.parse(exported[0]!)).toEqual({
      id: '2453',
      name: 'Renault',
      aliases: [],
      website: 'https://www.renault.example',
      country: 'FR',
      sector: 'Automotive',
      description: 'Car maker.',
      parent: null,
    });
    expect(await app.directory.importCompanies(exported)).toEqual({ imported: 0, updated: 0, unchanged: 5, refused: [] });
    const again: string[] = [];
    for await (const l of app.directory.exportCompanies()) again.push(l);
    expect(again).toEqual(exported);
  });
  it('updates a company whose id comes again with new fields', async () => {
    await app.directory.importCompanies(DIRECTORY);
    const r = await app.directory.importCompanies([line({ id: '838', name: 'Nissan', aliases: ['Nissan Motor'], country: 'JP' })]);
    expect(r.updated).toBe(1);
    expect((await app.store.companies.bySourceId('838'))?.aliases).toBe('["Nissan Motor"]');
  });
});

describe('tagging in the publish pipeline', () => {
  beforeEach(async () => {
    await app.directory.importCompanies(DIRECTORY);
  });
  it('records the companies an article mentions', async () => {
    const a = await app.pipeline.save(article({ headline: 'Nissan and RSM expand in Busan', body: 'Renault Samsung Motors will build the Rogue.' }));
    expect(await companyNames(a.id)).toEqual(['Nissan', 'Renault Samsung Motors']);
  });
  it('re-tags when the article changes', async () => {
    const base = article({ sourceId: 'x', headline: 'Dacia grows', body: 'Dacia sold more cars.' });
    const a = await app.pipeline.save(base);
    await app.pipeline.save({ ...base, headline: 'Infiniti grows', body: 'Infiniti sold more cars.' });
    expect(await companyNames(a.id)).toEqual(['Infiniti']);
  });
  it('keeps an editor’s block and pin through re-tagging', async () => {
    const base = article({ sourceId: 'p', headline: 'Renault news', body: 'Renault and Nissan talk.' });
    const a = await app.pipeline.save(base);
    const nissan = await app.store.companies.bySourceId('838');
    const dacia = await app.store.companies.bySourceId('1973');
    await app.store.companies.setEditorChoice(a.id, Number(nissan!.id), 'blocked');
    await app.store.companies.setEditorChoice(a.id, Number(dacia!.id), 'pinned');
    await app.pipeline.save({ ...base, body: 'Renault and Nissan talk again.' });
    expect(await companyNames(a.id)).toEqual(['Dacia', 'Renault']);
  });
  it('re-tags existing articles when a company is added', async () => {
    const a = await app.pipeline.save(article({ headline: 'Qualcomm and Renault sign MoU', body: 'Qualcomm Halo charging.' }));
    expect(await companyNames(a.id)).toEqual(['Renault']);
    await app.directory.importCompanies([line({ id: '77', name: 'Qualcomm' })]);
    const r = await app.directory.retagAll();
    expect(r.tagged).toBe(1);
    expect(await companyNames(a.id)).toEqual(['Qualcomm', 'Renault']);
  });
  it('offers unknown company-like names as suggestions with article counts', async () => {
    await app.pipeline.save(article({ body: 'Brightlane Systems Ltd won the contract.' }));
    await app.pipeline.save(article({ body: 'A deal for Brightlane Systems Ltd and Caldera Kerbside Ltd.' }));
    expect(await app.directory.suggestions()).toEqual([
      { key: 'brightlane systems ltd', name: 'Brightlane Systems Ltd', articles: 2 },
      { key: 'caldera kerbside ltd', name: 'Caldera Kerbside Ltd', articles: 1 },
    ]);
  });
});

describe('merging duplicates', () => {
  it('moves mentions, aliases, brands and the URL to the kept company', async () => {
    await app.directory.importCompanies([
      line({ id: '1', name: 'Renault', aliases: [] }),
      line({ id: '2', name: 'Renault SA', aliases: ['Groupe Renault'] }),
      line({ id: '3', name: 'Alpine', parent: '2' }),
    ]);
    const a = await app.pipeline.save(article({ body: 'Renault SA reported results.' }));
    const b = await app.pipeline.save(article({ body: 'Renault and Renault SA.' }));
    const result = await app.directory.merge('renault', '2');
    expect(result.keep.name).toBe('Renault');
    expect(result.articles.sort()).toEqual([a.id, b.id].sort());
    expect(await companyNames(a.id)).toEqual(['Renault']);
    expect(await app.store.companies.bySourceId('2')).toBeUndefined();
    const kept = await app.store.companies.bySourceId('1');
    expect(JSON.parse(kept!.aliases)).toEqual(['Renault SA', 'Groupe Renault']);
    expect((await app.store.companies.bySourceId('3'))?.parent_id).toBe(kept!.id);
    expect(await app.store.redirects.find('/companies/renault-sa')).toMatchObject({ to_path: '/companies/renault', status: 301 });
    // The merged name is now an alias: new text naming it tags the kept company.
    const c = await app.pipeline.save(article({ body: 'Groupe Renault and Renault SA again.' }));
    expect(await companyNames(c.id)).toEqual(['Renault']);
  });
  it('refuses to merge a company into itself or an unknown one', async () => {
    await app.directory.importCompanies([line({ id: '1', name: 'Renault' })]);
    await expect(app.directory.merge('1', 'renault')).rejects.toMatchObject({ code: 'MH_MERGE_SAME_COMPANY' });
    await expect(app.directory.merge('1', 'nope')).rejects.toMatchObject({ code: 'MH_COMPANY_NOT_FOUND' });
  });
});

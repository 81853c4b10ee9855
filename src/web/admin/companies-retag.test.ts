import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';

const EMPTY = { name: '', slug: '', aliases: '', parent: '', website: '', country: '', sector: '', description: '' };

describe('directory changes in the admin re-tag articles in the background', () => {
  let app: TestApp;
  let editor: Agent;
  beforeEach(async () => {
    app = await makeTestApp();
    editor = await signedIn(app, 'editor');
  });
  afterEach(() => app.close());

  const companiesOn = async (id: number) => ((await app.store.companies.companiesOf([id])).get(id) ?? []).map((c) => c.name);

  it('tags existing articles with a new company and its alias once the re-tag has run', async () => {
    const a = await app.pipeline.save(article({ headline: 'Brightlane wins a contract', body: 'Brightlane Systems will build chargers.' }));
    const b = await app.pipeline.save(article({ headline: 'BLS expands', body: 'BLS opened an office.' }));
    const before = await app.http.inject({ method: 'GET', url: `/news/${(await app.store.articles.findById(a.id))!.slug}` });
    expect(before.body).not.toContain('/companies/brightlane-systems');

    const res = await editor.post('/admin/companies/new', { ...EMPTY, name: 'Brightlane Systems', aliases: 'BLS' });
    expect(res.statusCode).toBe(303);
    await app.retagger.idle();
    expect(await companiesOn(a.id)).toEqual(['Brightlane Systems']);
    expect(await companiesOn(b.id)).toEqual(['Brightlane Systems']);
    // The page cache was emptied when the run finished.
    const after = await app.http.inject({ method: 'GET', url: `/news/${(await app.store.articles.findById(a.id))!.slug}` });
    expect(after.body).toContain('<a href="/companies/brightlane-systems">Brightlane Systems</a>');
    expect(await app.retagger.state()).toMatchObject({ runningOn: null, pending: false, done: 2, total: 2, error: null });

    // Renaming with a new alias re-tags again; dropping the alias untags the article that used it.
    const id = (await app.store.companies.bySlug('brightlane-systems'))!.id;
    await editor.post(`/admin/companies/${id}`, { ...EMPTY, name: 'Brightlane Systems', aliases: '' });
    await app.retagger.idle();
    expect(await companiesOn(b.id)).toEqual([]);
    expect(await companiesOn(a.id)).toEqual(['Brightlane Systems']);
  });

  it('shows the re-tag’s progress on the companies page, as any node records it', async () => {
    // Another node is half-way through a run.
    await app.store.jobs.request('retag');
    expect(await app.store.jobs.claim('retag', 'other-node', app.clock.now, 60_000)).toBe(true);
    await app.store.jobs.progress('retag', 'other-node', 1200, 8000, app.clock.now, 60_000);
    const page = await editor.get('/admin/companies');
    expect(page.body).toContain('<p class="retag-status" role="status">Re-tagging: 1,200 of 8,000 articles</p>');
    // This node's request waits for that run rather than starting a second one.
    await editor.post('/admin/companies/new', { ...EMPTY, name: 'Velora Motors' });
    await app.retagger.idle();
    expect((await editor.get('/admin/companies')).body).toContain('Re-tagging: 1,200 of 8,000 articles');
    await app.store.jobs.finish('retag', 'other-node', app.clock.now, null);
    expect((await editor.get('/admin/companies')).body).toContain('Re-tagging: queued, starting shortly');
    await app.retagger.kick();
    expect((await editor.get('/admin/companies')).body).toContain('All articles are tagged against the current directory.');
  });
});

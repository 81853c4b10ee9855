import { describe, expect, it } from 'vitest';
import { signedInEachTest } from '../../../test/admin-support.ts';
import { article } from '../../../test/support.ts';

const EMPTY = { name: '', slug: '', aliases: '', parent: '', website: '', country: '', sector: '', description: '' };

describe('directory changes in the admin re-tag articles in the background', () => {
  const t = signedInEachTest('editor');

  const companiesOn = async (id: number) => ((await t.app.store.companies.companiesOf([id])).get(id) ?? []).map((c) => c.name);

  it('tags existing articles with a new company and its alias once the re-tag has run', async () => {
    const a = await t.app.pipeline.save(article({ headline: 'Brightlane wins a contract', body: 'Brightlane Systems will build chargers.' }));
    const b = await t.app.pipeline.save(article({ headline: 'BLS expands', body: 'BLS opened an office.' }));
    const before = await t.app.http.inject({ method: 'GET', url: `/news/${(await t.app.store.articles.findById(a.id))!.slug}` });
    expect(before.body).not.toContain('/companies/brightlane-systems');

    const res = await t.agent.post('/admin/companies/new', { ...EMPTY, name: 'Brightlane Systems', aliases: 'BLS' });
    expect(res.statusCode).toBe(303);
    await t.app.retagger.idle();
    expect(await companiesOn(a.id)).toEqual(['Brightlane Systems']);
    expect(await companiesOn(b.id)).toEqual(['Brightlane Systems']);
    // The page cache was emptied when the run finished.
    const after = await t.app.http.inject({ method: 'GET', url: `/news/${(await t.app.store.articles.findById(a.id))!.slug}` });
    expect(after.body).toContain('<a href="/companies/brightlane-systems">Brightlane Systems</a>');
    expect(await t.app.retagger.state()).toMatchObject({ runningOn: null, pending: false, done: 2, total: 2, error: null });

    // Renaming with a new alias re-tags again; dropping the alias untags the article that used it.
    const id = (await t.app.store.companies.bySlug('brightlane-systems'))!.id;
    await t.agent.post(`/admin/companies/${id}`, { ...EMPTY, name: 'Brightlane Systems', aliases: '' });
    await t.app.retagger.idle();
    expect(await companiesOn(b.id)).toEqual([]);
    expect(await companiesOn(a.id)).toEqual(['Brightlane Systems']);
  });

  it('shows the re-tag’s progress on the companies page, as any node records it', async () => {
    // Another node is half-way through a run.
    await t.app.store.jobs.request('retag');
    expect(await t.app.store.jobs.claim('retag', 'other-node', t.app.clock.now, 60_000)).toBe(true);
    await t.app.store.jobs.progress('retag', 'other-node', 1200, 8000, t.app.clock.now, 60_000);
    const page = await t.agent.get('/admin/companies');
    expect(page.body).toContain('<p class="retag-status" role="status">Re-tagging: 1,200 of 8,000 articles</p>');
    // This node's request waits for that run rather than starting a second one.
    await t.agent.post('/admin/companies/new', { ...EMPTY, name: 'Velora Motors' });
    await t.app.retagger.idle();
    expect((await t.agent.get('/admin/companies')).body).toContain('Re-tagging: 1,200 of 8,000 articles');
    await t.app.store.jobs.finish('retag', 'other-node', t.app.clock.now, null);
    expect((await t.agent.get('/admin/companies')).body).toContain('Re-tagging: queued, starting shortly');
    await t.app.retagger.kick();
    expect((await t.agent.get('/admin/companies')).body).toContain('All articles are tagged against the current directory.');
  });
});

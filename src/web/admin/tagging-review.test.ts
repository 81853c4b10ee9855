import { beforeEach, describe, expect, it } from 'vitest';
import { signedIn, signedInEachTest } from '../../../test/admin-support.ts';

const FIELDS = {
  headline: 'Renault and Nissan expand charging',
  standfirst: '',
  body: 'Renault and Nissan will build chargers with Brightlane Systems Ltd in Lyon.',
  section: '',
  tags: '',
  authors: '',
  slug: '',
};

describe('admin company tagging review', () => {
  const t = signedInEachTest('editor', (app) =>
    app.directory.importCompanies([
      JSON.stringify({ id: '2453', name: 'Renault', aliases: [] }),
      JSON.stringify({ id: '838', name: 'Nissan', aliases: [] }),
      JSON.stringify({ id: '77', name: 'Velora Motors', aliases: [] }),
    ]),
  );
  beforeEach(() => t.agent.post('/admin/articles/new', { ...FIELDS, action: 'publish' }));

  const publicCompanies = async () => {
    const page = await t.app.http.inject({ method: 'GET', url: `/news/${(await t.app.store.articles.findById(1))!.slug}` });
    expect(page.statusCode).toBe(200);
    return [...new Set([...page.body.matchAll(/<a href="\/companies\/([a-z-]+)"/g)].map((m) => m[1]))].sort();
  };

  it('shows the companies the tagger found, and blocks, pins and adds them; the public page follows', async () => {
    const form = await t.agent.get('/admin/articles/1');
    expect(form.body).toContain('<h2 id="companies-title">Companies</h2>');
    expect(form.body).toContain('<td><a href="/companies/nissan">Nissan</a></td><td>found by the tagger</td><td>2</td>');
    expect(await publicCompanies()).toEqual(['nissan', 'renault']);

    const nissan = (await t.app.store.companies.bySlug('nissan'))!;
    expect((await t.agent.post('/admin/articles/1/companies', { companyId: String(nissan.id), choice: 'blocked' })).statusCode).toBe(303);
    expect(await publicCompanies()).toEqual(['renault']);
    expect((await t.agent.get('/admin/articles/1')).body).toContain('<td><a href="/companies/nissan">Nissan</a></td><td>blocked</td>');

    // Saving again keeps the editor's block.
    await t.agent.post('/admin/articles/1', { ...FIELDS, body: `${FIELDS.body} Nissan again.`, action: 'publish' });
    expect(await publicCompanies()).toEqual(['renault']);

    await t.agent.post('/admin/articles/1/companies', { add: 'Velora Motors' });
    expect(await publicCompanies()).toEqual(['renault', 'velora-motors']);
    const unknown = await t.agent.post('/admin/articles/1/companies', { add: 'Nobody Inc' });
    expect(unknown.headers.location).toBe('/admin/articles/1?company=unknown#companies-title');
    expect((await t.agent.get('/admin/articles/1?company=unknown')).body).toContain('<p class="error" id="add-company-error">No company with that name in the directory.</p>');

    await t.agent.post('/admin/articles/1/companies', { companyId: String(nissan.id), choice: 'clear' });
    expect((await t.agent.get('/admin/articles/1')).body).not.toContain('<td>blocked</td>');
    const audit = await t.app.store.operations.auditOf('article:1');
    expect(audit.filter((a) => a.action.startsWith('article.company.')).map((a) => a.action)).toEqual(['article.company.blocked', 'article.company.pinned', 'article.company.clear']);
  });

  it('finds directory companies as the editor types, and pins or blocks one by id, slug or name', async () => {
    await t.app.directory.importCompanies([
      JSON.stringify({ id: '90', name: 'Nordline', aliases: ['Nordline Freight'] }),
      JSON.stringify({ id: '91', name: 'Nordline', aliases: [] }),
      JSON.stringify({ id: '92', name: 'Velora Energy', aliases: [] }),
    ]);
    const lookup = async (q: string) => {
      const res = await t.agent.get(`/admin/companies/lookup?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      return (JSON.parse(res.body) as { companies: { id: number; slug: string; name: string }[] }).companies;
    };
    expect((await lookup('VELORA')).map((c) => c.name)).toEqual(['Velora Energy', 'Velora Motors']);
    expect((await lookup('freight')).map((c) => c.name)).toEqual(['Nordline']);
    expect(await lookup('%')).toEqual([]);
    expect(await lookup('  ')).toEqual([]);
    const nordlines = await lookup('nordline');
    expect(nordlines.map((c) => c.name)).toEqual(['Nordline', 'Nordline']);
    expect(new Set(nordlines.map((c) => c.slug)).size).toBe(2);

    // Picked from the list: by id, as a block.
    expect((await t.agent.post('/admin/articles/1/companies', { add: 'Nordline', companyId: String(nordlines[1]!.id), choice: 'blocked' })).statusCode).toBe(303);
    expect((await t.agent.get('/admin/articles/1')).body).toContain(`<td><a href="/companies/${nordlines[1]!.slug}">Nordline</a></td><td>blocked</td>`);
    // Typed without the script: a shared name is refused with the reason, a slug is exact.
    const several = await t.agent.post('/admin/articles/1/companies', { add: 'NORDLINE', choice: 'pinned' });
    expect(several.headers.location).toBe('/admin/articles/1?company=several#companies-title');
    expect((await t.agent.get('/admin/articles/1?company=several')).body).toContain('<p class="error" id="add-company-error">Several companies have that name: choose one from the list, or give its slug.</p>');
    await t.agent.post('/admin/articles/1/companies', { add: nordlines[0]!.slug, choice: 'pinned' });
    expect((await t.agent.get('/admin/articles/1')).body).toContain(`<td><a href="/companies/${nordlines[0]!.slug}">Nordline</a></td><td>pinned</td>`);
    // A name in any case blocks too.
    await t.agent.post('/admin/articles/1/companies', { add: 'velora energy', choice: 'blocked' });
    expect((await t.agent.get('/admin/articles/1')).body).toContain('<td><a href="/companies/velora-energy">Velora Energy</a></td><td>blocked</td>');

    const contributor = await signedIn(t.app, 'contributor');
    expect((await contributor.get('/admin/companies/lookup?q=velora')).statusCode).toBe(403);
  });

  it('accepts a suggestion: a new directory company, tagged on the articles that named it', async () => {
    const page = await t.agent.get('/admin/companies/suggestions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<td>Brightlane Systems Ltd</td><td>1</td>');
    const key = /name="key" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await t.agent.post('/admin/companies/suggestions', { key, decision: 'accepted' });
    expect(res.headers.location).toBe('/admin/companies/suggestions?done=accepted');
    const company = (await t.app.store.companies.bySourceId('suggested-brightlane-systems-ltd'))!;
    expect(company.name).toBe('Brightlane Systems Ltd');
    // The articles are tagged by the background re-tag, not inside the request.
    await t.app.retagger.idle();
    expect(await publicCompanies()).toContain(company.slug);
    expect((await t.agent.get('/admin/companies/suggestions')).body).toContain('No suggestions waiting.');
  });

  it('dismisses a suggestion', async () => {
    const key = /name="key" value="([^"]+)"/.exec((await t.agent.get('/admin/companies/suggestions')).body)![1]!;
    await t.agent.post('/admin/companies/suggestions', { key, decision: 'dismissed' });
    expect(await t.app.store.companies.suggestions(10)).toEqual([]);
    expect(await t.app.store.companies.bySourceId('suggested-brightlane-systems-ltd')).toBeUndefined();
  });

  it('keeps contributors out of tagging review (403)', async () => {
    const contributor = await signedIn(t.app, 'contributor');
    expect((await contributor.get('/admin/companies/suggestions')).statusCode).toBe(403);
    expect((await contributor.post('/admin/articles/1/companies', { add: 'Velora Motors' })).statusCode).toBe(403);
  });
});

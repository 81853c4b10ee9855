import { describe, expect, it } from 'vitest';
import { signedIn, signedInEachTest } from '../../../test/admin-support.ts';

const FIELDS = { headline: 'Renault and Nissan expand charging', standfirst: '', body: 'Renault and Nissan will build chargers in Lyon.', section: '', tags: '', authors: '', slug: '' };

describe('admin companies found as the editor types', () => {
  const t = signedInEachTest('editor', (app) =>
    app.directory.importCompanies([
      JSON.stringify({ id: '2453', name: 'Renault', aliases: [] }),
      JSON.stringify({ id: '838', name: 'Nissan', aliases: [] }),
      JSON.stringify({ id: '77', name: 'Velora Motors', aliases: ['Velora'] }),
    ]),
  );

  const company = (slug: string) => t.app.store.companies.bySlug(slug).then((c) => Number(c!.id));

  it('tags the posted text of a new article without saving anything', async () => {
    const res = await t.agent.post('/admin/articles/found-companies', { ...FIELDS, headline: 'Charging news', body: 'Renault and Velora Motors; Velora again, and Renault.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      companies: [
        { id: await company('renault'), slug: 'renault', name: 'Renault', origin: 'auto', mentions: 2 },
        { id: await company('velora-motors'), slug: 'velora-motors', name: 'Velora Motors', origin: 'auto', mentions: 2 },
      ],
    });
    expect(await t.app.store.articles.allIds()).toEqual([]);
    // The new-article form lists them in the same panel (without Pin/Block until there is an article).
    const form = await t.agent.get('/admin/articles/new');
    expect(form.body).toContain('<div id="companies-found"><p>The tagger found no directory company in this article.</p></div>');
    expect(form.body).toContain('Save the draft to pin or block a company, or to add one by hand.');
  });

  it('applies the article’s blocks and pins to the unsaved text; blocking goes through the panel’s form', async () => {
    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    const nissan = await company('nissan');
    const velora = await company('velora-motors');
    await t.agent.post('/admin/articles/1/companies', { companyId: String(nissan), choice: 'blocked' });
    await t.agent.post('/admin/articles/1/companies', { companyId: String(velora), choice: 'pinned' });
    const res = await t.agent.post('/admin/articles/1/found-companies', { ...FIELDS, body: 'Nissan, Nissan and Renault.' });
    expect(res.json().companies).toEqual([
      { id: nissan, slug: 'nissan', name: 'Nissan', origin: 'blocked', mentions: 3 },
      { id: await company('renault'), slug: 'renault', name: 'Renault', origin: 'auto', mentions: 2 },
      { id: velora, slug: 'velora-motors', name: 'Velora Motors', origin: 'pinned', mentions: 0 },
    ]);
    // Still what was saved: the live list changed nothing.
    expect((await t.app.store.articles.findById(1))!.body).toBe(FIELDS.body);
  });

  it('is for editors only, and needs the CSRF token', async () => {
    const contributor = await signedIn(t.app, 'contributor');
    expect((await contributor.post('/admin/articles/found-companies', FIELDS)).statusCode).toBe(403);
    expect((await contributor.get('/admin/articles/new')).body).not.toContain('id="companies"');
    const forged = await t.app.http.inject({
      method: 'POST',
      url: '/admin/articles/found-companies',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: t.agent.cookie },
      payload: new URLSearchParams(FIELDS).toString(),
    });
    expect(forged.statusCode).toBe(403);
  });
});

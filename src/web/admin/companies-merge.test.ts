import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';

const line = (o: Record<string, unknown>) => JSON.stringify(o);

describe('admin company merge', () => {
  let app: TestApp;
  let editor: Agent;
  let keep: number;
  let drop: number;
  beforeEach(async () => {
    app = await makeTestApp();
    await app.directory.importCompanies([
      line({ id: '1', name: 'Renault', aliases: [] }),
      line({ id: '2', name: 'Renault SA', aliases: ['Groupe Renault', 'RSA'] }),
      line({ id: '3', name: 'Alpine', parent: '2' }),
      line({ id: '4', name: 'Nissan' }),
    ]);
    keep = Number((await app.store.companies.bySourceId('1'))!.id);
    drop = Number((await app.store.companies.bySourceId('2'))!.id);
    editor = await signedIn(app, 'editor');
  });
  afterEach(() => app.close());

  it('shows what will happen, then merges through the directory service and re-tags in the background', async () => {
    const a = await app.pipeline.save(article({ body: 'Renault SA reported results.' }));
    await app.pipeline.save(article({ body: 'Groupe Renault and Renault met.' }));
    const start = await editor.get(`/admin/companies/${drop}/merge`);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('<h1>Merge Renault SA</h1>');

    const preview = await editor.post(`/admin/companies/${drop}/merge`, { into: 'renault' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<h1>Merge Renault SA into Renault?</h1>');
    expect(preview.body).toContain('<li>2 articles that mention Renault SA will be tagged with Renault instead.</li>');
    expect(preview.body).toContain('<li>These names become aliases of Renault: Renault SA, Groupe Renault, RSA.</li>');
    expect(preview.body).toContain('<li>Brands and subsidiaries that move to Renault: Alpine.</li>');
    expect(preview.body).toContain('<li>The address /companies/renault-sa will redirect to /companies/renault.</li>');
    // Nothing has changed yet.
    expect(await app.store.companies.byId(drop)).toBeDefined();

    const done = await editor.post(`/admin/companies/${drop}/merge`, { into: 'renault', confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/companies/${keep}?done=merged`);
    expect(await app.store.companies.byId(drop)).toBeUndefined();
    expect(JSON.parse((await app.store.companies.byId(keep))!.aliases)).toEqual(['Renault SA', 'Groupe Renault', 'RSA']);
    expect((await app.store.companies.bySourceId('3'))!.parent_id).toBe(keep);
    const old = await app.http.inject({ method: 'GET', url: '/companies/renault-sa' });
    expect([old.statusCode, old.headers.location]).toEqual([301, '/companies/renault']);
    expect(await app.store.operations.auditOf('company:2')).toEqual([
      { at: expect.any(Number), actor: 'editor@example.com', action: 'company.merge', subject: 'company:2', details: { into: 'company:1', name: 'Renault SA', articles: 2 } },
    ]);
    await app.retagger.idle();
    expect(((await app.store.companies.companiesOf([a.id])).get(a.id) ?? []).map((c) => c.name)).toEqual(['Renault']);
    expect((await editor.get('/admin/companies')).body).toContain('All articles are tagged against the current directory.');
  });

  it('refuses an unknown company, the company itself, and a missing choice, next to the field', async () => {
    for (const [into, message] of [
      ['Nobody', 'No company with that name in the directory.'],
      ['Renault SA', 'Choose another company: a company cannot be merged into itself.'],
      ['', 'Choose the company to merge into.'],
    ]) {
      const res = await editor.post(`/admin/companies/${drop}/merge`, { into: into!, confirm: 'yes' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(`<p class="error" id="into-error">${message}</p>`);
    }
    expect(await app.store.companies.byId(drop)).toBeDefined();
  });

  it('merges a parent into its own brand without making the brand its own parent', async () => {
    const alpine = Number((await app.store.companies.bySourceId('3'))!.id);
    await editor.post(`/admin/companies/${drop}/merge`, { into: 'alpine', confirm: 'yes' });
    expect((await app.store.companies.byId(alpine))!.parent_id).toBeNull();
    await app.retagger.idle();
  });

  it('keeps contributors out (403)', async () => {
    const contributor = await signedIn(app, 'contributor');
    expect((await contributor.post(`/admin/companies/${drop}/merge`, { into: 'renault', confirm: 'yes' })).statusCode).toBe(403);
    expect(await app.store.companies.byId(drop)).toBeDefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, FORM, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';

const EMPTY = { name: '', slug: '', aliases: '', parent: '', website: '', country: '', sector: '', description: '' };
const line = (o: Record<string, unknown>) => JSON.stringify(o);

describe('admin company directory: list, create, edit', () => {
  let app: TestApp;
  let editor: Agent;
  beforeEach(async () => {
    app = await makeTestApp();
    await app.directory.importCompanies([
      line({ id: '2453', name: 'Renault', aliases: ['Groupe Renault'], website: 'https://www.renault.example' }),
      line({ id: '838', name: 'Nissan' }),
      line({ id: '1973', name: 'Dacia', parent: '2453' }),
    ]);
    editor = await signedIn(app, 'editor');
  });
  afterEach(() => app.close());

  const idOf = async (slug: string) => Number((await app.store.companies.bySlug(slug))!.id);

  it('lists the directory with article counts, searches names and aliases, and pages', async () => {
    await app.pipeline.save(article({ body: 'Renault and Dacia report sales.' }));
    const page = await editor.get('/admin/companies');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a class="button" href="/admin/companies/new">New company</a>');
    expect(page.body).toContain(`<td><a href="/admin/companies/${await idOf('renault')}">Renault</a></td><td>Groupe Renault</td><td>1</td>`);
    expect(page.body).toContain(`<td><a href="/admin/companies/${await idOf('nissan')}">Nissan</a></td><td></td><td>0</td>`);
    expect(page.body).toContain('<a href="/admin/companies">Companies</a>');

    const byAlias = await editor.get('/admin/companies?q=groupe');
    expect(byAlias.body).toContain('1 company matching “groupe”');
    expect(byAlias.body).toContain('>Renault</a>');
    expect(byAlias.body).not.toContain('>Nissan</a>');
    // LIKE wildcards are searched for literally.
    expect((await editor.get('/admin/companies?q=%25')).body).toContain('0 companies matching “%”');

    await app.directory.importCompanies(Array.from({ length: 55 }, (_, i) => line({ id: `g${i}`, name: `Generated Company ${String(i).padStart(2, '0')}` })));
    const first = await editor.get('/admin/companies');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('<a rel="next" href="/admin/companies?page=2">Next page</a>');
    const second = await editor.get('/admin/companies?page=2');
    expect(second.body).toContain('>Renault</a>');
    expect(second.body).toContain('<a rel="prev" href="/admin/companies?page=1">Previous page</a>');
  });

  it('creates a company (slug from the name, made unique) and audits it', async () => {
    const res = await editor.post('/admin/companies/new', { ...EMPTY, name: 'Renault', aliases: 'Renault SAS\n\nrenault sas\nRNO', parent: '', website: 'https://group.renault.example' });
    expect(res.statusCode).toBe(303);
    const created = (await app.store.companies.byName('Renault')).at(-1)!;
    expect(res.headers.location).toBe(`/admin/companies/${created.id}?done=created`);
    expect(created).toMatchObject({ slug: 'renault-0', source_id: `mh-${created.id}`, aliases: '["Renault SAS","RNO"]', website: 'https://group.renault.example', country: null });
    const page = await editor.get(res.headers.location as string);
    expect(page.body).toContain('<p class="notice" role="status">Company added. Articles are being re-tagged in the background.</p>');
    expect(await app.store.operations.auditOf(`company:mh-${created.id}`)).toEqual([
      { at: expect.any(Number), actor: 'editor@example.com', action: 'company.create', subject: `company:mh-${created.id}`, details: { name: 'Renault', slug: 'renault-0' } },
    ]);
    await app.retagger.idle();
  });

  it('shows every field’s error next to it and saves nothing', async () => {
    const res = await editor.post('/admin/companies/new', {
      ...EMPTY,
      name: '  ',
      slug: 'Bad Slug!',
      aliases: 'x'.repeat(301),
      parent: 'Nobody Ltd',
      website: 'javascript:alert(1)',
      description: 'd'.repeat(20_001),
    });
    expect(res.statusCode).toBe(422);
    for (const [field, message] of [
      ['name', 'Give the company’s name.'],
      ['slug', 'Use only lower-case letters, digits and hyphens.'],
      ['aliases', 'Keep each alias to 300 characters or fewer.'],
      ['parent', 'No company with that name in the directory.'],
      ['website', 'Give a full web address starting with https:// or http://.'],
      ['description', 'Keep the description to 20,000 characters or fewer.'],
    ]) {
      expect(res.body).toContain(`<p class="error" id="${field}-error">${message}</p>`);
      expect(res.body).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    }
    expect(res.body).toContain('value="Nobody Ltd"');
    expect((await app.store.companies.list(undefined, 100, 0)).total).toBe(3);
    const alias = await editor.post('/admin/companies/new', { ...EMPTY, name: 'Acme', aliases: 'ACME' });
    expect(alias.body).toContain('<p class="error" id="aliases-error">An alias cannot be the company’s own name.</p>');
  });

  it('edits a company: a new slug keeps the old URL as a redirect; the parent is chosen by name; brands show', async () => {
    const renault = await idOf('renault');
    const nissan = await idOf('nissan');
    const page = await editor.get(`/admin/companies/${renault}`);
    expect(page.body).toContain('<h2 id="brands-title">Brands and subsidiaries</h2><ul><li><a href="/admin/companies/');
    expect(page.body).toContain('>Dacia</a></li></ul>');
    expect(page.body).toContain('Groupe Renault</textarea>');

    const res = await editor.post(`/admin/companies/${renault}`, { ...EMPTY, name: 'Renault Group', slug: 'renault-group', aliases: 'Groupe Renault', parent: 'nissan', website: 'https://www.renault.example' });
    expect(res.headers.location).toBe(`/admin/companies/${renault}?done=saved`);
    const row = (await app.store.companies.byId(renault))!;
    expect(row).toMatchObject({ name: 'Renault Group', slug: 'renault-group', parent_id: nissan });
    expect(await app.store.redirects.find('/companies/renault')).toMatchObject({ to_path: '/companies/renault-group', status: 301 });
    const old = await app.http.inject({ method: 'GET', url: '/companies/renault' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/companies/renault-group');
    const profile = await app.http.inject({ method: 'GET', url: '/companies/nissan' });
    expect(profile.body).toContain('<a href="/companies/renault-group">Renault Group</a>');
    const edit = await editor.get(`/admin/companies/${renault}`);
    expect(edit.body).toContain('id="parent" name="parent" type="text" value="Nissan"');
    expect((await app.store.operations.auditOf('company:2453')).map((a) => [a.action, a.details])).toEqual([
      ['company.update', { changed: ['name', 'slug', 'parent'], slug: 'renault-group' }],
    ]);

    // A form without changes saves nothing new and keeps the slug.
    await editor.post(`/admin/companies/${renault}`, { ...EMPTY, name: 'Renault Group', slug: '', aliases: 'Groupe Renault', parent: 'Nissan', website: 'https://www.renault.example' });
    expect((await app.store.companies.byId(renault))!.slug).toBe('renault-group');
    await app.retagger.idle();
  });

  it('refuses a company as its own parent and parents that would make a loop', async () => {
    const renault = await idOf('renault');
    const self = await editor.post(`/admin/companies/${renault}`, { ...EMPTY, name: 'Renault', parent: 'Renault' });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('<p class="error" id="parent-error">A company cannot be its own parent.</p>');
    const loop = await editor.post(`/admin/companies/${renault}`, { ...EMPTY, name: 'Renault', parent: 'Dacia' });
    expect(loop.statusCode).toBe(422);
    expect(loop.body).toContain('<p class="error" id="parent-error">Dacia is a brand or subsidiary of this company, so it cannot also be its parent.</p>');
    expect((await app.store.companies.byId(renault))!.parent_id).toBeNull();
  });

  it('renders whatever an editor types as text on the public profile', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await editor.post('/admin/companies/new', { ...EMPTY, name: `Evil ${payload}`, aliases: payload, sector: payload, description: payload, website: 'https://ok.example/"onmouseover="alert(3)' });
    expect(res.statusCode).toBe(303);
    const profile = await app.http.inject({ method: 'GET', url: '/companies/evil-script-alert-1-script-img-src-x-onerror-alert-2' });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).not.toContain('<script>alert');
    expect(profile.body).not.toContain('<img src=x');
    expect(profile.body).not.toContain('"onmouseover="');
    expect(profile.body).toContain('&lt;script>alert(1)&lt;/script>');
    await app.retagger.idle();
  });

  it('keeps contributors out (403) and refuses a post without the CSRF token', async () => {
    const contributor = await signedIn(app, 'contributor');
    const renault = await idOf('renault');
    for (const url of ['/admin/companies', '/admin/companies/new', `/admin/companies/${renault}`, `/admin/companies/${renault}/merge`]) {
      expect((await contributor.get(url)).statusCode).toBe(403);
    }
    expect((await contributor.post('/admin/companies/new', { ...EMPTY, name: 'Sneaky Ltd' })).statusCode).toBe(403);
    expect((await contributor.post(`/admin/companies/${renault}`, { ...EMPTY, name: 'Renamed' })).statusCode).toBe(403);
    expect((await contributor.get('/admin')).body).not.toContain('<a href="/admin/companies">');
    const noToken = await app.http.inject({ method: 'POST', url: '/admin/companies/new', headers: { ...FORM, cookie: editor.cookie }, payload: 'name=Sneaky+Ltd' });
    expect(noToken.statusCode).toBe(403);
    const wrongToken = await app.http.inject({ method: 'POST', url: '/admin/companies/new', headers: { ...FORM, cookie: editor.cookie }, payload: '_csrf=nope&name=Sneaky+Ltd' });
    expect(wrongToken.statusCode).toBe(403);
    expect((await app.store.companies.byName('Sneaky Ltd')).length).toBe(0);
    expect((await editor.get('/admin/companies/999')).statusCode).toBe(404);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { article, makeTestApp, type TestApp } from '../../../test/support.ts';

describe('admin sections and tags', () => {
  let app: TestApp;
  let editor: Agent;
  beforeEach(async () => {
    app = await makeTestApp();
    editor = await signedIn(app, 'editor');
    await app.pipeline.save(article({ headline: 'Tolling one', section: 'Tolling', tags: ['ANPR', 'Electric vehicles'] }));
    await app.pipeline.save(article({ headline: 'Tolling two', section: 'Tolling', tags: ['ANPR', 'EVs'] }));
    await app.pipeline.save(article({ headline: 'Parking draft', section: 'Parking', tags: ['EVs'], status: 'draft' }));
  });
  afterEach(() => app.close());

  const idOf = async (kind: 'sections' | 'tags', slug: string) => (await app.store.terms.bySlug(kind, slug))!.id;

  it('lists sections and tags with their article counts, by name or by use, filtered by name', async () => {
    const sections = await editor.get('/admin/sections');
    expect(sections.statusCode).toBe(200);
    expect(sections.body).toContain(`<td><a href="/admin/sections/${await idOf('sections', 'parking')}">Parking</a></td><td>parking</td><td>1</td><td>0</td>`);
    expect(sections.body).toContain(`<td><a href="/admin/sections/${await idOf('sections', 'tolling')}">Tolling</a></td><td>tolling</td><td>2</td><td>2</td>`);
    const byUse = await editor.get('/admin/tags?sort=articles');
    const order = [...byUse.body.matchAll(/<td><a href="\/admin\/tags\/\d+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['ANPR', 'EVs', 'Electric vehicles']);
    const filtered = await editor.get('/admin/tags?q=E');
    expect(filtered.body).toContain('<p role="status">2 tags</p>');
    expect((await editor.get('/admin/tags?q=100%25')).body).toContain('<p role="status">0 tags</p>');
    expect((await editor.get('/admin/tags?sort=bogus')).statusCode).toBe(400);
  });

  it('renames a section, changes its slug and description: the old address and feed redirect (301), pages show the change', async () => {
    const id = await idOf('sections', 'tolling');
    expect((await app.http.inject({ method: 'GET', url: '/sections/tolling' })).statusCode).toBe(200);
    const res = await editor.post(`/admin/sections/${id}`, { name: 'Road pricing', slug: 'road-pricing', description: 'Tolls, charges and the gantries behind them.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/sections/${id}?done=saved`);
    const moved = await app.http.inject({ method: 'GET', url: '/sections/tolling' });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/sections/road-pricing');
    expect((await app.http.inject({ method: 'GET', url: '/sections/tolling/feed.xml' })).headers.location).toBe('/sections/road-pricing/feed.xml');
    const page = await app.http.inject({ method: 'GET', url: '/sections/road-pricing' });
    expect(page.body).toContain('Road pricing');
    expect(page.body).toContain('Tolls, charges and the gantries behind them.');
    expect((await app.http.inject({ method: 'GET', url: '/news/tolling-one' })).body).toContain('<a href="/sections/road-pricing">Road pricing</a>');
    // The editor's section field still finds it by its new name.
    await editor.post('/admin/articles/new', { headline: 'New pricing story', body: 'Words.', section: 'Road pricing', action: 'publish' });
    expect((await app.store.articles.findBySlug('new-pricing-story'))!.section_id).toBe(id);
    expect((await app.store.operations.auditOf(`section:${id}`)).map((a) => [a.actor, a.action, a.details])).toEqual([
      ['editor@example.com', 'section.update', { from: { name: 'Tolling', slug: 'tolling' }, name: 'Road pricing', slug: 'road-pricing' }],
    ]);
  });

  it('empties the page cache when a section changes', async () => {
    const id = await idOf('sections', 'tolling');
    await app.http.inject({ method: 'GET', url: '/' });
    expect(app.pageCache.size).toBe(1);
    await editor.post(`/admin/sections/${id}`, { name: 'Road pricing', slug: 'tolling', description: '' });
    expect(app.pageCache.size).toBe(0);
    expect((await app.http.inject({ method: 'GET', url: '/' })).body).toContain('Road pricing');
  });

  it('shows each error next to its field and saves nothing', async () => {
    const id = await idOf('sections', 'tolling');
    const res = await editor.post(`/admin/sections/${id}`, { name: '  ', slug: 'Not A Slug', description: 'd'.repeat(501) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="alert" role="alert">3 fields need attention. Nothing was saved.</p>');
    expect(res.body).toContain('<p class="error" id="name-error">Give the section a name.</p>');
    expect(res.body).toContain('<p class="error" id="slug-error">Use 1 to 100 lower-case letters, digits and hyphens.</p>');
    expect(res.body).toContain('<p class="error" id="description-error">Keep the description to 500 characters or fewer.</p>');
    const taken = await editor.post(`/admin/sections/${id}`, { name: 'Tolling', slug: 'parking', description: '' });
    expect(taken.body).toContain('<p class="error" id="slug-error">Another section (“Parking”) uses this slug.</p>');
    expect((await app.store.terms.byId('sections', id))!).toMatchObject({ name: 'Tolling', slug: 'tolling' });
  });

  it('deletes a tag or section only when no article uses it', async () => {
    const anpr = await idOf('tags', 'anpr');
    const page = await editor.get(`/admin/tags/${anpr}`);
    expect(page.body).toContain('Only a tag no article uses can be deleted; merge it into another tag instead.');
    const refused = await editor.post(`/admin/tags/${anpr}/delete`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This tag is used by 2 articles; it can be deleted only when unused.');
    await app.pipeline.save({ ...article({ headline: 'Parking draft', section: 'Tolling', tags: [], status: 'draft' }) }, 3);
    const parking = await idOf('sections', 'parking');
    const done = await editor.post(`/admin/sections/${parking}/delete`, {});
    expect(done.headers.location).toBe('/admin/sections?done=deleted');
    expect(await app.store.terms.byId('sections', parking)).toBeUndefined();
    expect((await app.store.operations.auditOf(`section:${parking}`)).map((a) => a.action)).toEqual(['section.delete']);
    expect((await editor.get(`/admin/sections/${parking}`)).statusCode).toBe(404);
  });

  it('merges a tag into another: its articles move, its address redirects, the tag is gone', async () => {
    const evs = await idOf('tags', 'evs');
    const electric = await idOf('tags', 'electric-vehicles');
    const none = await editor.post(`/admin/tags/${evs}/merge`, { into: 'no such tag' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<p class="error" id="into-error">No tag with that name or slug.</p>');
    const self = await editor.post(`/admin/tags/${evs}/merge`, { into: 'EVs' });
    expect(self.body).toContain('<p class="error" id="into-error">Choose another tag: a tag cannot be merged into itself.</p>');
    const res = await editor.post(`/admin/tags/${evs}/merge`, { into: 'Electric Vehicles' });
    expect(res.headers.location).toBe(`/admin/tags/${electric}?done=merged`);
    expect(await app.store.terms.byId('tags', evs)).toBeUndefined();
    expect((await app.store.terms.byId('tags', electric))!).toMatchObject({ articles: 3, published: 2 });
    const moved = await app.http.inject({ method: 'GET', url: '/tags/evs' });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/tags/electric-vehicles');
    expect((await app.http.inject({ method: 'GET', url: '/tags/electric-vehicles' })).body).toContain('Tolling two');
    expect((await app.store.operations.auditOf(`tag:${evs}`)).map((a) => [a.action, a.details])).toEqual([
      ['tag.merge', { name: 'EVs', slug: 'evs', into: { id: electric, slug: 'electric-vehicles' }, articles: 2 }],
    ]);
  });

  it('keeps contributors out (403) and wants the CSRF token', async () => {
    const contributor = await signedIn(app, 'contributor');
    const id = await idOf('tags', 'anpr');
    expect((await contributor.get('/admin/tags')).statusCode).toBe(403);
    expect((await contributor.get(`/admin/tags/${id}`)).statusCode).toBe(403);
    expect((await contributor.post(`/admin/tags/${id}`, { name: 'X', slug: 'x' })).statusCode).toBe(403);
    expect((await contributor.post(`/admin/tags/${id}/merge`, { into: 'evs' })).statusCode).toBe(403);
    expect((await contributor.get('/admin')).body).not.toContain('href="/admin/sections"');
    const forged = await app.http.inject({
      method: 'POST',
      url: `/admin/tags/${id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: editor.cookie },
      payload: 'name=Forged&slug=forged',
    });
    expect(forged.statusCode).toBe(403);
    expect((await app.store.terms.byId('tags', id))!.name).toBe('ANPR');
  });
});

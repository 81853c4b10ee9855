import { describe, expect, it } from 'vitest';
import { signedInEachTest } from '../../../test/admin-support.ts';

const FIELDS = { headline: 'First headline', standfirst: 'First standfirst.', body: 'First body.', section: 'Tolling', tags: '', authors: 'Ada', slug: '' };

describe('admin revisions and preview', () => {
  const t = signedInEachTest('editor');

  it('lists revisions newest first and restores an old one as a new revision', async () => {
    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'publish' });
    t.app.clock.now += 60_000;
    await t.agent.post('/admin/articles/1', { ...FIELDS, headline: 'Second headline', body: 'Second body.', action: 'publish' });
    const list = await t.agent.get('/admin/articles/1/revisions');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<h1>Revisions of “Second headline”</h1>');
    const forms = [...list.body.matchAll(/action="(\/admin\/articles\/1\/revisions\/(\d+)\/restore)"/g)];
    expect(forms.map((m) => m[1])).toEqual(['/admin/articles/1/revisions/1/restore']);

    t.app.clock.now += 60_000;
    const res = await t.agent.post('/admin/articles/1/revisions/1/restore', {});
    expect(res.headers.location).toBe('/admin/articles/1?done=restore');
    expect(await t.app.store.articles.findById(1)).toMatchObject({ headline: 'First headline', body: 'First body.', status: 'published', slug: 'first-headline' });
    const page = await t.app.http.inject({ method: 'GET', url: '/news/first-headline' });
    expect(page.body).toContain('<h1>First headline</h1>');
    expect((await t.app.store.revisions.list(1)).map((r) => r.headline)).toEqual(['First headline', 'Second headline', 'First headline']);
    expect((await t.app.store.operations.auditOf('article:1')).at(-1)).toMatchObject({ actor: 'editor@example.com', action: 'article.restore', details: { revision: 1 } });
  });

  it('refuses a restore without the CSRF token', async () => {
    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    const res = await t.app.http.inject({ method: 'POST', url: '/admin/articles/1/revisions/1/restore', headers: { cookie: t.agent.cookie } });
    expect(res.statusCode).toBe(403);
  });

  it('previews the posted fields as the public article page, saving nothing', async () => {
    const res = await t.agent.post('/admin/preview', { ...FIELDS, body: 'Hello **world**.', action: 'preview' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // Sandboxed (no script, no forms) even in its own tab; framed only by the editor's live preview.
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect((await t.agent.get('/admin/articles/new')).headers['content-security-policy']).toContain("frame-src 'self'");
    expect(res.body).toContain('<h1>First headline</h1>');
    expect(res.body).toContain('<p class="standfirst">First standfirst.</p>');
    expect(res.body).toContain('<p>Hello <strong>world</strong>.</p>');
    expect(res.body).toContain('<a href="/sections/tolling">Tolling</a>');
    expect(await t.app.store.articles.allIds()).toEqual([]);
  });
});

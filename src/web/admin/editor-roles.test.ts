import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

const FIELDS = { headline: 'Contributor draft', standfirst: '', body: 'Words.', section: '', tags: '', authors: '', slug: '' };

describe('admin role rules', () => {
  let app: TestApp;
  let contributor: Agent;
  let editor: Agent;
  beforeEach(async () => {
    app = await makeTestApp();
    contributor = await signedIn(app, 'contributor');
    editor = await signedIn(app, 'editor');
  });
  afterEach(() => app.close());

  it('lets a contributor create and edit their own draft, without publish buttons', async () => {
    const form = await contributor.get('/admin/articles/new');
    expect(form.body).toContain('Save draft');
    expect(form.body).not.toContain('value="publish"');
    expect(form.body).not.toContain('value="schedule"');
    expect((await contributor.post('/admin/articles/new', { ...FIELDS, action: 'save' })).statusCode).toBe(303);
    expect((await contributor.post('/admin/articles/1', { ...FIELDS, body: 'More words.', action: 'save' })).statusCode).toBe(303);
    expect((await app.store.articles.findById(1))!).toMatchObject({ status: 'draft', body: 'More words.' });
  });

  it('lists only a contributor’s own articles, never others’ drafts', async () => {
    await editor.post('/admin/articles/new', { ...FIELDS, headline: 'Editor’s secret draft', action: 'save' });
    await contributor.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    const own = await contributor.get('/admin');
    expect(own.body).toContain('Contributor draft');
    expect(own.body).not.toContain('secret draft');
    expect((await contributor.get('/admin?q=secret')).body).not.toContain('secret draft');
    expect((await editor.get('/admin')).body).toContain('Editor’s secret draft');
  });

  it('refuses a contributor publishing, scheduling or unpublishing (403), even a new article', async () => {
    for (const action of ['publish', 'schedule', 'unpublish']) {
      const res = await contributor.post('/admin/articles/new', { ...FIELDS, scheduleAt: '2026-12-01T10:00', action });
      expect(res.statusCode).toBe(403);
    }
    await contributor.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    const res = await contributor.post('/admin/articles/1', { ...FIELDS, action: 'publish' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Your role may not publish articles.');
    expect((await app.store.articles.findById(1))!.status).toBe('draft');
  });

  it('refuses a contributor another person’s article, and their own once published', async () => {
    await editor.post('/admin/articles/new', { ...FIELDS, headline: 'Editor draft', action: 'save' });
    expect((await contributor.get('/admin/articles/1')).statusCode).toBe(403);
    expect((await contributor.post('/admin/articles/1', { ...FIELDS, action: 'save' })).statusCode).toBe(403);
    await contributor.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    expect((await editor.post('/admin/articles/2', { ...FIELDS, action: 'publish' })).statusCode).toBe(303);
    expect((await contributor.post('/admin/articles/2', { ...FIELDS, body: 'Sneaky edit.', action: 'save' })).statusCode).toBe(403);
    expect((await app.store.articles.findById(2))!.body).toBe('Words.');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../../test/admin-support.ts';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

const FIELDS = { headline: 'Tolls rise on the bridge', standfirst: 'Drivers pay more.', body: 'The toll rises in May.', section: '', tags: '', authors: 'Ada', slug: '' };

describe('admin revision diff', () => {
  let app: TestApp;
  let editor: Agent;
  beforeEach(async () => {
    app = await makeTestApp();
    editor = await signedIn(app, 'editor');
    await editor.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    app.clock.now += 60_000;
    await editor.post('/admin/articles/1', { ...FIELDS, headline: 'Tolls fall on the bridge', action: 'save' });
    app.clock.now += 60_000;
    await editor.post('/admin/articles/1', { ...FIELDS, headline: 'Tolls fall on the bridge', body: 'The toll falls in June.', action: 'save' });
  });
  afterEach(() => app.close());

  it('links each revision to its diffs from the revisions page', async () => {
    const page = (await editor.get('/admin/articles/1/revisions')).body;
    const links = [...page.matchAll(/href="(\/admin\/articles\/1\/revisions\/\d+\/diff\?against=\w+)"/g)].map((m) => m[1]);
    // Newest first: the current one compares with the one before; the first has nothing before it.
    expect(links).toEqual([
      '/admin/articles/1/revisions/3/diff?against=previous',
      '/admin/articles/1/revisions/2/diff?against=current',
      '/admin/articles/1/revisions/2/diff?against=previous',
      '/admin/articles/1/revisions/1/diff?against=current',
    ]);
    expect(page).toContain('<td>editor@example.com</td>');
  });

  it('shows a revision against the current version word by word, with words for screen readers, and can restore it', async () => {
    const res = await editor.get('/admin/articles/1/revisions/1/diff?against=current');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Revision of 27 Nov 2026, 12:00 against the current version</h1>');
    expect(res.body).toContain(
      '<div class="diff">Tolls <del><span class="sr-only">[removed: </span>rise<span class="sr-only">]</span></del><ins><span class="sr-only">[added: </span>fall<span class="sr-only">]</span></ins> on the bridge</div>',
    );
    expect(res.body).toContain('<h2 id="diff-standfirst">Standfirst</h2><p>No change.</p>');
    expect(res.body).toContain('The toll <del><span class="sr-only">[removed: </span>rises<span class="sr-only">]</span></del>');
    expect(res.body).toContain('action="/admin/articles/1/revisions/1/restore"');
  });

  it('shows a revision against the one before it', async () => {
    const res = await editor.get('/admin/articles/1/revisions/3/diff?against=previous');
    expect(res.body).toContain('<h1>Revision of 27 Nov 2026, 12:02 against the one before</h1>');
    expect(res.body).toContain('<h2 id="diff-headline">Headline</h2><p>No change.</p>');
    expect(res.body).toContain('<ins><span class="sr-only">[added: </span>falls<span class="sr-only">]</span></ins>');
    expect(res.body).not.toContain('/restore"');
  });

  it('answers 404 for a revision of another article, and 403 to a contributor who does not own it', async () => {
    await editor.post('/admin/articles/new', { ...FIELDS, headline: 'Other', action: 'save' });
    expect((await editor.get('/admin/articles/2/revisions/1/diff')).statusCode).toBe(404);
    const contributor = await signedIn(app, 'contributor');
    expect((await contributor.get('/admin/articles/1/revisions/1/diff')).statusCode).toBe(403);
  });
});

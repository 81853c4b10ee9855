import { describe, expect, it } from 'vitest';
import { type Agent, signedIn, signedInEachTest } from '../../../test/admin-support.ts';

const FIELDS = { headline: 'Autosaved headline', standfirst: 'A standfirst.', body: 'First words.', section: '', tags: '', authors: 'Ada', slug: '' };

describe('admin autosave', () => {
  const t = signedInEachTest('editor');

  const autosave = async (agent: Agent, url: string, fields: Record<string, string>) => {
    const res = await agent.post(url, fields);
    expect(res.headers['content-type']).toContain('application/json');
    return { status: res.statusCode, json: res.json() };
  };
  const revisions = async (id: number) => (await t.app.store.revisions.list(id)).map((r) => ({ note: r.note, author: r.author, body: r.body }));

  it('makes a new article a draft on its first autosave, and never publishes it', async () => {
    const first = await autosave(t.agent, '/admin/articles/autosave', FIELDS);
    expect(first).toEqual({ status: 200, json: { state: 'saved', id: 1, url: '/admin/articles/1', message: 'Saved at 12:00', errors: {} } });
    expect(await t.app.store.articles.findById(1)).toMatchObject({ status: 'draft', headline: 'Autosaved headline', slug: 'autosaved-headline' });
    expect(await t.app.store.articleOwners.ownerOf(1)).toBe((await t.app.store.users.byEmail('editor@example.com'))!.id);
    expect((await t.app.http.inject({ method: 'GET', url: '/news/autosaved-headline' })).statusCode).toBe(404);
    // The editor page the URL now names is the saved draft.
    expect((await t.agent.get('/admin/articles/1')).body).toContain('value="Autosaved headline"');
  });

  it('folds consecutive autosaves by one person into one revision; a manual save or another person starts a new one', async () => {
    await autosave(t.agent, '/admin/articles/autosave', FIELDS);
    for (const body of ['First words, then more.', 'First words, then more and more.']) {
      t.app.clock.now += 5_000;
      expect((await autosave(t.agent, '/admin/articles/1/autosave', { ...FIELDS, body })).json.state).toBe('saved');
    }
    expect(await revisions(1)).toEqual([{ note: 'autosave', author: 'editor@example.com', body: 'First words, then more and more.' }]);
    expect((await t.app.store.revisions.list(1))[0]!.created_at).toBe(t.app.clock.now);

    t.app.clock.now += 60_000;
    await t.agent.post('/admin/articles/1', { ...FIELDS, body: 'Saved by hand.', action: 'save' });
    t.app.clock.now += 5_000;
    await autosave(t.agent, '/admin/articles/1/autosave', { ...FIELDS, body: 'Typing again.' });
    const admin = await signedIn(t.app, 'admin');
    t.app.clock.now += 5_000;
    await autosave(admin, '/admin/articles/1/autosave', { ...FIELDS, body: 'The admin types too.' });
    t.app.clock.now += 5_000;
    await autosave(admin, '/admin/articles/1/autosave', { ...FIELDS, body: 'The admin types on.' });
    expect(await revisions(1)).toEqual([
      { note: 'autosave', author: 'admin@example.com', body: 'The admin types on.' },
      { note: 'autosave', author: 'editor@example.com', body: 'Typing again.' },
      { note: 'updated', author: 'editor@example.com', body: 'Saved by hand.' },
      { note: 'autosave', author: 'editor@example.com', body: 'First words, then more and more.' },
    ]);
    // The audit log records the article's creation, and the saves made by hand; not every pause in typing.
    expect((await t.app.store.operations.auditOf('article:1')).map((a) => a.action)).toEqual(['article.create', 'article.update']);
  });

  it('does not autosave a published or scheduled article, and says so', async () => {
    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'publish' });
    const live = await autosave(t.agent, '/admin/articles/1/autosave', { ...FIELDS, headline: 'Changed on the live page?' });
    expect(live.json).toEqual({
      state: 'live',
      id: null,
      url: null,
      message: 'Autosave is off for published articles: changes are kept only when you press Update.',
      errors: {},
    });
    expect(await t.app.store.articles.findById(1)).toMatchObject({ headline: 'Autosaved headline', status: 'published' });
    expect((await t.app.http.inject({ method: 'GET', url: '/news/autosaved-headline' })).body).toContain('<h1>Autosaved headline</h1>');

    await t.agent.post('/admin/articles/new', { ...FIELDS, headline: 'Later', scheduleAt: '2026-11-28T09:00', action: 'schedule' });
    const scheduled = await autosave(t.agent, '/admin/articles/2/autosave', { ...FIELDS, headline: 'Later, changed' });
    expect(scheduled.json.message).toBe('Autosave is off for scheduled articles: changes are kept only when you press Schedule.');
    expect(await t.app.store.articles.findById(2)).toMatchObject({ headline: 'Later', status: 'scheduled' });
  });

  it('saves nothing while a field is invalid, and says why', async () => {
    const res = await autosave(t.agent, '/admin/articles/autosave', { ...FIELDS, headline: '' });
    expect(res.json).toEqual({ state: 'invalid', id: null, url: null, message: 'Not saved yet: Write a headline.', errors: { headline: 'Write a headline.' } });
    expect(await t.app.store.articles.allIds()).toEqual([]);
  });

  it('refuses an autosave without the CSRF token, and a contributor’s autosave of someone else’s draft', async () => {
    const forged = await t.app.http.inject({
      method: 'POST',
      url: '/admin/articles/autosave',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: t.agent.cookie },
      payload: new URLSearchParams({ ...FIELDS, _csrf: 'wrong' }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(await t.app.store.articles.allIds()).toEqual([]);

    await t.agent.post('/admin/articles/new', { ...FIELDS, action: 'save' });
    const contributor = await signedIn(t.app, 'contributor');
    expect((await contributor.post('/admin/articles/1/autosave', FIELDS)).statusCode).toBe(403);
    const own = await autosave(contributor, '/admin/articles/autosave', { ...FIELDS, headline: 'Contributor draft' });
    expect(own.json).toMatchObject({ state: 'saved', id: 2 });
    expect(await t.app.store.articles.findById(2)).toMatchObject({ status: 'draft' });
  });
});

import { describe, expect, it } from 'vitest';
import { signedIn, signedInEachTest } from '../../../test/admin-support.ts';

describe('admin redirects', () => {
  const t = signedInEachTest('editor');

  it('adds a 301 and a 410 that the public site answers, lists and removes them', async () => {
    expect((await t.agent.post('/admin/redirects', { from: '/old/story', to: '/news/new-story', status: '301' })).headers.location).toBe('/admin/redirects?done=saved');
    await t.agent.post('/admin/redirects', { from: '/old/gone', to: '', status: '410' });
    const moved = await t.app.http.inject({ method: 'GET', url: '/old/story' });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/news/new-story');
    expect((await t.app.http.inject({ method: 'GET', url: '/old/gone' })).statusCode).toBe(410);
    const list = await t.agent.get('/admin/redirects');
    expect(list.body).toContain('<td>/old/story</td><td>301 → /news/new-story</td>');
    expect(list.body).toContain('<td>/old/gone</td><td>410 gone</td>');
    await t.agent.post('/admin/redirects/remove', { from: '/old/story' });
    expect((await t.app.http.inject({ method: 'GET', url: '/old/story' })).statusCode).toBe(404);
    const audit = await t.app.store.operations.auditOf('redirect:/old/story');
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['editor@example.com', 'redirect.put'],
      ['editor@example.com', 'redirect.remove'],
    ]);
  });

  it('validates each field and shows the error beside it', async () => {
    const res = await t.agent.post('/admin/redirects', { from: 'no-slash', to: 'javascript:alert(1)', status: '301' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="error" id="from-error">Give a path on this site, starting with / (no query string).</p>');
    expect(res.body).toContain('<p class="error" id="to-error">Give a path starting with / or a full http(s) URL.</p>');
    const admin = await t.agent.post('/admin/redirects', { from: '/admin', to: '/', status: '301' });
    expect(admin.body).toContain('The home page, the admin and the API cannot be redirected.');
    const self = await t.agent.post('/admin/redirects', { from: '/a', to: '/a', status: '301' });
    expect(self.body).toContain('A redirect cannot point at itself.');
    expect((await t.app.store.adminRedirects.list(10, 0)).total).toBe(0);
  });

  it('keeps contributors out (403)', async () => {
    const contributor = await signedIn(t.app, 'contributor');
    expect((await contributor.get('/admin/redirects')).statusCode).toBe(403);
    expect((await contributor.post('/admin/redirects', { from: '/x', to: '/y', status: '301' })).statusCode).toBe(403);
  });
});

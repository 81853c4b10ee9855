import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORM, form, signedIn } from '../../../test/admin-support.ts';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

describe('admin sessions, CSRF and headers', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await makeTestApp();
  });
  afterEach(() => app.close());

  it('refuses a state-changing POST without the CSRF token (403), or with another session’s token', async () => {
    const a = await signedIn(app, 'editor', 'a@example.com');
    const b = await signedIn(app, 'editor', 'b@example.com');
    const none = await app.http.inject({ method: 'POST', url: '/admin/sign-out-everywhere', headers: { ...FORM, cookie: a.cookie }, payload: '' });
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain('This form has expired or did not come from this site. Reload the page and try again.');
    const foreign = await app.http.inject({ method: 'POST', url: '/admin/sign-out', headers: { ...FORM, cookie: a.cookie }, payload: form({ _csrf: b.csrf }) });
    expect(foreign.statusCode).toBe(403);
    expect((await a.get('/admin')).statusCode).toBe(200);
  });

  it('sends a request without a session to sign in before reading its body', async () => {
    // A body the parsers would refuse (too large, unreadable) shows whether it was read at all.
    const bodies = [
      { headers: FORM, payload: `_csrf=x&body=${'x'.repeat(3 * 1024 * 1024)}` },
      { headers: { 'content-type': 'multipart/form-data; boundary=nope' }, payload: 'not multipart' },
      { headers: { 'content-type': 'application/x-unknown' }, payload: 'x' },
    ];
    for (const { headers, payload } of bodies) {
      const res = await app.http.inject({ method: 'POST', url: '/admin/articles/new', headers, payload });
      expect(res.statusCode, headers['content-type']).toBe(303);
      expect(res.headers.location).toBe('/admin/sign-in');
    }
  });

  it('accepts the token in an X-CSRF-Token header (for scripts)', async () => {
    const a = await signedIn(app, 'editor');
    const res = await app.http.inject({ method: 'POST', url: '/admin/sign-out', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
    expect(res.statusCode).toBe(303);
  });

  it('signs out one session', async () => {
    const a = await signedIn(app, 'editor');
    const res = await a.post('/admin/sign-out', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?done=signed-out');
    expect((await a.get('/admin')).headers.location).toBe('/admin/sign-in');
    expect((await app.http.inject({ method: 'GET', url: '/admin/sign-in?done=signed-out' })).body).toContain('You are signed out.');
  });

  it('signs out everywhere: every session of the user, not other users’', async () => {
    const first = await signedIn(app, 'editor', 'e@example.com');
    const second = await signedIn(app, 'editor', 'e@example.com');
    const other = await signedIn(app, 'admin', 'boss@example.com');
    const res = await first.post('/admin/sign-out-everywhere', {});
    expect(res.headers.location).toBe('/admin/sign-in?done=everywhere');
    expect((await second.get('/admin')).statusCode).toBe(303);
    expect((await other.get('/admin')).statusCode).toBe(200);
    const audit = await app.store.operations.auditOf('user:1');
    expect(audit.at(-1)).toMatchObject({ actor: 'e@example.com', action: 'sign-out.everywhere', details: { sessions: 2 } });
  });

  it('sends a strict CSP and no-store on every admin page, and serves admin JS as a hashed file', async () => {
    const a = await signedIn(app, 'editor');
    for (const res of [await app.http.inject({ method: 'GET', url: '/admin/sign-in' }), await a.get('/admin'), await a.get('/admin/nowhere')]) {
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(res.body).not.toContain(' style=');
    }
    const page = (await a.get('/admin')).body;
    const js = /<script type="module" src="(\/admin\/assets\/admin\.[0-9a-f]{12}\.js)"><\/script>/.exec(page)![1]!;
    const asset = await app.http.inject({ method: 'GET', url: js });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never puts admin pages in the public page cache', async () => {
    const a = await signedIn(app, 'editor');
    await a.get('/admin');
    const anonymous = await app.http.inject({ method: 'GET', url: '/admin' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers['x-cache']).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieHeader, cookiesOf, csrfIn, FORM, form, PASSWORD, postSignIn, signedIn } from '../../../test/admin-support.ts';
import { makeTestApp, type TestApp } from '../../../test/support.ts';

describe('admin sign-in', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await makeTestApp();
    await app.accounts.addUser({ email: 'Editor@Example.com', role: 'editor', password: PASSWORD, name: 'Eda Editor' }, 'test');
  });
  afterEach(() => app.close());

  it('shows a form with Email, Password and a Sign in button, with a CSRF token', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/admin/sign-in' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<label for="email">Email</label>');
    expect(res.body).toContain('<label for="password">Password</label>');
    expect(res.body).toContain('<button type="submit">Sign in</button>');
    expect(cookiesOf(res.headers).mh_signin).toBe(csrfIn(res.body));
  });

  it('sends /admin to the sign-in page without a session', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/admin' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in');
  });

  it('signs in with the right password: an HttpOnly, SameSite=Lax session cookie under /admin, stored hashed', async () => {
    const res = await postSignIn(app, 'editor@example.com', PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const setCookie = ([res.headers['set-cookie']].flat() as string[]).find((c) => c.startsWith('mh_session='))!;
    const token = cookiesOf(res.headers).mh_session!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    // Max-Age, not Expires: the browser counts the week from its own clock, whatever the server's says.
    expect(setCookie).toBe(`mh_session=${token}; Max-Age=${7 * 24 * 3600}; Path=/admin; HttpOnly; SameSite=Lax`);
    const rows = await app.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const home = await app.http.inject({ method: 'GET', url: '/admin', headers: { cookie: `mh_session=${token}` } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Eda Editor (editor)');
    const audit = await app.store.operations.auditOf('user:1');
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['test', 'user.add'],
      ['editor@example.com', 'sign-in'],
    ]);
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await makeTestApp({ TRUST_PROXY: 'on' });
    try {
      await proxied.accounts.addUser({ email: 'e@example.com', role: 'editor', password: PASSWORD }, 'test');
      const page = await proxied.http.inject({ method: 'GET', url: '/admin/sign-in', headers: { 'x-forwarded-proto': 'https' } });
      const res = await proxied.http.inject({
        method: 'POST',
        url: '/admin/sign-in',
        headers: { ...FORM, 'x-forwarded-proto': 'https', cookie: cookieHeader(cookiesOf(page.headers)) },
        payload: form({ _csrf: csrfIn(page.body), email: 'e@example.com', password: PASSWORD }),
      });
      expect(res.statusCode).toBe(303);
      expect(([res.headers['set-cookie']].flat() as string[]).find((c) => c.startsWith('mh_session='))).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await proxied.close();
    }
  });

  it('locks the address a trusted proxy saw, whatever X-Forwarded-For the client rotates through', async () => {
    const proxied = await makeTestApp({ TRUST_PROXY: 'on' });
    try {
      const attempt = async (i: number, email: string, password: string) => {
        const headers = { 'x-forwarded-for': `10.0.${i}.1, 203.0.113.7` };
        const page = await proxied.http.inject({ method: 'GET', url: '/admin/sign-in', headers });
        return proxied.http.inject({
          method: 'POST',
          url: '/admin/sign-in',
          headers: { ...FORM, ...headers, cookie: cookieHeader(cookiesOf(page.headers)) },
          payload: form({ _csrf: csrfIn(page.body), email, password }),
        });
      };
      await proxied.accounts.addUser({ email: 'e@example.com', role: 'editor', password: PASSWORD }, 'test');
      for (let i = 0; i < 5; i++) expect((await attempt(i, `guess${i}@example.com`, 'wrong')).statusCode).toBe(401);
      expect((await attempt(5, 'e@example.com', PASSWORD)).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong password with a clear message and no session', async () => {
    const res = await postSignIn(app, 'editor@example.com', 'not the password');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('<p class="alert" role="alert" id="sign-in-error">The email or password is incorrect.</p>');
    expect(res.body).toContain('value="editor@example.com"');
    expect(cookiesOf(res.headers).mh_session).toBeUndefined();
    expect(await app.store.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('refuses an over-long password as a failure, without hashing it', async () => {
    const res = await postSignIn(app, 'editor@example.com', 'x'.repeat(1025));
    expect(res.statusCode).toBe(401);
    expect(await app.store.signInFailures.count('email', 'editor@example.com', 0)).toBe(1);
  });

  it('refuses an unknown email with the same message', async () => {
    const res = await postSignIn(app, 'nobody@example.com', PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email or password is incorrect.');
  });

  it('locks an account after 5 failures in 15 minutes, even for the right password, from any address', async () => {
    for (let i = 0; i < 5; i++) expect((await postSignIn(app, 'editor@example.com', 'wrong', `10.0.0.${i}`)).statusCode).toBe(401);
    const locked = await postSignIn(app, 'editor@example.com', PASSWORD, '10.0.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many failed sign-ins. Wait 15 minutes before trying again.');
    app.clock.now += 15 * 60_000 + 1;
    expect((await postSignIn(app, 'editor@example.com', PASSWORD, '10.0.1.1')).statusCode).toBe(303);
  });

  it('checks at most 5 passwords of a burst of concurrent guesses, and a right one after them does not sign in', async () => {
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 15 ? PASSWORD : `wrong guess ${i}`));
    const answers = await Promise.all(guesses.map((password, i) => postSignIn(app, 'editor@example.com', password, `10.1.${i}.1`)));
    const checked = answers.filter((res) => res.statusCode === 401 || res.statusCode === 303);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(answers.filter((res) => res.statusCode === 429)).toHaveLength(30 - checked.length);
  });

  it('checks at most 5 passwords of a burst from one address across accounts', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => postSignIn(app, `guess${i}@example.com`, 'wrong', '10.9.9.7')));
    // Attempts that all count each other before any is checked are all refused: safe, if unlucky.
    expect(answers.filter((res) => res.statusCode === 401).length).toBeLessThanOrEqual(5);
    expect(answers.every((res) => res.statusCode === 401 || res.statusCode === 429)).toBe(true);
  });

  it('limits one address after 5 failures across accounts', async () => {
    for (let i = 0; i < 5; i++) await postSignIn(app, `guess${i}@example.com`, 'wrong', '10.9.9.9');
    const res = await postSignIn(app, 'editor@example.com', PASSWORD, '10.9.9.9');
    expect(res.statusCode).toBe(429);
    expect((await postSignIn(app, 'editor@example.com', PASSWORD, '10.9.9.8')).statusCode).toBe(303);
  });

  it('refuses a disabled user, and disabling ends their sessions', async () => {
    const agent = await signedIn(app, 'editor', 'editor@example.com');
    await app.accounts.setDisabled('editor@example.com', true, 'test');
    expect((await agent.get('/admin')).headers.location).toBe('/admin/sign-in');
    const res = await postSignIn(app, 'editor@example.com', PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This account is disabled. Ask an administrator to enable it.');
  });

  it('refuses a sign-in POST without the form token (403)', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/admin/sign-in', headers: FORM, payload: form({ email: 'editor@example.com', password: PASSWORD }) });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired or did not come from this site.');
  });

  it('expires sessions after 7 days', async () => {
    const agent = await signedIn(app, 'editor', 'editor@example.com');
    app.clock.now += 7 * 24 * 3600_000;
    expect((await agent.get('/admin')).statusCode).toBe(303);
  });
});

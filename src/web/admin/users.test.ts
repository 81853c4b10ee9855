import { describe, expect, it } from 'vitest';
import { PASSWORD, postSignIn, signedIn, signedInEachTest } from '../../../test/admin-support.ts';

describe('admin user management', () => {
  const t = signedInEachTest('admin');

  const idOf = async (email: string) => (await t.app.store.users.byEmail(email))!.id;

  it('lists users with role and status, adds one who can then sign in', async () => {
    const list = await t.agent.get('/admin/users');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<td><a href="/admin/users/${await idOf('admin@example.com')}">admin person</a></td><td>admin@example.com</td><td>admin</td><td>active</td>`);
    expect(list.body).toContain('<label for="email">Email</label><input id="email" name="email" type="email" value required autocomplete="off"/>');
    const res = await t.agent.post('/admin/users', { email: ' New.Editor@Example.com ', name: 'Nell Editor', role: 'editor', password: 'a long enough secret' });
    expect(res.statusCode).toBe(303);
    const id = await idOf('new.editor@example.com');
    expect(res.headers.location).toBe(`/admin/users/${id}?done=added`);
    expect((await t.agent.get(`/admin/users/${id}?done=added`)).body).toContain('<p class="notice" role="status">User added. They can sign in now.</p>');
    expect((await postSignIn(t.app, 'new.editor@example.com', 'a long enough secret')).statusCode).toBe(303);
    expect((await t.app.store.operations.auditOf(`user:${id}`)).map((a) => [a.actor, a.action])).toEqual([
      ['admin@example.com', 'user.add'],
      ['new.editor@example.com', 'sign-in'],
    ]);
  });

  it('shows each problem with a new user next to its field (the CLI’s rules), keeping the typed values but not the password', async () => {
    const res = await t.agent.post('/admin/users', { email: 'not-an-email', name: 'N'.repeat(101), role: 'owner', password: 'short' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="alert" role="alert">4 fields need attention. Nothing was saved.</p>');
    expect(res.body).toContain('<p class="error" id="email-error">&quot;not-an-email&quot; is not an email address.</p>');
    expect(res.body).toContain('<p class="error" id="name-error">The name must have at most 100 characters.</p>');
    expect(res.body).toContain('<p class="error" id="role-error">The role must be one of admin, editor, contributor.</p>');
    expect(res.body).toContain('<p class="error" id="password-error">The password must have at least 10 characters.</p>');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).not.toContain('value="short"');
    const dup = await t.agent.post('/admin/users', { email: 'ADMIN@example.com', name: '', role: 'editor', password: 'a long enough secret' });
    expect(dup.body).toContain('<p class="error" id="email-error">A user with this email already exists.</p>');
    expect((await t.app.accounts.listUsers()).length).toBe(1);
  });

  it('changes a role, which applies on the user’s next request', async () => {
    const editor = await signedIn(t.app, 'editor');
    const id = await idOf('editor@example.com');
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    const res = await t.agent.post(`/admin/users/${id}/role`, { role: 'admin' });
    expect(res.headers.location).toBe(`/admin/users/${id}?done=role`);
    expect((await editor.get('/admin/users')).statusCode).toBe(200);
    await t.agent.post(`/admin/users/${id}/role`, { role: 'contributor' });
    expect((await editor.get('/admin/redirects')).statusCode).toBe(403);
    expect((await t.app.store.operations.auditOf(`user:${id}`)).filter((a) => a.action === 'user.set-role').map((a) => a.details)).toEqual([
      { from: 'editor', to: 'admin' },
      { from: 'admin', to: 'contributor' },
    ]);
  });

  it('disables a user (their sessions end at once) and enables them again', async () => {
    const editor = await signedIn(t.app, 'editor');
    const id = await idOf('editor@example.com');
    expect((await t.agent.get(`/admin/users/${id}`)).body).toContain('signed in on 1 device.');
    const res = await t.agent.post(`/admin/users/${id}/status`, { disabled: '1' });
    expect(res.headers.location).toBe(`/admin/users/${id}?done=disabled`);
    expect((await editor.get('/admin')).headers.location).toBe('/admin/sign-in');
    expect((await postSignIn(t.app, 'editor@example.com', PASSWORD)).body).toContain('This account is disabled.');
    expect((await t.agent.get('/admin/users')).body).toContain('<td>editor@example.com</td><td>editor</td><td>disabled</td>');
    await t.agent.post(`/admin/users/${id}/status`, { disabled: '0' });
    expect((await postSignIn(t.app, 'editor@example.com', PASSWORD)).statusCode).toBe(303);
  });

  it('resets a password: the old one stops working and the user is signed out everywhere', async () => {
    const editor = await signedIn(t.app, 'editor');
    const id = await idOf('editor@example.com');
    const short = await t.agent.post(`/admin/users/${id}/password`, { password: 'tiny' });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('<p class="error" id="password-error">The password must have at least 10 characters.</p>');
    expect((await t.agent.post(`/admin/users/${id}/password`, { password: 'the new long secret' })).headers.location).toBe(`/admin/users/${id}?done=password`);
    expect((await editor.get('/admin')).statusCode).toBe(303);
    expect((await postSignIn(t.app, 'editor@example.com', PASSWORD)).statusCode).toBe(401);
    expect((await postSignIn(t.app, 'editor@example.com', 'the new long secret')).statusCode).toBe(303);
  });

  it('keeps the last active admin: they cannot disable or demote themselves', async () => {
    const id = await idOf('admin@example.com');
    const demote = await t.agent.post(`/admin/users/${id}/role`, { role: 'editor' });
    expect(demote.statusCode).toBe(422);
    expect(demote.body).toContain('<p class="error" id="role-error">This is the last active admin: make another user an admin first.</p>');
    const disable = await t.agent.post(`/admin/users/${id}/status`, { disabled: '1' });
    expect(disable.body).toContain('<p class="error" id="status-error">This is the last active admin: make another user an admin first.</p>');
    expect((await t.app.store.users.byId(id))!).toMatchObject({ role: 'admin', disabled: false });
    // With a second admin, the first may step down.
    await t.app.accounts.addUser({ email: 'second@example.com', role: 'admin', password: PASSWORD }, 'test');
    expect((await t.agent.post(`/admin/users/${id}/role`, { role: 'editor' })).statusCode).toBe(303);
  });

  it('lets only admins in (editors get 403) and wants the CSRF token', async () => {
    const editor = await signedIn(t.app, 'editor');
    const id = await idOf('editor@example.com');
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    expect((await editor.get(`/admin/users/${id}`)).statusCode).toBe(403);
    expect((await editor.post('/admin/users', { email: 'x@example.com', name: '', role: 'admin', password: 'a long enough secret' })).statusCode).toBe(403);
    expect((await editor.post(`/admin/users/${id}/role`, { role: 'admin' })).statusCode).toBe(403);
    const forged = await t.app.http.inject({
      method: 'POST',
      url: `/admin/users/${id}/status`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: t.agent.cookie },
      payload: 'disabled=1',
    });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.store.users.byId(id))!.disabled).toBe(false);
    expect((await t.agent.get('/admin/users/999')).statusCode).toBe(404);
  });
});

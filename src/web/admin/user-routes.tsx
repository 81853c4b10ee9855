import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../admin/index.ts';
import { InvalidUser, LastAdmin, newUserProblems, passwordProblem } from '../../admin/index.ts';
import { NotFound } from '../../lib/errors.ts';
import { formText } from '../form-parts.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { adminOnly } from './guards.ts';
import { frameOf, sendPage } from './page.ts';
import { sessionOf } from './security.ts';
import { type NewUserForm, type UserErrors, UserPage, UsersPage } from './views/users-page.tsx';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const AddBody = Type.Object({
  _csrf: Type.String(),
  email: Type.String({ maxLength: 320 }),
  name: Type.Optional(Type.String({ maxLength: 2000 })),
  role: Type.String({ maxLength: 20 }),
  password: Type.String({ maxLength: 2000 }),
});
const RoleBody = Type.Object({ _csrf: Type.String(), role: Type.String({ maxLength: 20 }) });
const PasswordBody = Type.Object({ _csrf: Type.String(), password: Type.String({ maxLength: 2000 }) });
const SitesBody = Type.Object({ _csrf: Type.String() }, { additionalProperties: Type.String({ maxLength: 10 }) });
const StatusBody = Type.Object({ _csrf: Type.String(), disabled: Type.Union([Type.Literal('0'), Type.Literal('1')]) });
const DONE: Record<string, string> = {
  added: 'User added. They can sign in now.',
  role: 'Role changed.',
  password: 'Password set; the user was signed out everywhere.',
  disabled: 'User disabled and signed out everywhere.',
  enabled: 'User enabled.',
  sites: 'Sites saved.',
};
const EMPTY: NewUserForm = { email: '', name: '', role: 'editor', password: '' };

/** The service's rule messages ("the password must…") as sentences next to a field. */
const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

/** User management (admins only): list, add, change role, reset password, disable and enable. */
export function registerUserRoutes(app: TypedApp, web: WebContext): void {
  const { accounts } = web.deps;
  const guard = adminOnly('manage users');
  const actor = (req: FastifyRequest) => sessionOf(req).user.email;

  const usersPage = async (req: FastifyRequest, reply: FastifyReply, form: NewUserForm, errors: UserErrors, notice?: string) =>
    sendPage(reply, <UsersPage frame={frameOf(web, req)} users={await accounts.listUsers()} form={form} errors={errors} notice={notice} />, Object.keys(errors).length ? 422 : 200);

  // Every route that acts on one user declares IdParams, so its request carries the id.
  type UserRequest = FastifyRequest & { params: { id: number } };
  const target = async (req: UserRequest): Promise<UserRecord> => {
    const { id } = req.params;
    const user = await accounts.user(id);
    if (!user) throw NotFound(`User ${id}`);
    return user;
  };

  const userPage = async (req: UserRequest, reply: FastifyReply, errors: UserPageErrors, notice?: string) => {
    const user = await target(req);
    const { sessions, sites: mine } = await accounts.accessOf(user.id);
    const sites = web.deps.sites.several ? web.deps.sites.all().map((s) => ({ id: s.id, name: s.name, checked: mine.includes(s.id) })) : undefined;
    return sendPage(reply, <UserPage frame={frameOf(web, req)} user={user} sessions={sessions} errors={errors} notice={notice} sites={sites} />, Object.keys(errors).length ? 422 : 200);
  };

  /** Runs a change; a refusal (the last admin, an unknown role) is shown next to the field that asked for it. */
  const change = async (req: UserRequest, reply: FastifyReply, field: keyof UserPageErrors, done: string, work: (user: UserRecord) => Promise<unknown>) => {
    const user = await target(req);
    try {
      await work(user);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== LastAdmin.code && code !== InvalidUser.code) throw err;
      return userPage(req, reply, { [field]: (err as Error).message });
    }
    return reply.redirect(`/admin/users/${user.id}?done=${done}`, 303);
  };

  app.get('/users', { schema: { querystring: DoneQuery }, preHandler: guard }, async (req, reply) => {
    const { done } = req.query;
    return usersPage(req, reply, EMPTY, {}, done ? DONE[done] : undefined);
  });

  app.post('/users', { schema: { body: AddBody }, preHandler: guard }, async (req, reply) => {
    const body = req.body;
    const form: NewUserForm = { email: body.email.trim(), name: (body.name ?? '').trim(), role: body.role, password: body.password };
    const errors: UserErrors = Object.fromEntries(Object.entries(newUserProblems(form)).map(([k, v]) => [k, sentence(v)]));
    if (!errors.email && (await accounts.emailTaken(form.email))) errors.email = 'A user with this email already exists.';
    if (Object.keys(errors).length) return usersPage(req, reply, { ...form, password: '' }, errors);
    const user = await accounts.addUser(form, actor(req));
    return reply.redirect(`/admin/users/${user.id}?done=added`, 303);
  });

  app.get('/users/:id', { schema: { params: IdParams, querystring: DoneQuery }, preHandler: guard }, async (req, reply) => {
    const { done } = req.query;
    return userPage(req, reply, {}, done ? DONE[done] : undefined);
  });

  app.post('/users/:id/role', { schema: { params: IdParams, body: RoleBody }, preHandler: guard }, async (req, reply) =>
    change(req, reply, 'role', 'role', (user) => accounts.setRole(user.email, req.body.role, actor(req))),
  );

  app.post('/users/:id/password', { schema: { params: IdParams, body: PasswordBody }, preHandler: guard }, async (req, reply) => {
    const problem = passwordProblem(req.body.password);
    if (problem) return userPage(req, reply, { password: sentence(problem) });
    return change(req, reply, 'password', 'password', (user) => accounts.setPassword(user.email, req.body.password, actor(req)));
  });

  app.post('/users/:id/sites', { schema: { params: IdParams, body: SitesBody }, preHandler: guard }, async (req, reply) => {
    // One `site-<id>` field per site, which the schema allows as extra properties but cannot name.
    const chosen = web.deps.sites.all().filter((s) => formText(req.body, `site-${s.id}`) === '1').map((s) => s.id);
    return change(req, reply, 'role', 'sites', (user) => accounts.setSites(user.email, chosen, actor(req)));
  });

  app.post('/users/:id/status', { schema: { params: IdParams, body: StatusBody }, preHandler: guard }, async (req, reply) => {
    const disabled = req.body.disabled === '1';
    return change(req, reply, 'status', disabled ? 'disabled' : 'enabled', (user) => accounts.setDisabled(user.email, disabled, actor(req)));
  });
}

type UserPageErrors = Partial<Record<'role' | 'password' | 'status', string>>;

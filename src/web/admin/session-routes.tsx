import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../../admin/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { sendPage } from './page.ts';
import { checkCsrf, cookieOptions, newFormToken, SESSION_COOKIE, SIGN_IN_COOKIE, sessionOf } from './security.ts';
import { SignInPage } from './views/sign-in-page.tsx';

const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
// Every field optional: a missing one gets the form's own message (or the CSRF refusal), not a bare 400.
const SignInBody = Type.Object({ email: Type.Optional(Type.String()), password: Type.Optional(Type.String()), _csrf: Type.Optional(Type.String()) });

const NOTICES: Record<string, string> = {
  'signed-out': 'You are signed out.',
  everywhere: 'You are signed out on every device.',
};

/** Sign-in (throttled, CSRF-checked even before a session exists), sign-out, sign-out everywhere. */
export function registerSessionRoutes(app: TypedApp, web: WebContext): void {
  const { accounts } = web.deps;

  const signInForm = (req: FastifyRequest, reply: FastifyReply, status: number, extra: { email?: string; error?: string; notice?: string }) => {
    // Reuse the browser's token so two open sign-in tabs both work.
    const existing = req.cookies[SIGN_IN_COOKIE];
    const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newFormToken();
    reply.setCookie(SIGN_IN_COOKIE, token, cookieOptions(req));
    return sendPage(reply, <SignInPage frame={{ siteTitle: web.deps.settings.current.title, csrf: token }} {...extra} />, status);
  };

  app.get('/sign-in', { config: { public: true }, schema: { querystring: DoneQuery } }, async (req, reply) => {
    const { done } = req.query;
    if (await accounts.session(req.cookies[SESSION_COOKIE])) return reply.redirect('/admin', 303);
    return signInForm(req, reply, 200, { notice: done ? NOTICES[done] : undefined });
  });

  app.post('/sign-in', { config: { public: true }, schema: { body: SignInBody } }, async (req, reply) => {
    checkCsrf(req, req.cookies[SIGN_IN_COOKIE]);
    const body = req.body;
    const email = typeof body.email === 'string' ? body.email : '';
    try {
      const { token } = await accounts.signIn(email, typeof body.password === 'string' ? body.password : '', req.ip);
      reply.clearCookie(SIGN_IN_COOKIE, cookieOptions(req));
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(req, SESSION_TTL_MS));
      return reply.redirect('/admin', 303);
    } catch (err) {
      if (!(err instanceof MastheadError) || err.statusCode >= 500) throw err;
      return signInForm(req, reply, err.statusCode, { email, error: err.message });
    }
  });

  app.post('/sign-out', async (req, reply) => {
    await accounts.signOut(sessionOf(req));
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return reply.redirect('/admin/sign-in?done=signed-out', 303);
  });

  app.post('/sign-out-everywhere', async (req, reply) => {
    await accounts.signOutEverywhere(sessionOf(req));
    reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
    return reply.redirect('/admin/sign-in?done=everywhere', 303);
  });
}

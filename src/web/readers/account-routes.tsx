import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { CsrfRejected } from '../../admin/index.ts';
import { MastheadError } from '../../lib/errors.ts';
import type { FollowKind } from '../../readers/index.ts';
import { type AfterSignIn, FOLLOW_KINDS, READER_SESSION_TTL_MS, type ReaderSession, requiredFieldsFrom, SIGN_IN_LIMITS, SIGN_IN_TTL_MS, sameSecret } from '../../readers/index.ts';
import { makePage, writePage } from '../cache/index.ts';
import { formText } from '../form-parts.ts';
import { sameOrigin } from '../same-origin.ts';
import { renderDocument } from '../site/views/render.ts';
import type { TypedApp } from '../typed-app.ts';
import type { WebContext } from '../web-context.ts';
import { AccountView, CheckEmailView, MessageView, type Pending, SignInView, UnsubscribeAlertsView } from './account-views.tsx';

/** The reader's session: its own name and path, so it is never a staff session and never sent as one. */
export const READER_SESSION_COOKIE = 'mh_reader';
/** The sign-in form's CSRF token (double submit), before a session exists. */
export const READER_FORM_COOKIE = 'mh_reader_form';
/** The browser that asked for a sign-in link: the link and the code work only with it. */
export const READER_NONCE_COOKIE = 'mh_reader_nonce';

const FORM_LIMIT = 16 * 1024;

/** What `/account?done=…` says after a form (an unknown value says nothing). */
const NOTICES: Record<string, string> = { profile: 'Profile saved.', alerts: 'Alerts saved.', unfollowed: 'Unfollowed.', subscribed: 'Subscribed.', unsubscribed: 'Unsubscribed.' };

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const FollowBody = Type.Object({ kind: Type.String({ maxLength: 20 }), slug: Type.String({ maxLength: 300 }), next: Text(500), _csrf: Text(100) });
const SignInBody = Type.Object({ email: Type.String({ maxLength: 320 }), _csrf: Text(100), next: Text(500), followKind: Text(20), followSlug: Text(300) });
const ProfileBody = Type.Object({ _csrf: Text(100), name: Text(1000), company: Text(1000), jobTitle: Text(1000), industry: Text(1000), country: Text(1000) });
const UnsubscribeQuery = Type.Object({ r: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), k: Type.String({ maxLength: 100 }) });

/**
 * Where to go after signing in or following: a path on this site, never another origin (no open
 * redirect: `//evil.example` and `/\evil.example` are refused).
 */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 500) return undefined;
  return /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : undefined;
}

/** A signed-in reader's form post: its `_csrf` field must be the session's token, or 403. */
export function checkReaderCsrf(req: FastifyRequest, session: ReaderSession): void {
  const token = formText(req.body, '_csrf');
  if (!token || !sameSecret(token, session.csrfToken)) throw CsrfRejected();
}

function followKind(kind: unknown): FollowKind | undefined {
  return FOLLOW_KINDS.includes(kind as FollowKind) ? (kind as FollowKind) : undefined;
}

/**
 * The reader's account under /account: sign-in by link or code, profile, follows, alerts, export and
 * deletion. Every page here is personal, so none is cached (`private, no-store`) and none is written
 * into the page cache; public pages only ever carry the same Follow form for everyone.
 */
export const accountRoutes: FastifyPluginAsync<{ web: WebContext }> = async (app: TypedApp, { web }) => {
  const { readerAccounts, follows, config, settings, newsletters } = web.deps;
  const secure = config.site.url.startsWith('https:');
  const cookieOptions = (req: FastifyRequest, path: string, lifetimeMs?: number) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secure || req.protocol === 'https',
    path,
    // Max-Age, never Expires: the browser counts from its own clock (see the admin's cookies).
    ...(lifetimeMs ? { maxAge: Math.floor(lifetimeMs / 1000) } : {}),
  });

  await app.register(cookie);
  // Pages here are written on the raw response (as every page is), past the cookie plugin's
  // onSend hook: cookies go straight onto the raw response, where redirects pick them up too.
  const setCookie = (reply: FastifyReply, name: string, value: string, options: ReturnType<typeof cookieOptions>) => {
    reply.raw.appendHeader('set-cookie', app.serializeCookie(name, value, options));
  };
  const clearCookie = (reply: FastifyReply, name: string, options: ReturnType<typeof cookieOptions>) => {
    reply.raw.appendHeader('set-cookie', app.serializeCookie(name, '', { ...options, maxAge: 0 }));
  };
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const send = async (req: FastifyRequest, reply: FastifyReply, view: VNode, status = 200) => {
    const page = makePage(status, 'text/html; charset=utf-8', renderDocument(view), undefined, 'private, no-store', web.pageHeaders);
    reply.hijack();
    writePage(req.raw, reply.raw, page);
  };
  /** The site a reader's mail names and links to: the one they asked on. */
  const mailFrom = (req: FastifyRequest) => {
    const { url, title } = web.site(req);
    return { siteUrl: url, siteTitle: title };
  };
  // The frame of the site the reader came by (its Host), not the first site's.
  const site = (req: FastifyRequest) => web.siteInfo(req);
  /** The account page: its follows, newsletters and profile as stored now, with a notice or a refusal. */
  const accountView = async (req: FastifyRequest, session: ReaderSession, message: { notice?: string | undefined; error?: string }) => (
    <AccountView
      site={await site(req)}
      session={session}
      follows={await follows.follows(session.reader.id)}
      newsletters={await newsletters.readerLists(session.reader.id, web.siteIdOf(req))}
      required={requiredFieldsFrom(settings.current.readerRequiredFields)}
      {...message}
    />
  );
  const sessionOf = (req: FastifyRequest) => readerAccounts.session(req.cookies[READER_SESSION_COOKIE]);
  /** A signed-in form post: the session's CSRF token or 403. */
  const requireForm = async (req: FastifyRequest, reply: FastifyReply): Promise<ReaderSession | undefined> => {
    const session = await sessionOf(req);
    if (!session) {
      await reply.redirect('/account/sign-in', 303);
      return undefined;
    }
    checkReaderCsrf(req, session);
    return session;
  };
  /** The pre-session form token, reused while the browser has one (two tabs both work). */
  const formToken = (req: FastifyRequest, reply: FastifyReply) => {
    const existing = req.cookies[READER_FORM_COOKIE];
    const token = existing && /^[\w-]{43}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
    setCookie(reply, READER_FORM_COOKIE, token, cookieOptions(req, '/account'));
    return token;
  };
  const checkFormToken = (req: FastifyRequest) => {
    const expected = req.cookies[READER_FORM_COOKIE];
    const got = formText(req.body, '_csrf');
    if (!expected || !got || !sameSecret(got, expected)) throw CsrfRejected();
  };
  const signInPage = async (req: FastifyRequest, reply: FastifyReply, pending: Pending, status = 200, extra: { email?: string; error?: string; notice?: string } = {}) =>
    send(req, reply, <SignInView site={await site(req)} csrf={formToken(req, reply)} pending={pending} {...extra} />, status);
  const signedIn = async (reply: FastifyReply, req: FastifyRequest, sessionToken: string, after: AfterSignIn) => {
    clearCookie(reply, READER_NONCE_COOKIE, cookieOptions(req, '/account'));
    setCookie(reply, READER_SESSION_COOKIE, sessionToken, cookieOptions(req, '/', READER_SESSION_TTL_MS));
    return reply.redirect(safeNext(after.next) ?? '/account', 303);
  };

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  app.setErrorHandler(async (error: FastifyError | MastheadError, req, reply) => {
    const status = error instanceof MastheadError ? error.statusCode : (error as FastifyError).validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500) req.log.error({ err: error, url: req.url }, 'account request failed');
    const message = status >= 500 ? 'Something went wrong: please try again in a moment.' : error.message;
    return send(req, reply, <MessageView site={await site(req)} title="That did not work" message={message} link={{ href: '/account', text: 'Back to your account' }} />, status);
  });

  app.get('/account', { schema: { querystring: Type.Object({ done: Text(20) }) } }, async (req, reply) => {
    const session = await sessionOf(req);
    if (!session) return reply.redirect('/account/sign-in', 303);
    const { done } = req.query;
    const notice = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    await send(req, reply, await accountView(req, session, { notice }));
  });

  app.get('/account/sign-in', { schema: { querystring: Type.Object({ next: Text(500), done: Text(20) }) } }, async (req, reply) => {
    const { next, done } = req.query;
    if (await sessionOf(req)) return reply.redirect(safeNext(next) ?? '/account', 303);
    await signInPage(req, reply, { next: safeNext(next) }, 200, done === 'deleted' ? { notice: 'Your account is deleted.' } : done === 'signed-out' ? { notice: 'You are signed out.' } : {});
  });

  app.post('/account/sign-in', { schema: { body: SignInBody } }, async (req, reply) => {
    checkFormToken(req);
    const body = req.body;
    const kind = followKind(body.followKind);
    const after: AfterSignIn = { ...(safeNext(body.next) ? { next: safeNext(body.next)! } : {}), ...(kind && body.followSlug ? { follow: { kind, slug: body.followSlug } } : {}) };
    try {
      const { nonce } = await readerAccounts.requestSignIn(body.email, req.ip, after, mailFrom(req));
      setCookie(reply, READER_NONCE_COOKIE, nonce, cookieOptions(req, '/account', SIGN_IN_TTL_MS));
    } catch (err) {
      if (!(err instanceof MastheadError) || err.statusCode >= 500) throw err;
      if (err.statusCode === 429) reply.raw.setHeader('retry-after', String(Math.round(SIGN_IN_LIMITS.windowMs / 1000)));
      return signInPage(req, reply, { next: after.next }, err.statusCode, { email: body.email, error: err.message });
    }
    await send(req, reply, <CheckEmailView site={await site(req)} csrf={formToken(req, reply)} />);
  });

  app.get('/account/verify', { schema: { querystring: Type.Object({ t: Type.String({ maxLength: 100 }) }) } }, async (req, reply) => {
    const { t } = req.query;
    const { sessionToken, after } = await readerAccounts.verifyLink(t, req.cookies[READER_NONCE_COOKIE]);
    return signedIn(reply, req, sessionToken, after);
  });

  app.post('/account/code', { schema: { body: Type.Object({ code: Type.String({ maxLength: 20 }), _csrf: Text(100) }) } }, async (req, reply) => {
    checkFormToken(req);
    try {
      const { sessionToken, after } = await readerAccounts.verifyCode(req.body.code, req.cookies[READER_NONCE_COOKIE]);
      return signedIn(reply, req, sessionToken, after);
    } catch (err) {
      if (!(err instanceof MastheadError) || err.statusCode !== 400) throw err;
      return send(req, reply, <CheckEmailView site={await site(req)} csrf={formToken(req, reply)} error={err.message} />, 400);
    }
  });

  // The Follow button of cached public pages: the page cannot carry a per-reader token, so a
  // signed-in follow is accepted from this site's own pages only (the browser's Origin or
  // Sec-Fetch-Site), or with the session's token (the account page's forms).
  app.post('/account/follow', { schema: { body: FollowBody } }, async (req, reply) => {
    const body = req.body;
    const kind = followKind(body.kind);
    if (!kind) throw CsrfRejected();
    const next = safeNext(body.next);
    const session = await sessionOf(req);
    if (!session) {
      const target = await follows.target(kind, body.slug, web.siteIdOf(req));
      return signInPage(req, reply, { next, ...(target ? { follow: { kind, slug: body.slug, name: target.name } } : {}) });
    }
    const tokenOk = typeof body._csrf === 'string' && sameSecret(body._csrf, session.csrfToken);
    if (!tokenOk && !sameOrigin(req, web.site(req).url)) throw CsrfRejected();
    await follows.follow(session.reader.id, kind, body.slug, web.siteIdOf(req));
    return reply.redirect(next ?? '/account', 303);
  });

  app.post('/account/unfollow', { schema: { body: FollowBody } }, async (req, reply) => {
    const session = await requireForm(req, reply);
    if (!session) return reply;
    const body = req.body;
    const kind = followKind(body.kind);
    if (kind) await follows.unfollow(session.reader.id, kind, body.slug, web.siteIdOf(req));
    return reply.redirect('/account?done=unfollowed', 303);
  });

  app.post('/account/alerts', { schema: { body: Type.Object({ mode: Type.Union([Type.Literal('instant'), Type.Literal('daily'), Type.Literal('off')]), _csrf: Text(100) }) } }, async (req, reply) => {
    const session = await requireForm(req, reply);
    if (!session) return reply;
    await follows.setAlertMode(session.reader.id, req.body.mode);
    return reply.redirect('/account?done=alerts', 303);
  });

  // The account page's toggle per newsletter: the session's CSRF token, as every form here.
  app.post('/account/newsletters', { schema: { body: Type.Object({ _csrf: Text(100), list: Type.String({ maxLength: 60 }), subscribe: Type.Union([Type.Literal('yes'), Type.Literal('no')]) }) } }, async (req, reply) => {
    const session = await requireForm(req, reply);
    if (!session) return reply;
    const { list, subscribe } = req.body;
    await newsletters.setSubscription(session.reader.id, list, subscribe === 'yes', web.siteIdOf(req));
    return reply.redirect(`/account?done=${subscribe === 'yes' ? 'subscribed' : 'unsubscribed'}`, 303);
  });

  app.post('/account/profile', { schema: { body: ProfileBody } }, async (req, reply) => {
    const session = await requireForm(req, reply);
    if (!session) return reply;
    try {
      await readerAccounts.updateProfile(session.reader.id, req.body);
    } catch (err) {
      if (!(err instanceof MastheadError) || err.statusCode !== 422) throw err;
      return send(req, reply, await accountView(req, session, { error: err.message }), 422);
    }
    return reply.redirect('/account?done=profile', 303);
  });

  app.get('/account/export', async (req, reply) => {
    const session = await sessionOf(req);
    if (!session) return reply.redirect('/account/sign-in?next=/account', 303);
    const data = await readerAccounts.exportData(session.reader.id);
    return reply
      .header('content-disposition', 'attachment; filename="my-data.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/account/delete', { schema: { body: Type.Object({ _csrf: Text(100), confirm: Text(10) }) } }, async (req, reply) => {
    const session = await requireForm(req, reply);
    if (!session) return reply;
    if (req.body.confirm !== 'yes') return reply.redirect('/account', 303);
    await readerAccounts.deleteAccount(session.reader.id, 'reader');
    clearCookie(reply, READER_SESSION_COOKIE, cookieOptions(req, '/'));
    return reply.redirect('/account/sign-in?done=deleted', 303);
  });

  app.post('/account/sign-out', { schema: { body: Type.Object({ _csrf: Text(100) }) } }, async (req, reply) => {
    const session = await requireForm(req, reply);
    if (!session) return reply;
    await readerAccounts.signOut(req.cookies[READER_SESSION_COOKIE]!);
    clearCookie(reply, READER_SESSION_COOKIE, cookieOptions(req, '/'));
    return reply.redirect('/account/sign-in?done=signed-out', 303);
  });

  // The link in every alert, and its List-Unsubscribe: GET asks, POST (RFC 8058 one-click) stops
  // alerts at once. The key in the link is the proof; no sign-in.
  app.get('/account/alerts/unsubscribe', { schema: { querystring: UnsubscribeQuery } }, async (req, reply) => {
    await send(req, reply, <UnsubscribeAlertsView site={await site(req)} action={req.url} done={false} />);
  });
  app.post('/account/alerts/unsubscribe', { schema: { querystring: UnsubscribeQuery } }, async (req, reply) => {
    const { r, k } = req.query;
    if (!(await follows.unsubscribeAlerts(r, k))) throw CsrfRejected();
    await send(req, reply, <UnsubscribeAlertsView site={await site(req)} action={req.url} done />);
  });
};

import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionRecord } from '../../admin/index.ts';
import { type AccountService, CsrfRejected, sameToken } from '../../admin/index.ts';
import { formText } from '../form-parts.ts';

export const SESSION_COOKIE = 'mh_session';
/** The sign-in form's CSRF token (double-submit: cookie and hidden field), before any session exists. */
export const SIGN_IN_COOKIE = 'mh_signin';

/**
 * No inline script or style anywhere in the admin: scripts and styles come only from this origin
 * (the hashed files under /admin/assets), nothing may frame the admin, forms post only here. The
 * one frame the admin shows is its own preview.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  // The preview frame (srcdoc, so under this policy) shows the site's own fonts.
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function securityHeaders(reply: FastifyReply): void {
  reply
    .header('content-security-policy', ADMIN_CSP)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');
}

/**
 * The preview of an article (an editor's unsaved text rendered as the public page): sandboxed, so
 * nothing in it runs script or submits a form even when opened in its own tab, and framed only
 * by the editor beside it.
 */
export const PREVIEW_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "frame-ancestors 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  'sandbox',
].join('; ');

export function previewHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', PREVIEW_CSP).header('x-frame-options', 'SAMEORIGIN');
}

const sessions = new WeakMap<FastifyRequest, SessionRecord>();

/** The signed-in session of a request that passed `requireSession`. */
export function sessionOf(req: FastifyRequest): SessionRecord {
  const s = sessions.get(req);
  if (!s) throw CsrfRejected();
  return s;
}

export function optionalSession(req: FastifyRequest): SessionRecord | undefined {
  return sessions.get(req);
}

/**
 * Cookie attributes: HttpOnly, SameSite=Lax, only under /admin, Secure whenever the request came over HTTPS.
 * A lasting cookie says how long it lives (`Max-Age`), never until when (`Expires`): the browser counts
 * from its own clock, so a server clock that is skewed (or a test's fixed clock) cannot hand it a cookie
 * that has already expired.
 */
export function cookieOptions(req: FastifyRequest, lifetimeMs?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.protocol === 'https', path: '/admin', ...(lifetimeMs ? { maxAge: Math.floor(lifetimeMs / 1000) } : {}) };
}

export function newFormToken(): string {
  return randomBytes(32).toString('base64url');
}

function submittedToken(req: FastifyRequest): string {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  // A form post carries a string; a multipart field (an upload form) is an object with its value.
  return formText(req.body, '_csrf');
}

/** Refuses (403) a state-changing request whose token does not match `expected`. */
export function checkCsrf(req: FastifyRequest, expected: string | undefined): void {
  const got = submittedToken(req);
  if (!expected || !got || !sameToken(got, expected)) throw CsrfRejected();
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The guard in front of every signed-in page, run before the body is read (no one without a
 * session can make the server read a 10 MB upload): a live session or a redirect to the sign-in
 * page. False when it answered.
 */
export async function requireSession(accounts: AccountService, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const session = await accounts.session(req.cookies[SESSION_COOKIE]);
  if (!session) {
    await reply.redirect('/admin/sign-in', 303);
    return false;
  }
  sessions.set(req, session);
  return true;
}

/** Once the body is read, for anything but GET/HEAD: the session's CSRF token. */
export function requireSessionCsrf(req: FastifyRequest): void {
  if (!SAFE.has(req.method)) checkCsrf(req, sessionOf(req).csrfToken);
}

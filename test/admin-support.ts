import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { makeTestApp, type TestApp } from './support.ts';

/** A password long enough for the admin's rule. */
export const PASSWORD = 'correct horse battery';

/** Cookies from a response's set-cookie headers, as `name=value` pairs (cleared ones dropped). */
export function cookiesOf(headers: Record<string, unknown>): Record<string, string> {
  const raw = headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? (raw as string[]) : [String(raw)];
  const out: Record<string, string> = {};
  for (const c of list) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

/** The value of the first hidden `_csrf` field in a page. */
export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field in the page');
  return m[1]!;
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

/** Posts the sign-in form as a browser would (fetching the form first for its token). */
export async function postSignIn(app: TestApp, email: string, password: string, ip = '127.0.0.1') {
  const page = await app.http.inject({ method: 'GET', url: '/admin/sign-in', remoteAddress: ip });
  const cookies = cookiesOf(page.headers);
  return app.http.inject({
    method: 'POST',
    url: '/admin/sign-in',
    remoteAddress: ip,
    headers: { ...FORM, cookie: cookieHeader(cookies) },
    payload: form({ _csrf: csrfIn(page.body), email, password }),
  });
}

export interface Agent {
  readonly cookie: string;
  readonly csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Creates a user with `role` and signs in: an agent that sends the session cookie and CSRF token. */
export async function signedIn(app: TestApp, role: 'admin' | 'editor' | 'contributor', email = `${role}@example.com`): Promise<Agent> {
  if (!(await app.store.users.byEmail(email))) await app.accounts.addUser({ email, role, password: PASSWORD, name: `${role} person` }, 'test');
  const res = await postSignIn(app, email, PASSWORD);
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = `mh_session=${cookiesOf(res.headers).mh_session}`;
  const home = await app.http.inject({ method: 'GET', url: '/admin', headers: { cookie } });
  const csrf = csrfIn(home.body);
  return {
    cookie,
    csrf,
    get: (url) => app.http.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, fields) => app.http.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload: form({ _csrf: csrf, ...fields }) }),
  };
}

/** What `signedInEachTest` gives each test: a new app and a user of the role, signed in. */
export interface SignedInApp {
  readonly app: TestApp;
  readonly agent: Agent;
}

/**
 * The setup most admin route tests share: before each test a new app (given `prepare` first, such
 * as a directory to import) with a `role` user signed in, closed after it. Read `.app` and
 * `.agent` in tests and hooks (they change with each test).
 */
export function signedInEachTest(role: 'admin' | 'editor' | 'contributor', prepare?: (app: TestApp) => Promise<unknown>): SignedInApp {
  let app: TestApp;
  let agent: Agent;
  beforeEach(async () => {
    app = await makeTestApp();
    await prepare?.(app);
    agent = await signedIn(app, role);
  });
  afterEach(() => app.close());
  return {
    get app() {
      return app;
    },
    get agent() {
      return agent;
    },
  };
}

/** The agent's requests with the admin's site-switcher cookie naming `siteId`, as after switching (or forging it). */
export function onSite(app: TestApp, agent: Agent, siteId: number): Pick<Agent, 'get' | 'post'> {
  const cookie = `${agent.cookie}; mh_admin_site=${siteId}`;
  return {
    get: (url) => app.http.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, fields) => app.http.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload: form({ _csrf: agent.csrf, ...fields }) }),
  };
}

/** A multipart/form-data body (an upload form): text fields, then optionally one file field named `file`. */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = '----masthead-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Two `masthead serve` processes on one PostgreSQL database: what node A publishes through its
 * admin shows on node B's home page, article page, feed and search within 2 seconds (B's page
 * cache warm with the old pages), and a schedule due while both run publishes exactly once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, cookiesOf, csrfIn, FORM, form, PASSWORD } from './admin-support.ts';
import { runCli, type ServeNode, startServe, stopServe } from './node-process.ts';
import { freshPostgresDatabase, POSTGRES_ADMIN_URL, TEST_DB } from './support.ts';

const VISIBLE_WITHIN_MS = 2000;
const EMAIL = 'editor@example.com';

/** An admin session on a node over real HTTP: the session cookie and the CSRF token its forms carry. */
async function signIn(base: string): Promise<{ post(path: string, fields: Record<string, string>): Promise<string> }> {
  const page = await fetch(`${base}/admin/sign-in`);
  const signInCookies = cookiesOf({ 'set-cookie': page.headers.getSetCookie() });
  const res = await fetch(`${base}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, cookie: cookieHeader(signInCookies) },
    body: form({ _csrf: csrfIn(await page.text()), email: EMAIL, password: PASSWORD }),
  });
  expect(res.status).toBe(303);
  const cookie = `mh_session=${cookiesOf({ 'set-cookie': res.headers.getSetCookie() }).mh_session}`;
  const csrf = csrfIn(await (await fetch(`${base}/admin`, { headers: { cookie } })).text());
  return {
    // Posts a form and returns where it redirects (the editor redirects after every save).
    async post(path, fields) {
      const r = await fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie }, body: form({ _csrf: csrf, ...fields }) });
      if (r.status !== 303) expect.fail(`POST ${path}: ${r.status} ${await r.text()}`);
      return r.headers.get('location') ?? '';
    },
  };
}

const fields = (headline: string, slug: string, body: string) => ({ headline, slug, body, standfirst: 'Both nodes should agree.', section: 'Tolling', tags: 'ANPR', authors: 'Ada Writer' });

/** Milliseconds until every URL's body contains its text, polling every 25 ms; fails after `limitMs`. */
async function visibleAfter(checks: [url: string, text: string][], limitMs: number, since: number): Promise<number> {
  const pending = new Map(checks);
  while (pending.size) {
    for (const [url, text] of pending) if ((await (await fetch(url)).text()).includes(text)) pending.delete(url);
    if (Date.now() - since > limitMs) expect.fail(`not visible within ${limitMs} ms: ${[...pending.keys()].join(', ')}`);
    if (pending.size) await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - since;
}

async function cacheState(url: string): Promise<string | null> {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.headers.get('x-cache');
}

describe.skipIf(TEST_DB !== 'postgres')('two app processes on one PostgreSQL database (runs in the postgres project)', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let db: pg.Client;
  let a: ServeNode;
  let b: ServeNode;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    const env = { DATABASE_URL: database.url, SCHEDULER_INTERVAL_MS: '200', SITE_TIMEZONE: 'UTC', SITE_URL: 'https://news.example' };
    // All three open the new database at once: migrations take PostgreSQL's migration lock, so one runs them.
    [a, b] = await Promise.all([startServe(env), startServe(env), runCli(['users', 'add', '--email', EMAIL, '--role', 'editor', '--password', PASSWORD, '--database-url', database.url])]);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // Starting three tsx processes takes ~10 s on an idle two-core machine, minutes on a loaded one.
  }, 180_000);

  afterAll(async () => {
    await db?.end().catch(() => {});
    await Promise.all([a, b].map((n) => n && stopServe(n.child)));
    await database?.drop();
  });

  it("shows on node B, within 2 s, what node A's admin published (B's cache warm with the old pages)", async () => {
    const editor = await signIn(a.url);
    await editor.post('/admin/articles/new', { ...fields('Gantry tender opens', 'gantry-tender-opens', 'The quetzalcoatl gantry tender opens.'), action: 'publish' });
    const [, id] = /\/admin\/articles\/(\d+)/.exec(await editor.post('/admin/articles/new', { ...fields('Kerbside sensors trial', 'kerbside-sensors-trial', 'A quetzalcoatl kerbside trial.'), action: 'publish' })) ?? [];
    await visibleAfter([[`${b.url}/`, '/news/kerbside-sensors-trial']], 5000, Date.now());

    // B serves the pages as they are now from its cache; only a cross-node invalidation changes them.
    const warm = [`${b.url}/`, `${b.url}/news/kerbside-sensors-trial`, `${b.url}/feed.xml`];
    for (const url of warm) await cacheState(url);
    await new Promise((r) => setTimeout(r, 300));
    for (const url of warm) expect(await cacheState(url), url).toBe('HIT');

    // Timed from A's answer: the publish has committed then (the save itself takes 0.1–0.5 s).
    await editor.post('/admin/articles/new', { ...fields('Clearing house goes live', 'clearing-house-goes-live', 'The quetzalcoatl clearing house is live.'), action: 'publish' });
    let t0 = Date.now();
    const published = await visibleAfter(
      [
        [`${b.url}/`, '/news/clearing-house-goes-live'],
        [`${b.url}/news/clearing-house-goes-live`, '<h1>Clearing house goes live</h1>'],
        [`${b.url}/feed.xml`, '/news/clearing-house-goes-live'],
        [`${b.url}/search?q=quetzalcoatl`, '/news/clearing-house-goes-live'],
      ],
      VISIBLE_WITHIN_MS,
      t0,
    );

    // An edit to an article whose page B has cached again since.
    await cacheState(`${b.url}/news/kerbside-sensors-trial`);
    expect(await cacheState(`${b.url}/news/kerbside-sensors-trial`)).toBe('HIT');
    await editor.post(`/admin/articles/${id}`, { ...fields('Kerbside sensors trial extended', 'kerbside-sensors-trial', 'A quetzalcoatl kerbside trial, extended.'), action: 'publish' });
    t0 = Date.now();
    const edited = await visibleAfter([[`${b.url}/news/kerbside-sensors-trial`, '<h1>Kerbside sensors trial extended</h1>']], VISIBLE_WITHIN_MS, t0);
    console.info(`multi-node: after A answered, B showed a new article after ${published} ms, an edit after ${edited} ms`);
  });

  it('publishes articles scheduled while both nodes run exactly once', async () => {
    const editor = await signIn(b.url);
    const due = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const at = new Date(due).toISOString().slice(0, 19); // the form's datetime-local, in UTC (SITE_TIMEZONE)
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const location = await editor.post('/admin/articles/new', { ...fields(`Timed story ${n}`, `timed-story-${n}`, `Scheduled story ${n}.`), action: 'schedule', scheduleAt: at });
      ids.push(Number(/\/admin\/articles\/(\d+)/.exec(location)?.[1]));
    }
    const status = async () => (await db.query<{ status: string }>('SELECT status FROM articles WHERE id = ANY($1)', [ids])).rows.map((r) => r.status);
    expect(await status()).toEqual(['scheduled', 'scheduled', 'scheduled']);
    const revisionsBefore = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM revisions WHERE article_id = ANY($1)', [ids]);

    const deadline = due + 5000;
    while ((await status()).some((s) => s !== 'published') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Let a few more scheduler rounds of both nodes pass: none may publish again.
    await new Promise((r) => setTimeout(r, 600));

    const rows = await db.query<{ id: number; status: string; published_at: number }>('SELECT id, status, published_at FROM articles WHERE id = ANY($1) ORDER BY id', [ids]);
    expect(rows.rows).toEqual(ids.map((id) => ({ id, status: 'published', published_at: due })));
    const audit = await db.query<{ subject: string; n: number }>(
      "SELECT subject, COUNT(*)::int AS n FROM audit_log WHERE actor = 'scheduler' AND action = 'publish' GROUP BY subject ORDER BY subject",
    );
    expect(audit.rows).toEqual(ids.map((id) => ({ subject: `article:${id}`, n: 1 })));
    const revisionsAfter = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM revisions WHERE article_id = ANY($1)', [ids]);
    expect(revisionsAfter.rows[0]!.n).toBe(revisionsBefore.rows[0]!.n);
    await visibleAfter([[`${a.url}/`, '/news/timed-story-3']], VISIBLE_WITHIN_MS, Date.now());
  });

  it('stops on SIGTERM, closing its HTTP server and every database connection', async () => {
    await db.end();
    expect(await Promise.all([stopServe(a.child), stopServe(b.child)])).toEqual([0, 0]);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    const left = await admin.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [new URL(database.url).pathname.slice(1)]);
    await admin.end();
    expect(left.rows[0]!.n).toBe(0);
    await expect(fetch(a.url)).rejects.toThrow();
  });
});

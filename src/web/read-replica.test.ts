import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, signedIn } from '../../test/admin-support.ts';
import { article, freshPostgresDatabase, makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';
import { loadConfig } from '../config/index.ts';

/*
 * DATABASE_READ_URL, without real replication: the "replica" is a copy of the primary
 * (CREATE DATABASE … TEMPLATE) that the test brings up to date by hand, so what each side shows
 * tells which database answered.
 */

describe('DATABASE_READ_URL', () => {
  it('is refused without a PostgreSQL primary: SQLite has no replicas', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://127.0.0.1/replica' })).toThrow(
      'Invalid configuration: DATABASE_READ_URL: a read replica needs a PostgreSQL primary in DATABASE_URL',
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/primary', DATABASE_READ_URL: 'mysql://replica' })).toThrow('DATABASE_READ_URL: must be a postgres://');
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/p', DATABASE_READ_URL: 'postgres://127.0.0.1/r' }).database).toEqual({ kind: 'postgres', url: 'postgres://127.0.0.1/p', readUrl: 'postgres://127.0.0.1/r' });
  });
});

const FIELDS = { standfirst: 'Read from one side.', body: 'Replica words here.', section: 'Tolling', tags: 'ANPR', authors: 'Ada Writer' };

let address = '';

/** Over real HTTP: the page cache answers before Fastify, which `inject` would bypass. */
async function get(url: string) {
  const res = await fetch(`${address}${url}`);
  return { status: res.status, body: await res.text(), cache: res.headers.get('x-cache') };
}

describe.skipIf(TEST_DB !== 'postgres')('a read replica (runs in the postgres project)', () => {
  let primary: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let replica: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let app: TestApp;
  /** Writes to the replica, standing in for replication. */
  let replication: TestApp;
  let editor: Agent;

  beforeAll(async () => {
    primary = await freshPostgresDatabase();
    const seed = await makeTestApp({ DATABASE_URL: primary.url });
    await seed.pipeline.save(article({ headline: 'Known to both databases' }));
    await seed.close();
    replica = await freshPostgresDatabase(primary.name);
    app = await makeTestApp({ DATABASE_URL: primary.url, DATABASE_READ_URL: replica.url });
    address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    replication = await makeTestApp({ DATABASE_URL: replica.url });
    // The editor and its session exist only on the primary: signing in proves where they are read.
    editor = await signedIn(app, 'editor');
  });

  afterAll(async () => {
    await app?.close();
    await replication?.close();
    await replica?.drop();
    await primary?.drop();
  });

  it('serves public pages, feeds, search and the API from the replica, the admin from the primary', async () => {
    expect(app.store.replicated).toBe(true);
    const location = await editor.post('/admin/articles/new', { ...FIELDS, headline: 'Primary gantry story', slug: 'primary-gantry-story', action: 'publish' });
    expect(location.statusCode).toBe(303);
    // The editor sees what it just saved.
    expect((await editor.get('/admin')).body).toContain('Primary gantry story');
    expect((await editor.get(location.headers.location as string)).body).toContain('value="Primary gantry story"');

    // The public side reads the replica, which has not received it.
    expect((await get('/news/primary-gantry-story')).status).toBe(404);
    for (const url of ['/', '/news', '/feed.xml', '/sections/tolling', '/api/v1/articles', '/search?q=replica', '/api/v1/search?q=replica', '/news-sitemap.xml']) {
      const page = await get(url);
      expect(page.body, url).not.toContain('primary-gantry-story');
    }
    expect((await get('/')).body).toContain('Known to both databases');
    expect(await app.store.reads.state.contentVersion()).toBeLessThan(await app.store.state.contentVersion());
  });

  it('keeps pages rendered from the replica until it shows the change, then empties the cache', async () => {
    await get('/');
    expect((await get('/')).cache).toBe('HIT');
    await app.pipeline.save(article({ headline: 'Second gantry story', slug: 'second-gantry-story' }));
    // Rendered again, still from the replica; past a content-version poll it stays cached: the
    // primary's newer version does not count, the replica's does.
    await get('/');
    await new Promise((r) => setTimeout(r, 2300));
    const stale = await get('/');
    expect(stale.cache).toBe('HIT');
    expect(stale.body).not.toContain('second-gantry-story');

    // "Replication" delivers both changes (and the version row with them).
    await replication.pipeline.save(article({ headline: 'Primary gantry story', slug: 'primary-gantry-story' }));
    await replication.pipeline.save(article({ headline: 'Second gantry story', slug: 'second-gantry-story' }));
    expect(await app.store.reads.state.contentVersion()).toBe(await app.store.state.contentVersion());
    const t0 = Date.now();
    let page = await get('/');
    while (!page.body.includes('second-gantry-story') && Date.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 50));
      page = await get('/');
    }
    expect(page.body).toContain('second-gantry-story');
    expect(page.body).toContain('primary-gantry-story');
    expect((await get('/news/primary-gantry-story')).status).toBe(200);
  });
});

import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { article, decodedBody, makeTestApp, type TestApp } from '../../test/support.ts';

const BROWSER = { accept: 'text/html', 'accept-encoding': 'br, gzip' };
const TOKEN = 'a-scraper-token-long-enough';

const opened: TestApp[] = [];
async function open(env: Record<string, string> = {}, log?: pino.Logger): Promise<TestApp> {
  const app = await makeTestApp(env, log);
  opened.push(app);
  await app.pipeline.save(article({ headline: 'Observed story', section: 'Rail' }));
  return app;
}
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

/** Requests through a real socket: cache hits are answered before Fastify, which inject() skips. */
async function over(app: TestApp, path: string, headers: Record<string, string> = BROWSER) {
  const address = app.http.server.listening ? `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}` : await app.http.listen({ port: 0, host: '127.0.0.1' });
  return fetch(`${address}${path}`, { headers });
}

async function scrape(app: TestApp): Promise<string> {
  const res = await app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

/** The value of one sample line, `name{labels} value`, or undefined when absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('does not exist unless METRICS_TOKEN is set', async () => {
    const app = await open();
    const res = await app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer anything-at-all-here' } });
    expect(res.statusCode).toBe(404);
  });
  it('refuses a scraper without the token, or with another', async () => {
    const app = await open({ METRICS_TOKEN: TOKEN });
    expect((await app.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('masthead_');
  });
  it('counts requests by route pattern and status, with latency, never by raw URL', async () => {
    const app = await open({ METRICS_TOKEN: TOKEN });
    for (const url of ['/news/observed-story', '/news/observed-story?utm_source=x', '/no/such/page-1', '/no/such/page-2']) {
      await app.http.inject({ method: 'GET', url, headers: BROWSER });
    }
    const metrics = await scrape(app);
    expect(sample(metrics, 'masthead_http_requests_total{method="GET",route="/news/:slug",status="200"}')).toBe(2);
    expect(sample(metrics, 'masthead_http_requests_total{method="GET",route="(unmatched)",status="404"}')).toBe(2);
    expect(sample(metrics, 'masthead_http_request_duration_seconds_count{method="GET",route="/news/:slug"}')).toBe(2);
    expect(metrics).not.toContain('observed-story');
    expect(metrics).not.toContain('page-1');
  });
  it('counts page-cache hits and misses, entries and bytes', async () => {
    const app = await open({ METRICS_TOKEN: TOKEN });
    await over(app, '/news/observed-story');
    await over(app, '/news/observed-story');
    await over(app, '/news/observed-story');
    const metrics = await scrape(app);
    expect(sample(metrics, 'masthead_page_cache_hits_total')).toBe(2);
    expect(sample(metrics, 'masthead_page_cache_misses_total')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'masthead_page_cache_entries')).toBe(app.pageCache.size);
    expect(sample(metrics, 'masthead_page_cache_bytes')).toBe(app.pageCache.bytes);
    expect(app.pageCache.bytes).toBeGreaterThan(0);
  });
  it('reports database query time, and the pool on PostgreSQL', async () => {
    const app = await open({ METRICS_TOKEN: TOKEN });
    const before = sample(await scrape(app), 'masthead_db_query_duration_seconds_count{outcome="ok"}') ?? 0;
    await app.http.inject({ method: 'GET', url: '/api/v1/articles' });
    const metrics = await scrape(app);
    expect(sample(metrics, 'masthead_db_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThan(before);
    if (app.store.kind === 'postgres') expect(sample(metrics, 'masthead_db_pool_connections{role="primary"}')).toBeGreaterThan(0);
    else expect(metrics).not.toContain('masthead_db_pool_connections{');
  });
  it('reports the re-tag job and the process', async () => {
    const app = await open({ METRICS_TOKEN: TOKEN });
    let metrics = await scrape(app);
    expect(sample(metrics, 'masthead_job_pending{job="retag"}')).toBe(0);
    await app.store.jobs.request('retag');
    metrics = await scrape(app);
    expect(sample(metrics, 'masthead_job_pending{job="retag"}')).toBe(1);
    expect(sample(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');
  });
  it('reports every background job and the mail outbox queued by kind', async () => {
    const app = await open({ METRICS_TOKEN: TOKEN });
    for (const job of ['retag', 'reader-alerts', 'reader-digest', 'newsletter-schedule']) expect(sample(await scrape(app), `masthead_job_running{job="${job}"}`)).toBe(0);
    const { reader } = await app.store.readers.ensure({ email: 'queued@example.com', status: 'active', source: 'signup', now: app.clock.now });
    await app.store.outbox.enqueue([{ kind: 'issue', ref: 1, readerId: reader.id, email: 'queued@example.com' }, { kind: 'alert', ref: 2, readerId: reader.id, email: 'queued@example.com' }, { kind: 'issue', ref: 3, readerId: reader.id, email: 'queued@example.com' }], app.clock.now);
    const metrics = await scrape(app);
    expect(sample(metrics, 'masthead_mail_outbox_queued{kind="issue"}')).toBe(2);
    expect(sample(metrics, 'masthead_mail_outbox_queued{kind="alert"}')).toBe(1);
  });
});

describe('request ids', () => {
  it('echoes a sane X-Request-Id from the proxy, on pages and on the API', async () => {
    const app = await open();
    const page = await app.http.inject({ method: 'GET', url: '/news/observed-story', headers: { ...BROWSER, 'x-request-id': 'proxy-7f3a.1' } });
    expect(page.headers['x-request-id']).toBe('proxy-7f3a.1');
    const api = await app.http.inject({ method: 'GET', url: '/api/v1/articles', headers: { 'x-request-id': 'proxy-7f3a.2' } });
    expect(api.headers['x-request-id']).toBe('proxy-7f3a.2');
  });
  it.each(['<script>alert(1)</script>', 'two words', 'x'.repeat(101), ''])('replaces an unusable X-Request-Id (%s) with one of its own', async (incoming) => {
    const app = await open();
    const res = await app.http.inject({ method: 'GET', url: '/', headers: { ...BROWSER, 'x-request-id': incoming } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
  it('gives each request its own id', async () => {
    const app = await open();
    const [a, b] = await Promise.all([app.http.inject({ method: 'GET', url: '/' }), app.http.inject({ method: 'GET', url: '/' })]);
    expect(a.headers['x-request-id']).toBeTruthy();
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
  it('shows the id on a 500 page and logs the failure under it', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const app = await open({}, pino({ level: 'error' }, sink));
    vi.spyOn(app.web, 'siteInfo').mockRejectedValue(new Error('database went away'));
    const res = await app.http.inject({ method: 'GET', url: '/news/observed-story', headers: { ...BROWSER, 'x-request-id': 'quote-me-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['x-request-id']).toBe('quote-me-42');
    expect(decodedBody(res)).toContain('<code>quote-me-42</code>');
    expect(lines.find((l) => l.msg === 'request failed')).toMatchObject({ reqId: 'quote-me-42' });
  });
});

describe('/readyz', () => {
  it('is ready when the database answers and every migration ran', async () => {
    const app = await open();
    const res = await app.http.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });
  it('is not ready, naming the migration, when the database lacks one this code has', async () => {
    const app = await open();
    const last = await sql<{ name: string }>`SELECT MAX(name) AS name FROM kysely_migration`.execute(app.store.db);
    const name = last.rows[0]!.name;
    await sql`DELETE FROM kysely_migration WHERE name = ${name}`.execute(app.store.db);
    const res = await app.http.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unready', checks: { database: 'ok', migrations: `pending: ${name}` } });
  });
  it('is not ready when the database does not answer', async () => {
    const app = await open();
    await app.store.db.destroy();
    const res = await app.http.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unready', checks: { database: 'failed', migrations: 'not checked' } });
  });
});

describe('search load shedding', () => {
  it('limits searches per address across the search page and its API, with Retry-After and a readable answer', async () => {
    const app = await open({ SEARCH_RATE_LIMIT: '3' });
    const search = (url: string, remoteAddress = '127.0.0.1') => app.http.inject({ method: 'GET', url, headers: BROWSER, remoteAddress });
    expect((await search('/search?q=observed')).statusCode).toBe(200);
    expect((await search('/api/v1/suggest?q=obs')).statusCode).toBe(200);
    expect((await search('/api/v1/search?q=observed')).statusCode).toBe(200);
    const page = await search('/search?q=story');
    expect(page.statusCode).toBe(429);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(decodedBody(page)).toContain('<h1>Too many requests</h1>');
    expect(decodedBody(page)).toContain('Too many searches from your address');
    const api = await search('/api/v1/search?q=story');
    expect(api.statusCode).toBe(429);
    expect(api.json()).toMatchObject({ statusCode: 429, code: 'MH_RATE_LIMITED' });
    // Readers of pages, and other addresses, are not held back by one address's searches.
    expect((await search('/news/observed-story')).statusCode).toBe(200);
    expect((await search('/search?q=story', '10.0.0.9')).statusCode).toBe(200);
  });
  it('counts the reader a trusted proxy saw, not the proxy', async () => {
    const app = await open({ SEARCH_RATE_LIMIT: '1', TRUST_PROXY: '127.0.0.1' });
    const search = (reader: string) => app.http.inject({ method: 'GET', url: '/search?q=observed', headers: { ...BROWSER, 'x-forwarded-for': reader } });
    expect((await search('203.0.113.1')).statusCode).toBe(200);
    expect((await search('203.0.113.2')).statusCode).toBe(200);
    expect((await search('203.0.113.1')).statusCode).toBe(429);
  });
  it('can be switched off', async () => {
    const app = await open({ SEARCH_RATE_LIMIT: '0' });
    for (let i = 0; i < 5; i++) expect((await app.http.inject({ method: 'GET', url: `/search?q=s${i}`, headers: BROWSER })).statusCode).toBe(200);
  });
  it('has a generous default', async () => {
    const app = await open();
    for (let i = 0; i < 60; i++) expect((await app.http.inject({ method: 'GET', url: `/api/v1/suggest?q=s${i}` })).statusCode).toBe(200);
  });
});

describe('page load shedding', () => {
  it('limits the pages one address makes the app render, 404s included, with Retry-After, and leaves others alone', async () => {
    const app = await open({ PAGE_RATE_LIMIT: '3' });
    const get = (url: string, remoteAddress = '127.0.0.1') => app.http.inject({ method: 'GET', url, headers: BROWSER, remoteAddress });
    expect((await get('/news/observed-story')).statusCode).toBe(200);
    expect((await get('/news/made-up-1')).statusCode).toBe(404);
    expect((await get('/news')).statusCode).toBe(200);
    const refused = await get('/news/made-up-2');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(decodedBody(refused)).toContain('Too many pages requested from your address');
    // Other addresses, and routes with limits of their own, are not held back.
    expect((await get('/news/observed-story', '10.0.0.9')).statusCode).toBe(200);
    expect((await get('/api/v1/articles')).statusCode).toBe(200);
    expect((await get('/healthz')).statusCode).toBe(200);
    expect((await get('/search?q=observed')).statusCode).toBe(200);
  });

  it('never counts pages the page cache answers', async () => {
    const app = await open({ PAGE_RATE_LIMIT: '2' });
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    for (let i = 0; i < 6; i++) expect((await fetch(`${address}/news/observed-story`, { headers: BROWSER })).status).toBe(200);
    expect((await fetch(`${address}/news/made-up-1`, { headers: BROWSER })).status).toBe(404);
    expect((await fetch(`${address}/news/made-up-2`, { headers: BROWSER })).status).toBe(429);
  });
});

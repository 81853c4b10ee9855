import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { article, makeTestApp, NOW, type TestApp } from '../../test/support.ts';

describe('content API keys and rate limits', () => {
  let app: TestApp;
  let key: string;

  beforeEach(async () => {
    app = await makeTestApp({ API_RATE_LIMIT: '5', API_KEY_RATE_LIMIT: '8' });
    await app.pipeline.save(article({ headline: 'Published tolling story' }));
    await app.pipeline.save(article({ headline: 'Draft about kerbside charging', status: 'draft', publishedAt: undefined }));
    await app.pipeline.save(article({ headline: 'Scheduled rail story', status: 'scheduled', publishedAt: NOW + 3600_000 }));
    key = (await app.apiKeys.create('Newsletter tool', 'test')).key;
  });
  afterEach(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.http.inject({ method: 'GET', url, headers });
  const bearer = () => ({ authorization: `Bearer ${key}` });

  it('keeps only a hash of the key, shows a prefix, and audits creation and revocation', async () => {
    expect(key).toMatch(/^mh_[A-Za-z0-9_-]{43}$/);
    const rows = await app.store.db.selectFrom('api_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0]?.prefix).toBe(key.slice(0, 9));
    const [listed] = await app.apiKeys.list();
    await app.apiKeys.revoke(listed!.id, 'test');
    expect((await app.store.operations.auditOf(`api-key:${listed!.id}`)).map((e) => e.action)).toEqual(['api-key.create', 'api-key.revoke']);
    await expect(app.apiKeys.create('   ', 'test')).rejects.toMatchObject({ code: 'MH_INVALID_API_KEY_NAME' });
    await expect(app.apiKeys.revoke(999, 'test')).rejects.toMatchObject({ code: 'MH_API_KEY_NOT_FOUND' });
  });

  it('serves published content without a key, and refuses unpublished content to anonymous clients', async () => {
    const list = await get('/api/v1/articles');
    expect(list.statusCode).toBe(200);
    expect(list.headers.vary).toContain('Authorization');
    expect(list.json().articles.map((a: { title: string }) => a.title)).toEqual(['Published tolling story']);
    const drafts = await get('/api/v1/articles?status=draft');
    expect(drafts.statusCode).toBe(401);
    expect(drafts.json()).toMatchObject({ code: 'MH_API_KEY_REQUIRED' });
    const slug = (await app.store.articles.findById(2))!.slug;
    expect((await get(`/api/v1/articles/${slug}`)).statusCode).toBe(404);
  });

  it('lets a key read drafts and scheduled articles, privately', async () => {
    const drafts = await get('/api/v1/articles?status=draft', bearer());
    expect(drafts.statusCode).toBe(200);
    expect(drafts.headers['cache-control']).toBe('private, no-store');
    expect(drafts.json().articles.map((a: { title: string }) => a.title)).toEqual(['Draft about kerbside charging']);
    const scheduled = await get('/api/v1/articles?status=scheduled', { 'x-api-key': key });
    expect(scheduled.json().articles.map((a: { title: string }) => a.title)).toEqual(['Scheduled rail story']);
    const slug = (await app.store.articles.findById(2))!.slug;
    const detail = await get(`/api/v1/articles/${slug}`, bearer());
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ title: 'Draft about kerbside charging', status: 'draft' });
    const [record] = await app.apiKeys.list();
    expect(record?.lastUsedAt).toBe(NOW);
  });

  it('refuses a wrong or revoked key with 401, never falling back to anonymous', async () => {
    const wrong = await get('/api/v1/articles', { authorization: 'Bearer mh_not-a-real-key' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'MH_API_KEY_REFUSED' });
    const [record] = await app.apiKeys.list();
    await app.apiKeys.revoke(record!.id, 'test');
    expect((await get('/api/v1/articles', bearer())).statusCode).toBe(401);
  });

  it('counts refused keys against the address, so keys cannot be guessed without limit', async () => {
    for (let i = 0; i < 5; i++) expect((await get('/api/v1/sections', { authorization: `Bearer mh_guess-${i}` })).statusCode).toBe(401);
    const limited = await get('/api/v1/sections', { authorization: 'Bearer mh_guess-5' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'MH_RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await get('/api/v1/sections', bearer())).statusCode).toBe(200);
  });

  it('limits anonymous clients per address and keys per key, and leaves the site alone', async () => {
    for (let i = 0; i < 5; i++) expect((await get('/api/v1/sections')).statusCode).toBe(200);
    const limited = await get('/api/v1/sections');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'MH_RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
    // A key has its own, larger allowance.
    for (let i = 0; i < 8; i++) expect((await get('/api/v1/sections', bearer())).statusCode).toBe(200);
    expect((await get('/api/v1/sections', bearer())).statusCode).toBe(429);
    expect((await get('/')).statusCode).toBe(200);
    expect((await get('/healthz')).statusCode).toBe(200);
  });
});

describe('API rate limit behind a proxy', () => {
  // inject() connects from 127.0.0.1: the proxy. The client wrote the first X-Forwarded-For
  // entries itself; the proxy appended the address it saw, 203.0.113.7.
  const rotating = (i: number) => ({ 'x-forwarded-for': `10.0.${i}.1, 203.0.113.7` });
  it.each(['on', '1', '127.0.0.1', '127.0.0.0/8, ::1'])('counts the address the proxy saw with TRUST_PROXY=%s, whatever X-Forwarded-For the client sends', async (trust) => {
    const app = await makeTestApp({ API_RATE_LIMIT: '5', TRUST_PROXY: trust });
    try {
      for (let i = 0; i < 5; i++) expect((await app.http.inject({ method: 'GET', url: '/api/v1/sections', headers: rotating(i) })).statusCode).toBe(200);
      expect((await app.http.inject({ method: 'GET', url: '/api/v1/sections', headers: rotating(5) })).statusCode).toBe(429);
      expect((await app.http.inject({ method: 'GET', url: '/api/v1/sections', headers: { 'x-forwarded-for': '198.51.100.1' } })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
  it('refuses a TRUST_PROXY that is neither a switch, a hop count nor addresses', async () => {
    await expect(makeTestApp({ TRUST_PROXY: '10.0.0.0/33, proxy.example' })).rejects.toMatchObject({ code: 'MH_INVALID_CONFIG', message: expect.stringContaining('10.0.0.0/33, proxy.example') });
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const problemOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toMatchObject({ code: 'MH_INVALID_CONFIG' });
    return (err as Error).message;
  }
  throw new Error('expected MH_INVALID_CONFIG');
};

describe('loadConfig', () => {
  it('gives every default with an empty environment, frozen', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', path: path.resolve('./data/masthead.db') },
      media: { dir: path.resolve('./data/media') },
      site: { url: 'http://127.0.0.1:3000', title: 'Masthead Transport Review', locale: 'en-US', timeZone: 'UTC', postsPerPage: 12 },
      pageCache: { enabled: true, maxEntries: 5000, maxBytes: 32 * 1024 * 1024 },
      sqliteCacheBytes: 16 * 1024 * 1024,
      feeds: { content: 'full' },
      related: { count: 6, halfLifeDays: 365 },
      logLevel: 'info',
      trustProxy: false,
      schedulerIntervalMs: 5000,
      apiRateLimit: { anonymous: 600, keyed: 6000 },
      searchRateLimit: 300,
      pageRateLimit: 600,
      metricsToken: null,
      mail: { smtpUrl: null, from: 'Masthead <news@localhost>', dkim: null, secret: null, rate: 100, concurrency: 4, leaseMs: 60_000, webhooks: { mailgun: null, generic: null } },
    });
    expect(Object.isFrozen(c.site)).toBe(true);
  });

  it('reads numbers, words for yes and no, and lets overrides win; empty values count as unset', () => {
    const c = loadConfig(
      { PORT: '8080', PAGE_CACHE: 'off', FEED_CONTENT: 'summary', RELATED_HALF_LIFE_DAYS: '0.5', MAIL_RATE: '2.5', TRUST_PROXY: '2', HOST: '', DATABASE_URL: 'postgres://db/x' },
      { PORT: '9090' },
    );
    expect(c).toMatchObject({ port: 9090, host: '127.0.0.1', pageCache: { enabled: false }, feeds: { content: 'summary' }, related: { halfLifeDays: 0.5 }, trustProxy: 2 });
    expect(c.mail.rate).toBe(2.5);
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://db/x' });
    expect(loadConfig({ PAGE_CACHE: 'yes', TRUST_PROXY: 'on' })).toMatchObject({ pageCache: { enabled: true }, trustProxy: 1 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
  });

  it('names every wrong setting at once, each with its reason, and never echoes a value', () => {
    const message = problemOf({ PORT: 'eighty', POSTS_PER_PAGE: '0', FEED_CONTENT: 'some', PAGE_CACHE: 'maybe', SMTP_URL: 'http://mail', MAIL_SECRET: 'short-secret', TRUST_PROXY: '10.0.0.0/33', SITE_URL: 'not a url' });
    const lines = message.replace(/^[^:]*: /, '').split('; ');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['PORT', 'POSTS_PER_PAGE', 'PAGE_CACHE', 'FEED_CONTENT', 'SMTP_URL', 'MAIL_SECRET', 'TRUST_PROXY', 'SITE_URL']);
    expect(message).toContain('FEED_CONTENT: must be one of full, summary');
    expect(message).toContain('PAGE_CACHE: must be one of 1, 0, true, false, on, off, yes, no');
    expect(message).toContain('SMTP_URL: must be an smtp:// or smtps:// URL');
    expect(message).toContain('TRUST_PROXY: not off, on, a hop count or addresses and CIDR ranges: 10.0.0.0/33');
    expect(message).not.toContain('short-secret');
    expect(problemOf({ PORT: '70000' })).toMatch(/: PORT: Expected integer to be less or equal to 65535$/);
    expect(problemOf({ RELATED_COUNT: 'true' })).toMatch(/: RELATED_COUNT: Expected integer$/);
    expect(problemOf({ PORT: '80.5' })).toMatch(/: PORT: Expected integer$/);
  });

  it('refuses combinations: a replica without a primary, DKIM half set', () => {
    expect(problemOf({ DATABASE_READ_URL: 'postgres://r/x' })).toContain('DATABASE_READ_URL: a read replica needs a PostgreSQL primary');
    expect(problemOf({ MASTHEAD_DB: 'postgres://postgres@127.0.0.1:5432/site' })).toContain('MASTHEAD_DB (--db): names an SQLite file');
    expect(problemOf({ DKIM_DOMAIN: 'example.com' })).toContain('set all three');
  });
});

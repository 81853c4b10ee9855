import net from 'node:net';
import path from 'node:path';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { InvalidConfig } from '../lib/errors.ts';

/**
 * Environment values are strings: numeric settings are converted by `withNumbers` before they
 * are checked. `errorMessage` (our keyword, read by `problemsOf`) words a refusal better than the
 * library's generic one.
 */
const int = (minimum: number, maximum: number | undefined, fallback: number) => Type.Integer({ minimum, ...(maximum === undefined ? {} : { maximum }), default: fallback });
const text = (minLength: number, fallback: string) => Type.String({ minLength, default: fallback });
// Unsafe only names the static type (one of the values); the schema stays the union of literals.
const oneOf = <const T extends readonly string[]>(values: T, fallback?: T[number]) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      { errorMessage: `must be one of ${values.join(', ')}`, ...(fallback === undefined ? {} : { default: fallback }) },
    ),
  );
const url = (pattern: string, errorMessage: string) => Type.Optional(Type.String({ pattern, errorMessage }));

const BOOLEAN_WORDS = ['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'] as const;
const isOn = (v: string) => ['1', 'true', 'on', 'yes'].includes(v);

// proxy-addr's names for the private ranges, beside addresses and CIDR ranges.
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length || !net.isIP(address)) return PROXY_RANGE_NAMES.includes(entry);
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (net.isIPv4(address) ? 32 : 128));
}

/**
 * Which proxies' `X-Forwarded-*` to believe: `off`; `on` (one proxy: the client is the address the
 * nearest proxy saw, never what the client wrote in X-Forwarded-For); a number of proxy hops; or
 * the proxies' addresses and CIDR ranges, comma-separated. Never every hop: that let a client
 * choose its own address and so its rate limit and sign-in lockout.
 */
function trustProxy(value: string): { value: false | number | string[] } | { problem: string } {
  const v = value.trim().toLowerCase();
  if (['0', 'false', 'off', 'no'].includes(v)) return { value: false };
  if (['true', 'on', 'yes'].includes(v)) return { value: 1 };
  if (/^\d+$/.test(v)) return { value: Number(v) };
  const entries = v.split(',').map((e) => e.trim());
  const wrong = entries.filter((e) => !isAddressOrRange(e));
  return wrong.length ? { problem: `not off, on, a hop count or addresses and CIDR ranges: ${wrong.join(', ')}` } : { value: entries };
}

/** Every setting, read from the environment once, validated, frozen. `process.env` is read nowhere else. */
const EnvSchema = Type.Object({
  PORT: int(0, 65535, 3000),
  HOST: text(1, '127.0.0.1'),
  /** `postgres://…` switches to PostgreSQL; otherwise SQLite at MASTHEAD_DB. */
  DATABASE_URL: url('^postgres(ql)?://', 'must be a postgres:// or postgresql:// URL'),
  /** A PostgreSQL read replica for the public site's reads; writes and the admin stay on DATABASE_URL. */
  DATABASE_READ_URL: url('^postgres(ql)?://', 'must be a postgres:// or postgresql:// URL'),
  MASTHEAD_DB: text(1, './data/masthead.db'),
  /** The media library's files; every app node must see the same directory. */
  MEDIA_DIR: text(1, './data/media'),
  /** Public origin used in canonical links, feeds and sitemaps (checked by `URL.canParse` below). */
  SITE_URL: Type.Optional(Type.String()),
  SITE_TITLE: text(1, 'Masthead Transport Review'),
  SITE_DESCRIPTION: text(0, 'News and analysis for the people who build intelligent transport.'),
  SITE_LOCALE: text(2, 'en-US'),
  SITE_TIMEZONE: text(1, 'UTC'),
  POSTS_PER_PAGE: int(1, 100, 12),
  PAGE_CACHE: oneOf(BOOLEAN_WORDS, 'true'),
  PAGE_CACHE_MAX_ENTRIES: int(0, undefined, 5000),
  /** The page cache's bound in bytes (bodies and their compressed variants); least recently used pages go first. */
  PAGE_CACHE_BYTES: int(0, undefined, 32 * 1024 * 1024),
  /** SQLite's page cache in a serving node, MiB (commands keep 64): resident in every node, while the kernel caches the file anyway. */
  SQLITE_CACHE_MB: int(1, undefined, 16),
  /** Varnish (xkey) URLs to purge by surrogate key after a change, comma-separated; none: no edge purging. */
  EDGE_PURGE_URLS: text(0, ''),
  /** What feeds carry of each article: the whole body, or only its summary. */
  FEED_CONTENT: oneOf(['full', 'summary'], 'full'),
  RELATED_COUNT: int(1, 50, 6),
  RELATED_HALF_LIFE_DAYS: Type.Number({ exclusiveMinimum: 0, default: 365 }),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** See `trustProxy`. */
  TRUST_PROXY: text(0, 'off'),
  /** Content API requests a minute per client address without a key (0: no limit, e.g. behind a CDN that limits). */
  API_RATE_LIMIT: int(0, undefined, 600),
  /** Content API requests a minute per API key. */
  API_KEY_RATE_LIMIT: int(0, undefined, 6000),
  /** How often each node looks for scheduled articles that are due (tests set it low). */
  SCHEDULER_INTERVAL_MS: int(100, 3_600_000, 5000),
  /** Searches a minute per client address (/search, /api/v1/search, /api/v1/suggest; 0: no limit). */
  SEARCH_RATE_LIMIT: int(0, undefined, 300),
  /** Public pages a minute per client address that the page cache did not answer (404s included; 0: no limit). */
  PAGE_RATE_LIMIT: int(0, undefined, 600),
  /** The Bearer token that opens /metrics; unset, /metrics answers 404. */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** A port of its own for /metrics (not the public one; 0: any free port); unset, /metrics is on the public port behind METRICS_TOKEN. */
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** The address the metrics port listens on: keep it private (loopback, or the monitoring network's). */
  METRICS_HOST: text(1, '127.0.0.1'),
  /**
   * Where mail goes: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; any
   * MTA or ESP relay. Unset, messages are written to the log instead (development).
   */
  SMTP_URL: url('^smtps?://', 'must be an smtp:// or smtps:// URL'),
  /** The From of every message, e.g. `Transport Review <news@example.com>`. */
  MAIL_FROM: text(3, 'Masthead <news@localhost>'),
  /** DKIM signing: all three, or none. */
  DKIM_DOMAIN: Type.Optional(Type.String({ minLength: 1 })),
  DKIM_SELECTOR: Type.Optional(Type.String({ minLength: 1 })),
  DKIM_PRIVATE_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Signs unsubscribe links (at least 32 characters); unset, one is made and kept in the database. */
  MAIL_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** ESP webhooks for bounces and complaints: Mailgun's signing key, and a secret for the generic JSON form (docs/newsletters.md). */
  MAILGUN_WEBHOOK_SIGNING_KEY: Type.Optional(Type.String({ minLength: 8 })),
  MAIL_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** Newsletter sending: messages a second per sending node, and messages in flight at once (SMTP connections). */
  MAIL_RATE: Type.Number({ minimum: 0.1, maximum: 100_000, default: 100 }),
  MAIL_CONCURRENCY: int(1, 100, 4),
  /** How long a node holds a batch of the outbox without renewing it before another node may take it over. */
  MAIL_LEASE_SECONDS: int(2, 3600, 60),
});

export type Env = Static<typeof EnvSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Media storage: a directory shared by every node (absolute). */
  readonly media: { readonly dir: string };
  readonly database: { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string; readonly readUrl?: string };
  readonly site: {
    readonly url: string;
    readonly title: string;
    readonly description: string;
    readonly locale: string;
    readonly timeZone: string;
    readonly postsPerPage: number;
  };
  readonly pageCache: { readonly enabled: boolean; readonly maxEntries: number; readonly maxBytes: number };
  /** SQLite's page cache of a serving node, in bytes (`Store.boundCache`). */
  readonly sqliteCacheBytes: number;
  /** Varnish URLs purged by surrogate key after each change (empty: no edge cache to purge). */
  readonly edgePurgeUrls: readonly string[];
  readonly feeds: { readonly content: 'full' | 'summary' };
  readonly related: { readonly count: number; readonly halfLifeDays: number };
  readonly logLevel: Env['LOG_LEVEL'];
  /** False, a hop count, or the trusted proxies' addresses and CIDR ranges (Fastify's `trustProxy`). */
  readonly trustProxy: false | number | readonly string[];
  readonly schedulerIntervalMs: number;
  /** Requests a minute to /api/v1 per address (anonymous) and per key; 0 means no limit. */
  readonly apiRateLimit: { readonly anonymous: number; readonly keyed: number };
  /** Searches a minute per client address; 0 means no limit. */
  readonly searchRateLimit: number;
  /** Public pages a minute per client address that the page cache did not answer; 0 means no limit. */
  readonly pageRateLimit: number;
  /** The Bearer token /metrics requires, or null: no /metrics on the public port (and none asked on the metrics port). */
  readonly metricsToken: string | null;
  /** Where /metrics listens apart from the site, or null: on the public port, behind the token. */
  readonly metricsListen: { readonly port: number; readonly host: string } | null;
  readonly mail: {
    /** null: no SMTP server; messages go to the log. */
    readonly smtpUrl: string | null;
    readonly from: string;
    readonly dkim: { readonly domain: string; readonly selector: string; readonly privateKeyFile: string } | null;
    /** null: the database keeps a generated one. */
    readonly secret: string | null;
    readonly rate: number;
    readonly concurrency: number;
    readonly leaseMs: number;
    /** ESP webhook keys; null: that webhook answers 404. */
    readonly webhooks: { readonly mailgun: string | null; readonly generic: string | null };
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Builds the frozen config from environment variables, with explicit overrides (the CLI's flags)
 * taking precedence. Throws MH_INVALID_CONFIG listing every problem at once.
 * @example loadConfig(process.env, { PORT: '8080' }).port // 8080
 */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Record<keyof Env, string>> = {}): Config {
  const merged = { ...pickKnown(env), ...stripUndefined(overrides) };
  const candidate = Value.Default(EnvSchema, withNumbers(merged));
  const problems = problemsOf(EnvSchema, candidate);
  // Checks a schema cannot say, on the raw strings, so that every problem is reported at once.
  const proxy = trustProxy(merged.TRUST_PROXY ?? 'off');
  if ('problem' in proxy) problems.push(`TRUST_PROXY: ${proxy.problem}`);
  if (merged.SITE_URL !== undefined && !URL.canParse(merged.SITE_URL)) problems.push('SITE_URL: must be an absolute URL');
  const edgePurgeUrls = (merged.EDGE_PURGE_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const badPurgeUrls = edgePurgeUrls.filter((u) => !URL.canParse(u));
  if (badPurgeUrls.length) problems.push(`EDGE_PURGE_URLS: not absolute URLs: ${badPurgeUrls.join(', ')}`);
  // `--db postgres://…` would otherwise create an SQLite file under a directory named `postgres:`.
  if (/^postgres(ql)?:\/\//i.test(merged.MASTHEAD_DB ?? '')) problems.push('MASTHEAD_DB (--db): names an SQLite file; give a PostgreSQL URL as DATABASE_URL (--database-url)');
  if (problems.length || 'problem' in proxy || !Value.Check(EnvSchema, candidate)) throw InvalidConfig(problems.join('; '));
  const e = candidate;
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw InvalidConfig('DATABASE_READ_URL: a read replica needs a PostgreSQL primary in DATABASE_URL (SQLite has no replicas)');
  }
  const dkimParts = [e.DKIM_DOMAIN, e.DKIM_SELECTOR, e.DKIM_PRIVATE_KEY_FILE].filter((v) => v !== undefined).length;
  if (dkimParts !== 0 && dkimParts !== 3) {
    throw InvalidConfig('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE: set all three to sign mail, or none');
  }
  const siteUrl = (e.SITE_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, ...(e.DATABASE_READ_URL ? { readUrl: e.DATABASE_READ_URL } : {}) }
      : { kind: 'sqlite', path: e.MASTHEAD_DB === ':memory:' ? ':memory:' : path.resolve(e.MASTHEAD_DB) },
    media: { dir: path.resolve(e.MEDIA_DIR) },
    site: {
      url: siteUrl,
      title: e.SITE_TITLE,
      description: e.SITE_DESCRIPTION,
      locale: e.SITE_LOCALE,
      timeZone: e.SITE_TIMEZONE,
      postsPerPage: e.POSTS_PER_PAGE,
    },
    pageCache: { enabled: isOn(e.PAGE_CACHE), maxEntries: e.PAGE_CACHE_MAX_ENTRIES, maxBytes: e.PAGE_CACHE_BYTES },
    sqliteCacheBytes: e.SQLITE_CACHE_MB * 1024 * 1024,
    edgePurgeUrls,
    feeds: { content: e.FEED_CONTENT },
    related: { count: e.RELATED_COUNT, halfLifeDays: e.RELATED_HALF_LIFE_DAYS },
    logLevel: e.LOG_LEVEL,
    trustProxy: proxy.value,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    apiRateLimit: { anonymous: e.API_RATE_LIMIT, keyed: e.API_KEY_RATE_LIMIT },
    searchRateLimit: e.SEARCH_RATE_LIMIT,
    pageRateLimit: e.PAGE_RATE_LIMIT,
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsListen: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM,
      dkim:
        e.DKIM_DOMAIN && e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY_FILE
          ? { domain: e.DKIM_DOMAIN, selector: e.DKIM_SELECTOR, privateKeyFile: path.resolve(e.DKIM_PRIVATE_KEY_FILE) }
          : null,
      secret: e.MAIL_SECRET ?? null,
      rate: e.MAIL_RATE,
      concurrency: e.MAIL_CONCURRENCY,
      leaseMs: e.MAIL_LEASE_SECONDS * 1000,
      webhooks: { mailgun: e.MAILGUN_WEBHOOK_SIGNING_KEY ?? null, generic: e.MAIL_WEBHOOK_SECRET ?? null },
    },
  } satisfies Config);
}

function pickKnown(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

function stripUndefined(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((kv): kv is [string, string] => kv[1] !== undefined));
}

/** Every setting that fails its schema, once each (the first reason), as `NAME: reason`; values are never echoed (some are secrets). */
function problemsOf(schema: TSchema, value: unknown): string[] {
  const byKey = new Map<string, string>();
  for (const error of Value.Errors(schema, value)) {
    const key = error.path.replace(/^\//, '').split('/')[0] ?? '';
    if (byKey.has(key)) continue;
    const worded = (error.schema as { errorMessage?: string }).errorMessage;
    byKey.set(key, `${key}: ${worded ?? error.message}`);
  }
  return [...byKey.values()];
}

/**
 * Numeric settings as numbers, as `Number()` reads them; anything else stays a string for the
 * schema to refuse. (TypeBox's `Value.Convert` would quietly make `80.5` the port 80 and `true` 1.)
 */
function withNumbers(env: Record<string, string>): Record<string, string | number> {
  const properties: Record<string, TSchema> = EnvSchema.properties;
  return Object.fromEntries(
    Object.entries(env).map(([key, v]) => {
      const type = properties[key]?.type;
      const n = Number(v);
      return [key, (type === 'integer' || type === 'number') && v.trim() !== '' && !Number.isNaN(n) ? n : v];
    }),
  );
}

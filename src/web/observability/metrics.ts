import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { RETAG_JOB } from '../../directory/index.ts';
import { SCHEDULE_JOB } from '../../newsletters/index.ts';
import { ALERTS_JOB, DIGEST_JOB } from '../../readers/index.ts';
import type { PageCache } from '../cache/index.ts';

/** A database pool's figures (PostgreSQL; SQLite has none). */
export interface PoolFigures {
  readonly role: string;
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/** A background job's state, as its `background_jobs` row says. */
export interface JobFigures {
  readonly pending: boolean;
  readonly runningOn: string | null;
  readonly done: number;
  readonly total: number;
}

/**
 * What the metrics read of the database, declared here so the web layer names only what it uses
 * (the composition root passes the store, which has all of it).
 */
export interface DatabaseSignals {
  readonly jobs: { state(job: string, now: number): Promise<JobFigures> };
  readonly outbox: { queuedByKind(): Promise<Iterable<readonly [string, number]>> };
  observeQueries(observer: (seconds: number, outcome: 'ok' | 'error' | 'busy') => void): void;
  observeLockWaits(observer: (seconds: number) => void): void;
  poolStats(): readonly PoolFigures[];
}

/**
 * What /healthz and /readyz read of the database: its engine, the published articles (counted
 * again only when the content version moved), whether it answers with every migration applied
 * (the composition root passes the store, as above).
 */
export interface DatabaseHealth {
  readonly kind: string;
  readonly articles: { countPublished(): Promise<number> };
  readonly state: { contentVersion(): Promise<number> };
  readiness(): Promise<{ database: string | null; pendingMigrations: readonly string[] }>;
}

/** What /metrics reports on besides requests: read at scrape time, so serving pays nothing for them. */
export interface MetricSources {
  readonly pageCache: PageCache;
  readonly database: DatabaseSignals;
  readonly clock: () => number;
}

/** The background jobs every node may run (one at a time, each its `background_jobs` row): re-tag, reader alerts and digests, scheduled newsletters. */
const JOBS = [RETAG_JOB, ALERTS_JOB, DIGEST_JOB, SCHEDULE_JOB];

/** The route label of requests no route matched: one value, however many distinct URLs a scanner tries. */
const UNMATCHED = '(unmatched)';

/** Whether `authorization` is `Bearer <token>`, compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  if (!authorization?.startsWith('Bearer ')) return false;
  const given = Buffer.from(authorization.slice('Bearer '.length).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Prometheus metrics for one app: requests by route pattern (never the raw URL, so the label set
 * stays bounded) and status, latency, the page cache, the re-tag job, and the process (memory,
 * event loop lag). Pages served from the cache never reach Fastify: the cache counts them itself
 * with a plain increment, read here at scrape time.
 */
export function registerMetrics(app: FastifyInstance, token: string | null, sources: MetricSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'masthead_http_requests_total',
    help: 'HTTP requests routed by the application (page-cache hits are counted in masthead_page_cache_hits_total)',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'masthead_http_request_duration_seconds',
    help: 'Time from a routed request arriving to its response being written',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const { pageCache, database, clock } = sources;
  new Counter({
    name: 'masthead_page_cache_hits_total',
    help: 'Requests answered from the page cache, before routing',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(pageCache.hits);
    },
  });
  new Counter({
    name: 'masthead_page_cache_misses_total',
    help: 'GET and HEAD requests the page cache could not answer',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(pageCache.misses);
    },
  });
  new Gauge({
    name: 'masthead_page_cache_entries',
    help: 'Pages held in the page cache',
    registers: [registry],
    collect() {
      this.set(pageCache.size);
    },
  });
  new Gauge({
    name: 'masthead_page_cache_bytes',
    help: 'Bytes held by the page cache (bodies, compressed variants and a per-entry allowance)',
    registers: [registry],
    collect() {
      this.set(pageCache.bytes);
    },
  });
  const jobGauge = (name: string, help: string, value: (state: JobFigures) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['job'] as const,
      registers: [registry],
      async collect() {
        const now = clock();
        for (const job of JOBS) this.set({ job }, value(await database.jobs.state(job, now)));
      },
    });
  const queries = new Histogram({
    name: 'masthead_db_query_duration_seconds',
    help: 'Database query time, every query this node ran (primary and replica), by outcome: ok, error, or busy (refused for a lock held elsewhere)',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const byOutcome = { ok: queries.labels({ outcome: 'ok' }), error: queries.labels({ outcome: 'error' }), busy: queries.labels({ outcome: 'busy' }) };
  database.observeQueries((seconds, outcome) => byOutcome[outcome].observe(seconds));
  const lockWaits = new Histogram({
    name: 'masthead_db_write_lock_wait_seconds',
    help: 'SQLite: how long each write transaction waited for the write lock another process or connection held (busy_timeout retrying; a query that waited past it counts as outcome "busy" in masthead_db_query_duration_seconds)',
    buckets: [0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  database.observeLockWaits((seconds) => lockWaits.observe(seconds));
  const poolGauge = (name: string, help: string, value: (stats: PoolFigures) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['role'] as const,
      registers: [registry],
      collect() {
        for (const stats of database.poolStats()) this.set({ role: stats.role }, value(stats));
      },
    });
  poolGauge('masthead_db_pool_connections', 'PostgreSQL connections open in the pool', (s) => s.total);
  poolGauge('masthead_db_pool_idle', 'PostgreSQL connections idle in the pool', (s) => s.idle);
  poolGauge('masthead_db_pool_waiting', 'Queries waiting for a PostgreSQL connection', (s) => s.waiting);
  new Gauge({
    name: 'masthead_mail_outbox_queued',
    help: 'Messages waiting in the mail outbox (newsletters, alerts, sign-in links), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [kind, n] of await database.outbox.queuedByKind()) this.set({ kind }, n);
    },
  });
  jobGauge('masthead_job_pending', 'Whether a run of the background job has been asked for and not yet taken (1) or not (0)', (s) => Number(s.pending));
  jobGauge('masthead_job_running', 'Whether a node is running the background job now (1) or not (0)', (s) => Number(s.runningOn !== null));
  jobGauge('masthead_job_done', 'Items the background job’s current or last run has done', (s) => s.done);
  jobGauge('masthead_job_total', 'Items the background job’s current or last run has to do', (s) => s.total);

  // On the raw response's finish: pages are written on the raw response (the page writer hijacks
  // the reply), so Fastify's onResponse hook would miss them.
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done) => {
    reply.raw.once('finish', () => {
      const route = req.routeOptions.url ?? UNMATCHED;
      requests.inc({ method: req.method, route, status: reply.raw.statusCode });
      duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    });
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    // Unconfigured, there is no such page; a wrong token is told so (the scraper's owner needs to know).
    if (token === null) return reply.callNotFound();
    if (!bearerMatches(req.headers.authorization, token)) {
      return reply.status(401).header('www-authenticate', 'Bearer').header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Unauthorized\n');
    }
    reply.header('cache-control', 'no-store').type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}

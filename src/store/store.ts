import { Kysely, type LogEvent, Migrator, sql } from 'kysely';
import type pg from 'pg';
import { AdRepository } from './ad-repository.ts';
import { AdminArticleRepository } from './admin-article-repository.ts';
import { AdminRedirectRepository } from './admin-redirect-repository.ts';
import { ApiKeyRepository } from './api-key-repository.ts';
import { ArticleOwnerRepository } from './article-owner-repository.ts';
import { ArticleRenderRepository } from './article-render-repository.ts';
import { ArticleRepository } from './article-repository.ts';
import { AuthorRepository } from './author-repository.ts';
import { CompanyRepository } from './company-repository.ts';
import type { DialectKind } from './dialect-kind.ts';
import { MigrationFailed } from './errors.ts';
import { FollowRepository } from './follow-repository.ts';
import { JobRepository } from './job-repository.ts';
import { LeadRepository } from './lead-repository.ts';
import { MediaRepository } from './media-repository.ts';
import { CodeMigrationProvider } from './migrations/index.ts';
import { NewsletterRepository } from './newsletter-repository.ts';
import { OperationsRepository } from './operations-repository.ts';
import { OutboxRepository } from './outbox-repository.ts';
import { PageRepository } from './page-repository.ts';
import { bulkSettings, cleanPendingEntries, hasLz4 } from './postgres/bulk-settings.ts';
import { createPostgresDialect, createPostgresPool, listenPostgres } from './postgres/postgres-dialect.ts';
import { PostgresSearchIndex, type VectorConnections, vectorConnections } from './postgres/postgres-search-index.ts';
import { ReaderAccessRepository } from './reader-access-repository.ts';
import { ReaderRepository } from './reader-repository.ts';
import { RedirectRepository } from './redirect-repository.ts';
import { RelatedIndexRepository } from './related-index-repository.ts';
import { RelatedRepository } from './related-repository.ts';
import { RevisionRepository } from './revision-repository.ts';
import type { Database } from './schema.ts';
import type { SearchIndex } from './search-index.ts';
import { SessionRepository } from './session-repository.ts';
import { SignInFailureRepository } from './sign-in-failure-repository.ts';
import { SiteRepository } from './site-repository.ts';
import { CONTENT_CHANNEL, SiteStateRepository } from './site-state-repository.ts';
import { SponsorshipRepository } from './sponsorship-repository.ts';
import { cacheSizePragma, createSqliteDialect, openSqlite, withCacheBytes } from './sqlite/sqlite-dialect.ts';
import { type BulkMerges, mergeSearchSegments, restoreAutomerge, SqliteSearchIndex } from './sqlite/sqlite-search-index.ts';
import { startWalCheckpointer } from './sqlite/wal-checkpointer.ts';
import { TaxonomyRepository, TermAdminRepository } from './taxonomy-repository.ts';
import { UserRepository } from './user-repository.ts';
import { ViewRepository } from './view-repository.ts';

/** `readUrl`: a PostgreSQL read replica for the public site's reads (`Store.reads`). */
export type DatabaseConfig = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string; readonly readUrl?: string };

/**
 * Called after every query this store runs, with its duration and outcome: `busy` when it failed
 * for a lock held elsewhere (SQLite gave up after busy_timeout; PostgreSQL lock timeout, deadlock
 * or serialization failure), `error` for any other failure.
 */
export type QueryObserver = (seconds: number, outcome: QueryOutcome) => void;
export type QueryOutcome = 'ok' | 'error' | 'busy';
/** Called with the time a write transaction waited for SQLite's write lock (BEGIN IMMEDIATE: busy_timeout's retries). */
export type LockWaitObserver = (seconds: number) => void;

/** Error codes of a query refused for a lock another connection or process held. */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '40001', '40P01', '55P03']);

function outcomeOf(event: LogEvent): QueryOutcome {
  if (event.level !== 'error') return 'ok';
  return BUSY_CODES.has(String((event.error as { code?: unknown } | undefined)?.code)) ? 'busy' : 'error';
}

/** A PostgreSQL pool's connections: open, idle, and requests waiting for one. */
export interface PoolStats {
  readonly role: 'primary' | 'replica' | 'search-vectors';
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/** What a store reports about its connections (for /metrics): filled in by `openStore`. */
interface Instruments {
  readonly observers: QueryObserver[];
  readonly lockWaits: LockWaitObserver[];
  readonly pools: { readonly role: PoolStats['role']; readonly pool: pg.Pool }[];
}

/** The repositories over one connection or one transaction. */
export interface Repositories {
  readonly articles: ArticleRepository;
  readonly renders: ArticleRenderRepository;
  readonly taxonomy: TaxonomyRepository;
  readonly companies: CompanyRepository;
  readonly redirects: RedirectRepository;
  readonly revisions: RevisionRepository;
  readonly pages: PageRepository;
  readonly related: RelatedRepository;
  readonly relatedIndex: RelatedIndexRepository;
  readonly state: SiteStateRepository;
  readonly operations: OperationsRepository;
  readonly search: SearchIndex;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly signInFailures: SignInFailureRepository;
  readonly articleOwners: ArticleOwnerRepository;
  readonly adminArticles: AdminArticleRepository;
  readonly adminRedirects: AdminRedirectRepository;
  readonly media: MediaRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly terms: TermAdminRepository;
  readonly jobs: JobRepository;
  readonly readers: ReaderRepository;
  readonly sponsorships: SponsorshipRepository;
  readonly readerAccess: ReaderAccessRepository;
  readonly follows: FollowRepository;
  readonly ads: AdRepository;
  readonly newsletters: NewsletterRepository;
  readonly outbox: OutboxRepository;
  readonly authors: AuthorRepository;
  readonly views: ViewRepository;
  readonly leads: LeadRepository;
  readonly sites: SiteRepository;
}

/**
 * `vectors`: PostgreSQL connections outside `db`'s transaction for search vectors (`SearchIndex.putLater`);
 * `bulk`: SQLite inside `Store.bulkWrites`, where the search index spaces out its merges.
 */
function repositories(db: Kysely<Database>, kind: DialectKind, vectors?: VectorConnections, bulk?: BulkMerges): Repositories {
  return {
    articles: new ArticleRepository(db),
    renders: new ArticleRenderRepository(db, kind),
    taxonomy: new TaxonomyRepository(db),
    companies: new CompanyRepository(db),
    redirects: new RedirectRepository(db),
    revisions: new RevisionRepository(db),
    pages: new PageRepository(db),
    related: new RelatedRepository(db),
    relatedIndex: new RelatedIndexRepository(db, kind),
    state: new SiteStateRepository(db, kind),
    operations: new OperationsRepository(db, kind),
    search: kind === 'sqlite' ? new SqliteSearchIndex(db, { bulk }) : new PostgresSearchIndex(db, {}, vectors),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    signInFailures: new SignInFailureRepository(db),
    articleOwners: new ArticleOwnerRepository(db),
    adminArticles: new AdminArticleRepository(db),
    adminRedirects: new AdminRedirectRepository(db),
    media: new MediaRepository(db),
    apiKeys: new ApiKeyRepository(db),
    terms: new TermAdminRepository(db),
    jobs: new JobRepository(db),
    readers: new ReaderRepository(db),
    sponsorships: new SponsorshipRepository(db),
    readerAccess: new ReaderAccessRepository(db),
    follows: new FollowRepository(db, kind),
    ads: new AdRepository(db),
    newsletters: new NewsletterRepository(db),
    outbox: new OutboxRepository(db, kind),
    authors: new AuthorRepository(db),
    views: new ViewRepository(db),
    leads: new LeadRepository(db),
    sites: new SiteRepository(db),
  };
}

/**
 * The database: repositories over the primary, `transaction` for writes that must land whole or not
 * at all, and `reads` for the public site, which may be served by a replica.
 */
// The class gets every repository of `Repositories` as a field (assigned in the constructor), so
// a new repository is declared once, in `Repositories`, not again here.
export interface Store extends Repositories {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor assigns every field the interface declares
export class Store {
  /**
   * Repositories for public reads (listings, article pages, search, feeds, sitemaps, the API): a
   * replica's when one is configured, else the primary's. It may lag the primary: anything that
   * must see its own writes (publishing, the admin, sessions, the scheduler) uses the store itself.
   */
  readonly reads: Repositories;

  private listener: { stop(): Promise<void> } | undefined;

  /**
   * PostgreSQL: a small pool of its own where saves compute search vectors while their transaction
   * goes on (`SearchIndex.putLater`), opened at the first use. Its own, so a transaction waiting
   * for it never waits for a connection that another waiting transaction holds.
   */
  private vectorsDb: Kysely<Database> | undefined;
  private readonly vectors: VectorConnections | undefined;
  /** SQLite, while `bulkWrites` runs: whether its bulk transactions spaced out the search index's merges. */
  private bulkMerges: BulkMerges | undefined;
  /** PostgreSQL: whether the server compresses with lz4, asked once, by the first bulk transaction. */
  private lz4: Promise<boolean> | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly kind: DialectKind,
    /** Whether the database had no schema before this process opened it. */
    readonly created: boolean,
    private readonly url?: string,
    private readonly readDb?: Kysely<Database>,
    private readonly instruments: Instruments = { observers: [], lockWaits: [], pools: [] },
  ) {
    const vectorsUrl = kind === 'postgres' ? url : undefined;
    this.vectors = vectorsUrl ? vectorConnections(() => this.openVectors(vectorsUrl)) : undefined;
    const repos = repositories(db, kind, this.vectors);
    this.reads = readDb ? repositories(readDb, kind) : repos;
    Object.assign(this, repos);
  }

  /** Whether `reads` go to a replica (which may lag the primary). */
  get replicated(): boolean {
    return this.readDb !== undefined;
  }

  /** Runs `work` in one transaction: everything it writes lands, or nothing does. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(repositories(trx, this.kind, this.vectors)));
  }

  /**
   * `transaction` for bulk work that a re-run redoes (an import's batch, a rebuild's chunk). On
   * PostgreSQL with settings for this transaction only (`bulkSettings`): its commit does not wait
   * for the WAL flush (still all or nothing, and a killed importer loses nothing; only a crash of
   * the database server itself can lose the last few commits, under a second's worth, which the
   * re-run writes again), texts are compressed by lz4, and GIN entries merged in larger runs.
   * SQLite: like `transaction`, with the search index told it writes inside `bulkWrites` (its merges spaced out).
   */
  bulkTransaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    if (this.kind !== 'postgres') return this.db.transaction().execute((trx) => work(repositories(trx, this.kind, this.vectors, this.bulkMerges)));
    this.lz4 ??= hasLz4(this.db).catch(() => false);
    const lz4 = this.lz4;
    return this.db.transaction().execute(async (trx) => {
      await bulkSettings(await lz4).execute(trx);
      return work(repositories(trx, this.kind, this.vectors));
    });
  }

  /**
   * Calls `onChange` soon after any node commits a content change. PostgreSQL pushes it
   * (LISTEN/NOTIFY, reconnecting after errors); SQLite has one node, whose pipeline already knows.
   * Callers keep polling the content version too, so a missed notification heals within seconds.
   */
  listenForChanges(onChange: () => void): void {
    if (this.kind !== 'postgres' || !this.url || this.listener) return;
    this.listener = listenPostgres(this.url, CONTENT_CHANNEL, onChange);
  }

  /** Calls `observer` after every query from now on (Kysely's query log: a clock read per query). */
  observeQueries(observer: QueryObserver): void {
    this.instruments.observers.push(observer);
  }

  /** Calls `observer` with each write transaction's wait for the write lock (SQLite; never called on PostgreSQL, whose waits are inside queries). */
  observeLockWaits(observer: LockWaitObserver): void {
    this.instruments.lockWaits.push(observer);
  }

  /** The PostgreSQL pools' connections now; none on SQLite (one connection, no pool). */
  poolStats(): PoolStats[] {
    return this.instruments.pools.map(({ role, pool }) => ({ role, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  }

  /**
   * What keeps this node from serving: `database`, the error of a trivial query that failed;
   * `pendingMigrations`, the migrations this code has that the database has not run (a database
   * restored or swapped under a running node). Null and empty when ready.
   */
  async readiness(): Promise<{ database: string | null; pendingMigrations: string[] }> {
    try {
      await sql`SELECT 1`.execute(this.db);
    } catch (err) {
      return { database: err instanceof Error ? err.message : String(err), pendingMigrations: [] };
    }
    const migrations = await new Migrator({ db: this.db, provider: new CodeMigrationProvider(this.kind) }).getMigrations();
    return { database: null, pendingMigrations: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name) };
  }

  /** PostgreSQL: moves a table's identity sequence past its largest id (after copying rows in with ids). */
  async resetIdentity(table: string): Promise<void> {
    if (this.kind !== 'postgres') return;
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT MAX(id) FROM ${sql.table(table)}), 1))`.execute(this.db);
  }

  /**
   * Bounds SQLite's page cache at `bytes` (the server does, at `SQLITE_CACHE_MB`); pages
   * over the bound are freed at once. The one connection is this process's whole cache. PostgreSQL
   * keeps its cache in the database server: nothing to do there.
   */
  async boundCache(bytes: number): Promise<void> {
    if (this.kind !== 'sqlite') return;
    await sql.raw(`PRAGMA cache_size = ${cacheSizePragma(bytes)}`).execute(this.db);
  }

  /**
   * Runs a bulk write (an import, a related rebuild) with SQLite's checkpoints spaced for it: the
   * write-ahead log is copied into the database every `BULK_CHECKPOINT_PAGES` pages instead of
   * every 1,000 (4 MB), two fsyncs each, and the index pages a batch rewrites are copied once
   * instead of once per few batches. Durability is unchanged (every commit is in the log, which
   * SQLite replays after a crash); the log is checkpointed when the work ends, and the default
   * interval restored. On a file most of the copying is done by a thread of its own
   * (`startWalCheckpointer`) while the work goes on, not inside the work's commits. PostgreSQL:
   * the work as it is.
   */
  async bulkWrites<T>(work: () => Promise<T>, opts: { readonly cacheBytes?: number } = {}): Promise<T> {
    if (this.kind !== 'sqlite') return work();
    // `cacheBytes`: a page cache of that size for the work (the one before is restored after).
    const { cacheBytes } = opts;
    const bounded = cacheBytes === undefined ? work : () => withCacheBytes(this.db, cacheBytes, work);
    const file = await this.sqliteFile();
    await sql.raw(`PRAGMA wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`).execute(this.db);
    // A file's log is copied by a thread of its own every THREAD_CHECKPOINT_PAGES; the writer's
    // own checkpoint, every BULK_CHECKPOINT_PAGES, then copies only the rest, and resets the log.
    // Started last, next to the `try` that stops it: nothing before can leave it running.
    const checkpointer = file ? startWalCheckpointer({ file, everyPages: THREAD_CHECKPOINT_PAGES, pollMs: CHECKPOINT_POLL_MS }) : undefined;
    const merges: BulkMerges = { spaced: false };
    this.bulkMerges = merges;
    try {
      return await bounded();
    } finally {
      this.bulkMerges = undefined;
      try {
        await restoreAutomerge(this.db, merges);
      } finally {
        await checkpointer?.stop();
        await sql.raw(`PRAGMA wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`).execute(this.db);
        await sql.raw('PRAGMA wal_checkpoint(PASSIVE)').execute(this.db);
      }
    }
  }

  /** The SQLite database's file; undefined in memory (no write-ahead log). */
  private async sqliteFile(): Promise<string | undefined> {
    const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(this.db);
    return rows.find((r) => r.name === 'main')?.file || undefined;
  }

  /**
   * SQLite: merges each full-text table into one segment (`mergeSearchSegments`: a search walks
   * each term once, not once per segment). Seconds on a large site, with the process blocked (the
   * driver is synchronous): for commands such as an import, never a serving node. PostgreSQL: merges
   * the GIN entries bulk transactions left pending into the search indexes (`cleanPendingEntries`).
   */
  async mergeSearchSegments(): Promise<void> {
    if (this.kind === 'sqlite') await mergeSearchSegments(this.db);
    else await cleanPendingEntries(this.db);
  }

  private openVectors(url: string): Kysely<Database> {
    if (!this.vectorsDb) {
      const pool = createPostgresPool(url, SEARCH_VECTOR_CONNECTIONS);
      this.instruments.pools.push({ role: 'search-vectors', pool });
      this.vectorsDb = new Kysely<Database>({ dialect: createPostgresDialect(pool) });
    }
    return this.vectorsDb;
  }

  async close(): Promise<void> {
    await this.listener?.stop();
    await this.vectors?.builder.close();
    await this.vectorsDb?.destroy();
    await this.readDb?.destroy();
    await this.db.destroy();
  }
}

/** Connections of the search-vector pool: one import's batch uses one at a time. */
const SEARCH_VECTOR_CONNECTIONS = 2;

/** SQLite's default checkpoint interval, in pages. */
const DEFAULT_CHECKPOINT_PAGES = 1000;
/** During bulk writes: 64 MB of 4 KB pages. */
const BULK_CHECKPOINT_PAGES = 16_384;
/**
 * During bulk writes on a file: the checkpoint thread's interval, 16 MB. A log is reset (written
 * from its start again) only when a write begins with every page copied, which a thread copying
 * beside the writer rarely leaves it: alone it let the log grow without bound. So the writer still
 * checkpoints every `BULK_CHECKPOINT_PAGES`, and finds three quarters or more already copied.
 */
const THREAD_CHECKPOINT_PAGES = 4096;
/** How often the checkpoint thread looks at the log: a batch of an import commits every 100–300 ms. */
const CHECKPOINT_POLL_MS = 20;

/**
 * The first empty in-memory database this process migrated, as bytes: later ones start from a copy
 * instead of running every migration again (the tests open hundreds; a server opens one).
 */
let migratedMemory: Buffer | undefined;

/**
 * Opens the database, runs pending migrations, and returns the store.
 * @example const store = await openStore({ kind: 'sqlite', path: ':memory:' });
 */
export async function openStore(config: DatabaseConfig): Promise<Store> {
  const instruments: Instruments = { observers: [], lockWaits: [], pools: [] };
  const log = (event: LogEvent) => {
    const outcome = outcomeOf(event);
    for (const observe of instruments.observers) observe(event.queryDurationMillis / 1000, outcome);
  };
  const lockWait = (seconds: number) => {
    for (const observe of instruments.lockWaits) observe(seconds);
  };
  const pool = (role: PoolStats['role'], url: string) => {
    const made = createPostgresPool(url);
    instruments.pools.push({ role, pool: made });
    return made;
  };
  const inMemory = config.kind === 'sqlite' && config.path === ':memory:';
  const memory = inMemory ? openSqlite(migratedMemory ?? ':memory:') : undefined;
  const dialect = config.kind === 'sqlite' ? createSqliteDialect(memory ?? openSqlite(config.path), lockWait) : createPostgresDialect(pool('primary', config.url));
  const db = new Kysely<Database>({ dialect, log });
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider(config.kind) });
  const before = await migrator.getMigrations();
  const created = inMemory || before.every((m) => m.executedAt === undefined);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw MigrationFailed(failed, error instanceof Error ? error.message : String(error));
  }
  if (memory && !migratedMemory) migratedMemory = memory.serialize();
  // Only the primary is migrated: a replica receives the schema through replication.
  const replica = config.kind === 'postgres' && config.readUrl ? new Kysely<Database>({ dialect: createPostgresDialect(pool('replica', config.readUrl)), log }) : undefined;
  const store = config.kind === 'sqlite' ? new Store(db, 'sqlite', created, undefined, undefined, instruments) : new Store(db, 'postgres', created, config.url, replica, instruments);
  await store.relatedIndex.restoreTermIndex();
  return store;
}

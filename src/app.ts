/**
 * @module app
 * The composition root: the only place that builds real services from config and wires them.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { AccountService, EditorService, MediaService, RedirectAdminService, TaggingReviewService } from './admin/index.ts';
import { CatalogService } from './catalog/index.ts';
import type { Config } from './config/index.ts';
import { DirectoryService, taggingStage } from './directory/index.ts';
import { PublishPipeline } from './publish/index.ts';
import { RelatedService } from './related/index.ts';
import { SearchService } from './search/index.ts';
import { openStore, type Store } from './store/index.ts';
import { PageCache, VersionFollower } from './web/cache/index.ts';
import { buildServer } from './web/server.tsx';
import type { WebContext } from './web/web-context.ts';

export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly pipeline: PublishPipeline;
  readonly catalog: CatalogService;
  readonly search: SearchService;
  readonly directory: DirectoryService;
  readonly related: RelatedService;
  readonly accounts: AccountService;
  readonly editor: EditorService;
  readonly tagging: TaggingReviewService;
  readonly redirectAdmin: RedirectAdminService;
  readonly media: MediaService;
  readonly log: Logger;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly clock?: () => number;
  readonly log?: Logger;
}

/** Opens the store and builds the services, without HTTP (the CLI's commands use this). */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? pino({ level: config.logLevel }, pino.destination(2));
  const clock = options.clock ?? Date.now;
  const store = await openStore(config.database);
  const directory = new DirectoryService({ store, clock });
  const related = new RelatedService({ store, count: config.related.count, weights: { recencyHalfLifeDays: config.related.halfLifeDays } });
  // Order matters: related content reads the companies the tagger just stored.
  const pipeline = new PublishPipeline({ store, clock, stages: [taggingStage(directory), related.stage()] });
  // The public site's reads may go to a replica; everything that writes or must see its own writes uses the primary.
  const catalog = new CatalogService({
    store: store.reads,
    perPage: config.site.postsPerPage,
    relatedCount: config.related.count,
    linkCompanies: (body, format, companies) => directory.linkCompanies(body, format, companies),
  });
  const search = new SearchService({ store: store.reads });
  const accounts = new AccountService({ store, clock });
  const editor = new EditorService({ store, pipeline, clock, timeZone: config.site.timeZone });
  const tagging = new TaggingReviewService({ store, directory, clock });
  const redirectAdmin = new RedirectAdminService({ store, clock });
  const media = new MediaService({ store, clock });
  return { config, store, pipeline, catalog, search, directory, related, accounts, editor, tagging, redirectAdmin, media, log, close: () => store.close() };
}

/** How often each node checks whether another node changed content (the scheduler's interval is in config). */
export const CONTENT_POLL_MS = 2000;

export interface WebApp extends App {
  readonly http: FastifyInstance;
  readonly pageCache: PageCache;
  readonly web: WebContext;
}

/** The whole site: services, HTTP, the page cache and its cross-node invalidation, the scheduler. */
export async function createWebApp(config: Config, options: AppOptions = {}): Promise<WebApp> {
  const app = await createApp(config, options);
  const pageCache = new PageCache(config.pageCache.enabled ? config.pageCache.maxEntries : 0, app.store.replicated);
  const clock = options.clock ?? Date.now;
  const { app: http, web } = await buildServer(
    { config, store: app.store, reads: app.store.reads, catalog: app.catalog, search: app.search, pipeline: app.pipeline, pageCache, clock, accounts: app.accounts, editor: app.editor, tagging: app.tagging, redirectAdmin: app.redirectAdmin, media: app.media },
    options.log === undefined ? app.log : options.log,
  );
  const { store } = app;
  // The cache follows the version of the database its pages are read from (a replica, when configured).
  const follower = new VersionFollower({
    primaryVersion: () => store.state.contentVersion(),
    readsVersion: () => store.reads.state.contentVersion(),
    replicated: store.replicated,
    pageCache,
    invalidate: () => web.invalidate(),
    onError: (err) => app.log.warn({ err }, 'content version check failed'),
  });
  pageCache.syncVersion(await store.reads.state.contentVersion());
  // Other nodes' changes: pushed on PostgreSQL, and polled everywhere as the fallback. This node's
  // own publishes empty the cache at once (buildServer), or, reading a replica, once it has caught
  // up; following the version right away also spares the pages rendered since a second emptying
  // when the notification or the poll comes round.
  store.listenForChanges(() => void follower.catchUp());
  app.pipeline.onChange(() => void follower.catchUp());
  const poll = setInterval(() => void follower.catchUp(), CONTENT_POLL_MS);
  const scheduler = setInterval(() => {
    app.pipeline.publishDue().catch((err) => app.log.error({ err }, 'scheduled publishing failed'));
  }, config.schedulerIntervalMs);
  poll.unref();
  scheduler.unref();
  return {
    ...app,
    http,
    pageCache,
    web,
    async close() {
      clearInterval(poll);
      clearInterval(scheduler);
      follower.stop();
      await http.close();
      await app.close();
    },
  };
}

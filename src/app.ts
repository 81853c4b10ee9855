/**
 * @module app
 * The composition root: the only place that builds real services from config and wires them.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config/index.ts';
import type { DirectoryService, RetagRunner } from './directory/index.ts';
import { runCliChild } from './lib/cli-child.ts';
import { InFlight } from './lib/in-flight.ts';
import type { MailTransport } from './mail/index.ts';
import type { MediaStorage } from './media/index.ts';
import type { LinkCompanies } from './publish/index.ts';
import type { AlertDispatcher } from './readers/index.ts';
import { RelatedService } from './related/index.ts';
import { relatedOptions, SettingsService, settingsFromConfig } from './settings/index.ts';
import { SiteService, siteUrl } from './sites/index.ts';
import { type DatabaseConfig, openStore, type Store } from './store/index.ts';
import type { PageCache } from './web/cache/index.ts';
import type { MetricsServer } from './web/observability/index.ts';
import type { WebContext, WebServices } from './web/web-context.ts';

/**
 * The store and the services every other one builds on: the settings (an admin's, over the
 * environment's), the sites, related content. What `related` and `sites` use, and all they load:
 * no admin, media (sharp), mail (nodemailer) or accounts (argon2) modules: a rebuild at 100,000
 * articles peaked 29–34 MB lower, `sites list` 55 MB (docs/benchmarks.md, "CLI commands load what
 * they use").
 */
export interface CoreApp {
  readonly config: Config;
  readonly store: Store;
  readonly settings: SettingsService;
  readonly sites: SiteService;
  readonly related: RelatedService;
  readonly log: Logger;
  close(): Promise<void>;
}

/** The services (the list the web layer shares, `WebServices`) and what only the CLI and the composition root use. */
export interface App extends WebServices, CoreApp {
  readonly directory: DirectoryService;
  /** Where image files live (backups read them; the media service owns writing them). */
  readonly mediaStorage: MediaStorage;
  /** The background re-tag after directory changes (tests await `retagger.idle()`). */
  readonly retagger: RetagRunner;
  /** The backfill of stored page bodies (`masthead render`; the re-tag runs it after each run). */
  readonly renderBodies: (onProgress?: (done: number, total: number) => void | Promise<void>) => Promise<{ rendered: number; total: number }>;
  /** Where mail goes: SMTP when SMTP_URL is set, the log otherwise. */
  readonly mail: MailTransport;
  /** Sends queued alerts (the scheduler ticks it; tests call `tick()`). */
  readonly alerts: AlertDispatcher;
}

export interface AppOptions {
  readonly clock?: () => number;
  readonly log?: Logger;
}

/**
 * How a settings change recomputes every related list: in a child process (`masthead related
 * --rebuild`), so a serving node keeps its memory and its V8 flags (a rebuild at 100,000 articles
 * peaks near 270 MB, above a node's 250 MB bar, and bounds V8's heap growth while it runs); in this
 * process only for an in-memory database, which no other process can open.
 */
function settingsRebuild(database: DatabaseConfig, inProcess: () => Promise<unknown>, log: Logger): () => Promise<unknown> {
  if (database.kind === 'sqlite' && database.path === ':memory:') return inProcess;
  const target = database.kind === 'sqlite' ? ['--db', database.path] : ['--database-url', database.url];
  return async () => {
    const out = await runCliChild([...target, 'related', '--rebuild', '--json']);
    log.info({ rebuild: JSON.parse(out) }, 'related lists recomputed after a settings change');
  };
}

/**
 * Opens the store and builds the core services (`CoreApp`): the settings, the sites and related
 * content, wired as `createApp` wires them (it starts from this).
 */
export async function createCore(config: Config, options: AppOptions = {}): Promise<CoreApp> {
  const log = options.log ?? pino({ level: config.logLevel }, pino.destination(2));
  const clock = options.clock ?? Date.now;
  const store = await openStore(config.database);
  // Settings an admin saved override the environment's; related lists are recomputed when one of theirs changes.
  const settings = new SettingsService({
    store,
    clock,
    defaults: settingsFromConfig(config),
    rebuildRelated: settingsRebuild(config.database, () => related.rebuild(), log),
    onError: (err) => log.error({ err }, 'recomputing related lists after a settings change failed'),
    // Another site's own name, description and zone (docs/sites.md); the sites are built below.
    site: (id) => sites.byId(id),
  });
  await settings.refresh();
  const relatedNow = relatedOptions(settings.current);
  // With several sites each list is ranked within its sites (`sites` is built below, read on each computation).
  const related = new RelatedService({ store, count: relatedNow.count, weights: relatedNow.weights, severalSites: () => sites.several });
  settings.onChange((s) => {
    const next = relatedOptions(s);
    related.configure(next.count, next.weights);
  });
  const sites = new SiteService({ store, clock });
  await sites.refresh();
  const close = async () => {
    await settings.idle();
    await store.close();
  };
  return { config, store, settings, sites, related, log, close };
}

/**
 * Opens the store and builds every service, without HTTP (the CLI's commands use this, or
 * `createCore` when they need no more). The modules of the services beyond the core are loaded
 * here, when the whole app is built: a command that builds only the core never loads them.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const [
    { AccountService, ApiKeyService, AuthorAdminService, CompanyAdminService, EditorService, homePins, MediaService, RedirectAdminService, TaggingReviewService, TaxonomyAdminService },
    { AdsService, adsUploader, InvalidAd },
    { CatalogService },
    { DirectoryService, RetagRunner, taggingStage },
    { LeadService },
    { transportFromConfig },
    { DirectoryStorage },
    { MostReadService },
    { DEFAULT_SENDER_OPTIONS, NewsletterService, OutboxSender },
    { PublishPipeline, renderAllArticles, renderStage },
    { AlertDispatcher, alertStage, FollowService, ReaderAccountService, requiredFieldsFrom },
    { SearchService },
  ] = await Promise.all([
    import('./admin/index.ts'),
    import('./ads/index.ts'),
    import('./catalog/index.ts'),
    import('./directory/index.ts'),
    import('./leads/index.ts'),
    import('./mail/index.ts'),
    import('./media/index.ts'),
    import('./most-read/index.ts'),
    import('./newsletters/index.ts'),
    import('./publish/index.ts'),
    import('./readers/index.ts'),
    import('./search/index.ts'),
  ]);
  const core = await createCore(config, options);
  const { store, settings, sites, related, log } = core;
  const clock = options.clock ?? Date.now;
  const directory = new DirectoryService({ store, clock });
  const linkCompanies: LinkCompanies = (repos, body, format, companies) => directory.linkCompanies(body, format, companies, repos);
  // Order matters: related content reads the companies the tagger just stored.
  // Alerts last: they match the companies the tagger just stored.
  const pipeline = new PublishPipeline({ store, clock, stages: [taggingStage(directory), renderStage(linkCompanies), related.stage(), alertStage(clock)] });
  // Getters: every call reads the settings in effect, so an admin's change applies at once.
  // The public site's reads may go to a replica; everything that writes or must see its own writes uses the primary.
  // A site's catalog (`forSite`) inherits these getters with its `siteId`: each site's own settings.
  const catalog = new CatalogService({
    store: store.reads,
    siteId: undefined as number | undefined,
    get perPage() {
      return settings.forSite(this.siteId).postsPerPage;
    },
    get relatedCount() {
      return settings.current.relatedCount;
    },
    get homePins() {
      return homePins(settings.forSite(this.siteId));
    },
    linkCompanies: (body, format, companies) => directory.linkCompanies(body, format, companies),
    clock,
    // Where another site's section or tag lives (a cross-published story's); `sites` is built below.
    homeUrl: (id) => {
      const site = sites.byId(id);
      return !site || site.id === sites.first().id ? config.site.url : siteUrl(config.site.url, site.hosts[0]);
    },
  });
  const search = new SearchService({ store: store.reads });
  const accounts = new AccountService({ store, clock });
  const editor = new EditorService({
    store,
    pipeline,
    clock,
    get timeZone() {
      return settings.current.timeZone;
    },
    zoneOf: (siteId) => settings.forSite(siteId).timeZone,
  });
  const renderBodies = (onProgress?: (done: number, total: number) => void | Promise<void>) => renderAllArticles(store, linkCompanies, onProgress);
  const retagger = new RetagRunner({ store, directory, clock, log, afterRetag: renderBodies });
  const tagging = new TaggingReviewService({ store, directory, retag: retagger, clock });
  const redirectAdmin = new RedirectAdminService({ store, clock });
  const mediaStorage = new DirectoryStorage(config.media.dir);
  const media = new MediaService({ store, clock, storage: mediaStorage });
  const companies = new CompanyAdminService({ store, directory, media, retag: retagger, clock });
  const apiKeys = new ApiKeyService({ store, clock });
  const taxonomyAdmin = new TaxonomyAdminService({
    store,
    clock,
    get timeZone() {
      return settings.current.timeZone;
    },
  });
  // One SMTP connection per message the sender keeps in flight.
  const mail = transportFromConfig(config.mail, log, config.mail.concurrency);
  const authorAdmin = new AuthorAdminService({ store, media, clock });
  const mostRead = new MostReadService({ counter: store, reads: store.reads, clock });
  const siteTitle = () => settings.current.title;
  const readerAccounts = new ReaderAccountService({ store, clock, mail, siteUrl: config.site.url, siteTitle, requiredFields: () => requiredFieldsFrom(settings.current.readerRequiredFields) });
  const follows = new FollowService({ store, clock });
  const ads = new AdsService({
    store,
    clock,
    uploadImage: async (file, alt) => {
      const made = await media.upload(file, alt, await adsUploader(store, clock()));
      if ('error' in made) throw InvalidAd(made.error.message);
      return made.id;
    },
  });
  const sender = new OutboxSender(
    { store, transport: mail, clock },
    { ...DEFAULT_SENDER_OPTIONS, rate: config.mail.rate, concurrency: config.mail.concurrency, leaseMs: config.mail.leaseMs },
  );
  // Alerts go out through the same outbox and sender as newsletters.
  const alerts = new AlertDispatcher({ store, clock, sender, log, siteUrl: config.site.url, siteTitle, timeZone: () => settings.current.timeZone, siteOf: (id) => newsletters.siteOf(id) });
  const newsletters = new NewsletterService({
    store,
    catalog,
    sender,
    transport: mail,
    clock,
    site: () => ({ url: config.site.url, title: settings.current.title }),
    timeZone: () => settings.current.timeZone,
    // With several sites, a list's site: its URL, title, zone and only its articles.
    siteOf: (siteId) => {
      const site = sites.several ? sites.byId(siteId) : undefined;
      if (!site) return undefined;
      const zone = settings.current.timeZone;
      if (site.id === sites.first().id) return { url: config.site.url, title: settings.current.title, timeZone: zone, catalog: catalog.forSite(site.id) };
      return { url: siteUrl(config.site.url, site.hosts[0]), title: site.name, timeZone: site.timeZone ?? zone, catalog: catalog.forSite(site.id) };
    },
    secret: config.mail.secret,
    webhookKeys: config.mail.webhooks,
    // The advertising `newsletter` slot: live image creatives may buy an issue's sponsor slot.
    sponsors: async (siteId) =>
      (await ads.list(siteId))
        .filter((c) => c.live)
        .flatMap((c) => c.creatives.filter((k) => k.slot === 'newsletter' && k.kind === 'image' && k.url).map((k) => ({ creativeId: k.id, advertiser: c.advertiser?.name ?? c.name, alt: k.alt, weight: c.weight }))),
  });
  const leads = new LeadService({ store, files: mediaStorage, clock });
  const close = async () => {
    await retagger.stop();
    await alerts.stop();
    await newsletters.stop();
    await mail.close();
    await core.close();
  };
  return { config, store, pipeline, catalog, search, directory, related, accounts, editor, tagging, redirectAdmin, media, mediaStorage, companies, retagger, renderBodies, apiKeys, settings, taxonomyAdmin, authorAdmin, mostRead, mail, readerAccounts, follows, alerts, ads, newsletters, leads, sites, log, close };
}

/** How often each node checks whether another node changed content (the scheduler's interval is in config). */
export const CONTENT_POLL_MS = 2000;

export interface WebApp extends App {
  readonly http: FastifyInstance;
  readonly pageCache: PageCache;
  readonly web: WebContext;
  /** Starts /metrics on its own port when `METRICS_PORT` is set (`serve` does); its address, or null. Closed with the app. */
  listenMetrics(): Promise<string | null>;
  /** One look at the content version, as the 2-second poll takes (for tests: the poll's effect without its wait). */
  checkContent(): Promise<void>;
}

/** The whole site: services, HTTP, the page cache and its cross-node invalidation, the scheduler. */
export async function createWebApp(config: Config, options: AppOptions = {}): Promise<WebApp> {
  // The web layer (Fastify, every route and view) is loaded only here: CLI commands build the app without it.
  const [{ NO_EDGE_PURGE, PageCache, touchedKeys, VarnishPurger, VersionFollower }, { listenMetrics }, { buildServer }, { pageCacheSiteKey }] = await Promise.all([
    import('./web/cache/index.ts'),
    import('./web/observability/index.ts'),
    import('./web/server.tsx'),
    import('./web/site-resolution.ts'),
  ]);
  const app = await createApp(config, options);
  // A node keeps a small SQLite cache (the kernel caches the file): docs/operations.md, "Memory".
  await app.store.boundCache(config.sqliteCacheBytes);
  const clock = options.clock ?? Date.now;
  const pageCache = new PageCache(config.pageCache.enabled ? config.pageCache.maxEntries : 0, config.pageCache.maxBytes, clock, pageCacheSiteKey(app.sites));
  // The web layer takes the services of WebServices (App extends that one list, and they are not
  // copied field by field here), plus the database's health and metrics, the page cache
  // and the clock. Not the store: every read of the web layer is a service's.
  const { store, ...services } = app;
  const { app: http, web, metrics } = await buildServer({ ...services, database: store, pageCache, clock }, options.log === undefined ? app.log : options.log);
  const edge = config.edgePurgeUrls.length ? new VarnishPurger(config.edgePurgeUrls, fetch, (err, url) => app.log.warn({ err, url }, 'edge purge failed')) : NO_EDGE_PURGE;
  // The cache follows the version of the database its pages are read from (a replica, when configured).
  const follower = new VersionFollower({
    primaryVersion: () => store.state.contentVersion(),
    readsVersion: () => store.reads.state.contentVersion(),
    replicated: store.replicated,
    pageCache,
    changesSince: (version) => store.reads.state.changesSince(version),
    keysOf: async (ids) => {
      // An article no longer stored still touches its page and the latest lists.
      const places = new Map((await app.catalog.placesOf(ids)).map((p) => [p.id, p]));
      return ids.flatMap((id) => touchedKeys(places.get(id) ?? { id, tags: [], authors: [], companies: [] }));
    },
    // Settings saved on any node bump the version too (a change not only to articles): read them
    // before pages are rendered again. The edge is purged after this node's own cache.
    invalidate: async (keys) => {
      if (!keys) {
        await app.settings.refresh();
        await app.sites.refresh();
      }
      web.invalidate(keys);
      await edge.purge(keys);
    },
    onError: (err) => app.log.warn({ err }, 'content version check failed'),
  });
  pageCache.syncVersion(await store.reads.state.contentVersion());
  // Other nodes' changes: pushed on PostgreSQL, and polled everywhere as the fallback. This node's
  // own publishes empty the cache at once (buildServer), or, reading a replica, once it has caught
  // up; following the version right away also spares the pages rendered since a second emptying
  // when the notification or the poll comes round.
  // Timer ticks and notifications run through `background`, which `close` drains before the pools close.
  const background = new InFlight();
  store.listenForChanges(() => background.run(() => follower.catchUp()));
  // This node's own publish: nothing is served from the cache until the pages it touches are
  // purged (the keys take a read), so a reader never gets the page from before it. Reading a
  // replica, the follower waits for the replica to have it.
  app.pipeline.onChange(() => {
    const purged = follower.catchUp();
    if (store.replicated) return;
    pageCache.holdUntil(purged);
    // The save resolves once the purge is done: an editor (or a test) that saves and then reads
    // gets the new page, not a miss while the purge is under way and a stale entry after it.
    return purged;
  });
  // Changes made through this node's admin and ads follow the same way: the cache takes the version
  // they reached (emptied once, not again by the poll). Reading a replica, the cache is emptied at
  // once and again when the replica has replayed the change (`WebContext.changed`).
  web.followOwnChanges(async () => {
    const purged = follower.catchUp();
    if (store.replicated) return;
    pageCache.holdUntil(purged);
    await purged;
  });
  const poll = setInterval(() => background.run(() => follower.catchUp()), CONTENT_POLL_MS);
  // A re-tag changes tags on many pages at once; other nodes follow the content version as usual.
  app.retagger.onFinished(() => web.invalidate());
  // Ad changes bump the content version; campaigns starting, ending or reaching a cap by the clock
  // are noticed by each node's scheduler tick.
  app.ads.onChange(() => web.changed());
  const adsTick = () => app.ads.liveChanged().then((changed) => changed && web.invalidate(), (err) => app.log.error({ err }, 'checking live ad campaigns failed'));
  background.run(adsTick);
  const scheduler = setInterval(() => {
    background.run(() => app.pipeline.publishDue().catch((err) => app.log.error({ err }, 'scheduled publishing failed')));
    // Picks up a re-tag that a node left unfinished (it stopped or died).
    void app.retagger.kick();
    void app.alerts.tick();
    background.run(adsTick);
    // Sends what the outbox holds for issues being sent (started here, by the CLI or on a node that died).
    app.newsletters.kick().catch((err) => app.log.error({ err }, 'newsletter sending failed'));
  }, config.schedulerIntervalMs);
  void app.retagger.kick();
  poll.unref();
  scheduler.unref();
  let metricsServer: MetricsServer | undefined;
  return {
    ...app,
    http,
    pageCache,
    web,
    checkContent: () => follower.catchUp(),
    async listenMetrics() {
      if (!config.metricsListen) return null;
      metricsServer ??= await listenMetrics(metrics, { ...config.metricsListen, token: config.metricsToken });
      return metricsServer.address;
    },
    async close() {
      clearInterval(poll);
      clearInterval(scheduler);
      follower.stop();
      await background.drain();
      await metricsServer?.close();
      await http.close();
      await app.close();
    },
  };
}

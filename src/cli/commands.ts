import fs from 'node:fs';
import readline from 'node:readline';
import v8 from 'node:v8';
import { Command, InvalidArgumentError } from 'commander';
import type { App } from '../app.ts';
import type { GhostRoutes, ImportProgress, ImportReport, MediaReport, WxrReview } from '../import/index.ts';
import { registerAdCommands } from './ad-commands.ts';
import { registerApiKeyCommands } from './api-key-commands.ts';
import { configFrom, type GlobalOptions, print, progressBar, readStdin, stagedProgress, useProgressLines, withApp } from './cli-context.ts';
import { type MediaFlags, mediaBar, mediaOptions, mediaSource, mediaSummary } from './import-media-options.ts';
import { registerLeadCommands } from './lead-commands.ts';
import { registerNewsletterCommands } from './newsletter-commands.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { registerReaderCommands } from './reader-commands.ts';
import { rebuildRelated, registerRelatedCommand } from './related-command.ts';
import { registerSearchCommand } from './search-commands.ts';
import { registerSiteCommands, siteIdFor, siteOption } from './site-commands.ts';
import { registerSiteImport } from './site-import-command.ts';
import { registerUserCommands } from './user-commands.ts';

function intArg(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/** A date given on the command line: `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date and time. */
function dateArg(name: string) {
  return (value: string) => {
    const t = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : Number.NaN;
    if (Number.isNaN(t)) throw new InvalidArgumentError(`${name} is written YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ`);
    return t;
  };
}

/** The importers, loaded when an `import` subcommand is chosen (before its options are read; see buildCli). */
let importers: typeof import('../import/index.ts') | undefined;

/** `--routes routes.yaml`, read when the command line is parsed so a bad file stops the import before it starts. */
function ghostRoutesArg(file: string): GhostRoutes {
  if (!fs.existsSync(file)) throw new InvalidArgumentError(`--routes: no file at ${file}`);
  const routes = importers!.parseGhostRoutes(fs.readFileSync(file, 'utf8'));
  if (typeof routes === 'string') throw new InvalidArgumentError(`--routes: ${routes}`);
  return routes;
}

const DEFAULT_DB = './data/masthead.db';

export function buildCli(): Command {
  const program = new Command('masthead')
    .description('Masthead: a publishing platform for trade and industry news sites')
    .option('--db <path>', `SQLite database file (default ${DEFAULT_DB}, or MASTHEAD_DB)`)
    .option('--database-url <url>', 'PostgreSQL URL (or DATABASE_URL)')
    .option('--json', 'print only JSON on stdout')
    .option('--progress-lines', 'report progress as `progress DONE/TOTAL LABEL` lines on stderr instead of a bar')
    .showHelpAfterError()
    .hook('preAction', (_program, action) => useProgressLines(action.optsWithGlobals<GlobalOptions>().progressLines === true));

  program
    .command('serve')
    .description('serve the site (demo content is loaded into a new default database)')
    .option('--port <n>', 'port (default 3000, or PORT)', intArg('port', 0, 65535))
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)')
    .action(async (opts: { port?: number; host?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = await configFrom(g, { ...(opts.port !== undefined ? { PORT: String(opts.port) } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      const { createWebApp } = await import('../app.ts');
      const app = await createWebApp(config);
      // Only the default database is ever seeded: a database named with --db is the operator's own.
      const isDefaultDb = !g.db && !g.databaseUrl && !process.env.MASTHEAD_DB && !process.env.DATABASE_URL;
      if (isDefaultDb && app.store.created) {
        const { seedDemo } = await import('../demo/index.ts');
        const report = await seedDemo(app, Date.now(), { images: true });
        app.log.info({ articles: report.imported }, 'loaded demo content');
      }
      const address = await app.http.listen({ port: config.port, host: config.host });
      // The bound bin/masthead.js gives V8 from MEMORY_MB (docs/operations.md, "Memory of a node").
      const heapLimitMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
      app.log.info({ heapLimitMb }, `Masthead is serving ${app.settings.current.title} on ${address}`);
      const metrics = await app.listenMetrics();
      if (metrics) app.log.info(`Metrics are served on ${metrics}/metrics`);
      let stopping = false;
      const stop = async (signal: string) => {
        // A signal can come twice (a supervisor signals the launcher and the server alike): the
        // second must not cut the first's clean shutdown short.
        if (stopping) return;
        stopping = true;
        app.log.info({ signal }, 'shutting down');
        await app.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      // Started by bin/masthead.js's launcher: when it is killed outright, so is the server.
      if (process.channel) {
        process.channel.unref();
        process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
      }
    });

  const importCmd = program.command('import').description('import articles (JSONL, RSS/Atom, WordPress WXR, Ghost JSON, a public site by its sitemap)');
  // parseAsync awaits this before the chosen subcommand reads its options (`--routes` parses with it).
  importCmd.hook('preSubcommand', async () => {
    importers = await import('../import/index.ts');
  });
  const formats = {
    jsonl: 'article JSONL (same id again updates; bad lines are reported and skipped)',
    rss: 'an RSS 2.0 or Atom feed (old permalinks on the same site become redirects)',
    wxr: 'a WordPress export: posts, pages, categories, tags, authors, statuses, old permalinks',
    ghost: "Ghost's JSON export: posts, pages, tags, authors, statuses, old URLs",
  } as const;
  for (const [format, description] of Object.entries(formats) as [keyof typeof formats, string][]) {
    const command = importCmd
      .command(format)
      .argument('<file>', `${format} file`)
      .description(`import ${description}`)
      .option('--no-related', 'leave related content for a later `masthead related --rebuild`')
      .option('--default-date <date>', 'publish date for records without one (YYYY-MM-DD); without it they are refused', dateArg('--default-date'));
    siteOption(command);
    if (format === 'wxr') {
      command.option('--timezone <zone>', "the WordPress site's time zone (IANA name), for posts with only a local date", 'UTC');
      mediaOptions(command, 'a local copy of wp-content/uploads');
    }
    if (format === 'ghost') {
      command.option('--site-url <url>', "the Ghost site's address (https://old.example), for its __GHOST_URL__ links; --fetch-media needs it");
      command.option('--timezone <zone>', "the Ghost site's time zone (IANA name) for routes.yaml's {year}/{month}/{day} (default: the export's, else UTC)");
      command.option('--routes <file>', "the site's routes.yaml: old post, tag and author URLs from its collections and taxonomies", ghostRoutesArg);
      mediaOptions(command, 'a local copy of content/images');
    }
    command.action(async (file: string, opts: { related: boolean; defaultDate?: number; timezone?: string; siteUrl?: string; site?: string; routes?: GhostRoutes } & MediaFlags, cmd: Command) => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (opts.siteUrl !== undefined && !/^https?:\/\/[^/]/.test(opts.siteUrl)) throw new InvalidArgumentError(`--site-url: not an http(s) address: ${JSON.stringify(opts.siteUrl)}`);
        const { importGhost, importJsonl, importRss, importWxr, isTimeZone, saveGhostTerms, saveWxrPage } = importers!;
        if (opts.timezone !== undefined && !isTimeZone(opts.timezone)) throw new InvalidArgumentError(`--timezone: unknown time zone ${JSON.stringify(opts.timezone)} (an IANA name, e.g. Europe/London)`);
        const { importMediaLibrary } = await import('../admin/index.ts');
        await withApp(g, async (app) => {
          const bar = progressBar('Importing');
          let started = false;
          const t0 = performance.now();
          // Leaked legacy company ids are cleaned against the directory as it is now.
          const options = {
            cleanBody: app.directory.legacyCleaner(await app.directory.current()),
            ...(opts.defaultDate === undefined ? {} : { defaultDate: opts.defaultDate }),
            // Only a named site moves records: without --site, new records go to the first site and updates stay where they are.
            ...(opts.site === undefined ? {} : { siteId: app.sites.bySlug(opts.site).id }),
            onProgress: (p: ImportProgress) => {
              if (!started) bar.start(p.totalBytes);
              started = true;
              bar.update(p.bytesRead);
            },
          };
          const report: ImportReport & { pages?: number; skipped?: number; review?: WxrReview[]; media?: MediaReport } =
            format === 'jsonl'
              ? // Records are read and prepared on a second thread while this one saves.
                await importJsonl(file, app.pipeline, { ...options, directory: await app.directory.snapshot() })
              : format === 'rss'
                ? await importRss(file, app.pipeline, options)
                : format === 'ghost'
                  ? await importGhost(
                      file,
                      {
                        pipeline: app.pipeline,
                        savePage: (page) => saveWxrPage(app.store, page, Date.now()),
                        saveTerms: (terms, fixed) => saveGhostTerms(app.store, terms, Date.now(), fixed, options.siteId),
                        media: importMediaLibrary(app.store, app.media, Date.now),
                      },
                      { ...options, ...(opts.siteUrl ? { siteUrl: opts.siteUrl } : {}), ...(opts.routes ? { routes: opts.routes } : {}), ...(opts.timezone ? { timeZone: opts.timezone } : {}), ...mediaSource(opts) },
                    )
                  : await importWxr(
                    file,
                    {
                      pipeline: app.pipeline,
                      savePage: (page) => saveWxrPage(app.store, page, Date.now()),
                      saveTerms: (terms, fixed) => saveGhostTerms(app.store, terms, Date.now(), fixed, options.siteId),
                      media: importMediaLibrary(app.store, app.media, Date.now),
                    },
                    { ...options, timeZone: opts.timezone, ...mediaSource(opts), onMediaProgress: mediaBar() },
                  );
          bar.stop();
          const seconds = (performance.now() - t0) / 1000;
          // Imports skip per-article related updates; one rebuild afterwards is far cheaper.
          if (opts.related && report.imported + report.updated > 0) await rebuildRelated(app);
          const { imported, updated, unchanged, refused } = report;
          const site = format === 'wxr' || format === 'ghost';
          const extra = site ? { pages: report.pages, skipped: report.skipped, review: report.review, media: report.media } : {};
          print(g, { imported, updated, unchanged, refused, ...extra }, () =>
            [
              `Imported ${imported}, updated ${updated}, unchanged ${unchanged}, refused ${refused.length}${site ? `, pages ${report.pages}, skipped ${report.skipped}` : ''} in ${seconds.toFixed(1)} s`,
              ...refused.map((r) => `  ${format === 'jsonl' ? 'line' : format === 'ghost' ? 'post' : 'item'} ${r.line}: ${r.reason}`),
              ...(report.review?.length ? [`To review (${report.review.length}):`] : []),
              ...(report.review ?? []).map((r) => `  item ${r.item} ${r.sourceId} "${r.title}": ${r.notes.join('; ')}`),
              ...(report.media ? mediaSummary(report.media) : []),
            ].join('\n'),
          );
        });
      });
  }

  registerSiteImport(importCmd, { parseDate: dateArg('--default-date'), rebuildRelated });
  registerSearchCommand(program);
  registerUserCommands(program);
  registerReaderCommands(program);
  registerApiKeyCommands(program);
  registerSiteCommands(program);
  registerAdCommands(program);
  registerLeadCommands(program);

  program
    .command('migrate-db')
    .requiredOption('--from <sqlite>', 'SQLite database file to copy')
    .requiredOption('--to <url>', 'PostgreSQL URL to copy into (created tables, upserted rows)')
    .description('copy a whole site from SQLite to PostgreSQL, with progress; verifies counts; safe to re-run')
    .action(async (opts: { from: string; to: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (!fs.existsSync(opts.from)) throw new InvalidArgumentError(`no SQLite database at ${opts.from}`);
      const [{ openStore }, { copyDatabase }] = await Promise.all([import('../store/index.ts'), import('../migrate/index.ts')]);
      const from = await openStore((await configFrom({ db: opts.from })).database);
      const to = await openStore((await configFrom({ databaseUrl: opts.to })).database);
      try {
        const progress = stagedProgress();
        const report = await copyDatabase(from, to, progress.onProgress);
        progress.stop();
        print(g, report, () =>
          [
            ...report.tables.map((t) => `${t.table.padEnd(20)} ${String(t.source).padStart(9)} → ${String(t.target).padStart(9)}`),
            `search index: ${report.searchIndexed} articles`,
            `${report.verified ? 'Verified' : 'COUNTS DIFFER'} in ${report.seconds.toFixed(1)} s`,
          ].join('\n'),
        );
        if (!report.verified) process.exitCode = 1;
      } finally {
        await from.close();
        await to.close();
      }
    });

  registerCompanyCommands(program);
  registerTagCommand(program);
  program
    .command('render')
    .description("store every article's page body as its page shows it, where missing or stale (after upgrading, or a directory change made outside the admin)")
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const r = await renderBodies(app);
        print(g, r, () => `Rendered ${r.rendered} of ${r.total} articles (the rest were current)`);
      });
    });
  registerRelatedCommand(program, intArg);
  registerOpsCommands(program);
  registerNewsletterCommands(program);
  return program;
}

function lines(file: string | undefined): AsyncIterable<string> {
  const input = file && file !== '-' ? fs.createReadStream(file, { encoding: 'utf8' }) : process.stdin;
  return readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

function registerCompanyCommands(program: Command): void {
  const companies = program.command('companies').description('the company directory');

  companies
    .command('import')
    .argument('<file>', 'company JSONL ("-" for stdin)')
    .option('--no-retag', 'do not re-tag articles afterwards')
    .description('import companies (same id again updates; bad lines are reported and skipped), then re-tag articles')
    .action(async (file: string, opts: { retag: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const report = await app.directory.importCompanies(lines(file));
        let retagged = { tagged: 0, recleaned: 0 };
        if (opts.retag && report.imported + report.updated > 0) {
          retagged = await retag(app, undefined);
        }
        print(g, { ...report, retagged: retagged.tagged, recleaned: retagged.recleaned }, () =>
          [
            `Companies: imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, refused ${report.refused.length}`,
            ...report.refused.map((r) => `  line ${r.line}: ${r.reason}`),
            `Re-tagged ${retagged.tagged} articles (${retagged.recleaned} legacy bodies cleaned)`,
          ].join('\n'),
        );
      });
    });

  companies
    .command('export')
    .description('print the directory as company JSONL (importing it again changes nothing)')
    .action(async (_opts: unknown, cmd: Command) => {
      await withApp(cmd.optsWithGlobals<GlobalOptions>(), async (app) => {
        for await (const line of app.directory.exportCompanies()) process.stdout.write(`${line}\n`);
      });
    });

  companies
    .command('merge')
    .argument('<keep>', 'company to keep (its id or slug)')
    .argument('<duplicate>', 'duplicate to merge into it (id or slug)')
    .description("merge a duplicate: its mentions, aliases and URL move to the kept company; its URL redirects")
    .action(async (keep: string, duplicate: string, _opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const result = await app.directory.merge(keep, duplicate);
        print(g, { kept: result.keep, articles: result.articles.length }, () => `Merged into ${result.keep.name} (/companies/${result.keep.slug}); ${result.articles.length} articles moved`);
      });
    });

  companies
    .command('retag')
    .option('--site <slug>', "only that site's articles (default: every site's, since the directory is shared)")
    .description('re-tag every article against the directory (and clean leaked legacy ids)')
    .action(async (opts: { site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const r = await retag(app, opts.site === undefined ? undefined : app.sites.bySlug(opts.site).id);
        print(g, r, () => `Re-tagged ${r.tagged} articles (${r.recleaned} legacy bodies cleaned)`);
      });
    });

  companies
    .command('suggestions')
    .option('--limit <n>', 'how many', intArg('limit', 1, 10_000), 50)
    .description('company-like names found in articles that are not in the directory, by article count')
    .action(async (opts: { limit: number }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const list = await app.directory.suggestions(opts.limit);
        print(g, list, () => list.map((s) => `${String(s.articles).padStart(5)}  ${s.name}`).join('\n') || 'No suggestions');
      });
    });
}

/**
 * Re-tags stored articles (one site's with `siteId`) against the directory, then renders again
 * the stored page bodies that the new links made stale, with a progress bar for each.
 */
async function retag(app: App, siteId: number | undefined): Promise<{ tagged: number; recleaned: number }> {
  const tagging = barFor('Re-tagging');
  const r = await app.directory.retagAll(tagging, undefined, siteId);
  tagging.stop();
  await renderBodies(app);
  return r;
}

/** A progress callback that starts its bar on the first report; `stop` it when done. */
function barFor(title: string): ((done: number, total: number) => void) & { stop(): void } {
  const bar = progressBar(title);
  let started = false;
  const update = (done: number, total: number) => {
    if (!started) bar.start(total);
    started = true;
    bar.update(done);
  };
  return Object.assign(update, { stop: () => bar.stop() });
}

/** The backfill of stored page bodies (`masthead render`), with a progress bar. */
async function renderBodies(app: App): Promise<{ rendered: number; total: number }> {
  const progress = barFor('Rendering bodies');
  const r = await app.renderBodies(progress);
  progress.stop();
  return r;
}

function registerTagCommand(program: Command): void {
  program
    .command('tag')
    .description('find company mentions: plain text on stdin (--json), or lines of {"id","text"} (--jsonl); --retag: re-tag one site\'s stored articles')
    .option('--jsonl', 'read lines of {"id","text"}, print lines of {"id","mentions"}')
    .option('--retag', "re-tag the site's stored articles against the directory instead of reading stdin")
    .option('--site <slug>', 'with --retag, the site whose articles to re-tag; default: the first site (every article with one site)')
    .action(async (opts: { jsonl?: boolean; retag?: boolean; site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (opts.site !== undefined && !opts.retag) throw new InvalidArgumentError('--site goes with --retag (text on stdin is tagged against the shared directory)');
      await withApp(g, async (app) => {
        if (opts.retag) {
          const r = await retag(app, siteIdFor(app, opts.site));
          print(g, r, () => `Re-tagged ${r.tagged} articles (${r.recleaned} legacy bodies cleaned)`);
          return;
        }
        const { matcher } = await app.directory.current();
        const shape = (m: { start: number; end: number; text: string; companyId: string; name: string }) => ({
          start: m.start,
          end: m.end,
          text: m.text,
          companyId: m.companyId,
          name: m.name,
        });
        if (opts.jsonl) {
          let n = 0;
          for await (const raw of lines(undefined)) {
            n++;
            if (!raw.trim()) continue;
            let rec: { id?: unknown; text?: unknown };
            try {
              rec = JSON.parse(raw) as { id?: unknown; text?: unknown };
            } catch (e) {
              process.stderr.write(`line ${n}: not valid JSON (${(e as Error).message})\n`);
              continue;
            }
            if (typeof rec.text !== 'string') {
              process.stderr.write(`line ${n}: "text" must be a string\n`);
              continue;
            }
            process.stdout.write(`${JSON.stringify({ id: rec.id ?? null, mentions: matcher.find(rec.text).map(shape) })}\n`);
          }
          return;
        }
        const text = await readStdin();
        const mentions = matcher.find(text).map(shape);
        print(g, mentions, () => mentions.map((m) => `${m.start}-${m.end}  ${m.text}  → ${m.name} (${m.companyId})`).join('\n') || 'No companies found');
      });
    });
}

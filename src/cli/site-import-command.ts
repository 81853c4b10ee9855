import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { App } from '../app.ts';
import { type GlobalOptions, print, progressBar, withApp } from './cli-context.ts';
import { mediaSummary } from './import-media-options.ts';

interface SiteFlags {
  related: boolean;
  media: boolean;
  mediaMaxBytes: number;
  site?: string;
  defaultDate?: number;
  delay: number;
  limit?: number;
  allowPrivateAddresses?: boolean;
  maxBytes: number;
  timeout: number;
}

/**
 * `masthead import site URL|SITEMAP`: a site with no export, imported from the outside by its
 * sitemap. Registered apart from the file importers: its argument is an address, not a file, and
 * its limits are the old site's (pause between requests, size and time per page).
 */
export function registerSiteImport(importCmd: Command, helpers: { parseDate: (value: string) => number; rebuildRelated: (app: App) => Promise<unknown> }): void {
  const whole = (name: string, min: number) => (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name}: a whole number from ${min}`);
    return n;
  };
  const site = importCmd
    .command('site')
    .argument('<url>', "the site's home page (its sitemap is found from robots.txt or /sitemap.xml) or its sitemap's address")
    .description("import a public site by its sitemap: each page's NewsArticle/Article JSON-LD, Open Graph and <article>; old URLs redirect")
    .option('--no-related', 'leave related content for a later `masthead related --rebuild`')
    .option('--no-media', "leave the pages' images on the old site instead of bringing them into the media library");
  // The options whose defaults are the importer's are added once `import` is chosen (parseAsync
  // awaits the hook before `import` reads the rest of the line, `import help site` included), so
  // other commands never load the importer.
  importCmd.parent!.hook('preSubcommand', async (_program, chosen) => {
    if (chosen !== importCmd || site.options.length > 2) return;
    const { DEFAULT_SITE_DELAY_MS, FETCH_DEFAULTS } = await import('../import/index.ts');
    site
      .option('--media-max-bytes <n>', 'largest image brought into the media library', whole('--media-max-bytes', 1), FETCH_DEFAULTS.maxBytes)
      .option('--default-date <date>', 'publish date for pages that state none (YYYY-MM-DD); without it they are refused', helpers.parseDate)
      .option('--delay <ms>', 'pause between two requests to the site', whole('--delay', 0), DEFAULT_SITE_DELAY_MS)
      .option('--limit <n>', 'import at most this many pages (a trial run; a later run goes on from there)', whole('--limit', 1))
      .option('--allow-private-addresses', 'let the import reach private, loopback and link-local addresses (refused by default)')
      .option('--max-bytes <n>', 'largest page or sitemap read', whole('--max-bytes', 1), FETCH_DEFAULTS.maxBytes)
      .option('--timeout <seconds>', 'time allowed for one page', whole('--timeout', 1), FETCH_DEFAULTS.timeoutMs / 1000)
      .option('--site <slug>', 'the site (title) to import into; default: the first site (see `sites list`)');
  });
  site.action(async (url: string, opts: SiteFlags, cmd: Command) => {
    const g = cmd.optsWithGlobals<GlobalOptions>();
    if (!/^https?:\/\/[^/]/.test(url)) throw new InvalidArgumentError(`not an http(s) address: ${JSON.stringify(url)}`);
    const [{ importMediaLibrary }, { importSite, saveGhostTerms }] = await Promise.all([import('../admin/index.ts'), import('../import/index.ts')]);
    await withApp(g, async (app) => {
      const bar = progressBar('Pages');
      const t0 = performance.now();
      const report = await importSite(
        url,
        { pipeline: app.pipeline, lastChange: async (id) => (await app.store.articles.findBySourceId(id))?.updated_at, pause: (ms) => sleep(ms),
          saveTerms: (terms) => saveGhostTerms(app.store, terms, Date.now()),
          ...(opts.media ? { media: importMediaLibrary(app.store, app.media, Date.now) } : {}),
        },
        {
          cleanBody: app.directory.legacyCleaner(await app.directory.current()),
          ...(opts.defaultDate === undefined ? {} : { defaultDate: opts.defaultDate }),
          ...(opts.limit === undefined ? {} : { limit: opts.limit }),
          // As the file importers: only a named site moves records.
          ...(opts.site === undefined ? {} : { siteId: app.sites.bySlug(opts.site).id }),
          delayMs: opts.delay,
          mediaMaxBytes: opts.mediaMaxBytes,
          fetch: { allowPrivateAddresses: opts.allowPrivateAddresses === true, maxBytes: opts.maxBytes, timeoutMs: opts.timeout * 1000 },
          onPage: (done, total) => {
            if (done === 1) bar.start(total);
            bar.update(done);
          },
        },
      );
      bar.stop();
      const seconds = (performance.now() - t0) / 1000;
      if (opts.related && report.imported + report.updated > 0) await helpers.rebuildRelated(app);
      print(g, report, () =>
        [
          `Sitemap ${report.sitemap}: ${report.sitemaps} sitemap(s), ${report.urls} page(s)`,
          `Imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged} (${report.resumed} not fetched again), refused ${report.refused.length}, not articles ${report.skipped.length} in ${seconds.toFixed(1)} s`,
          ...report.refused.map((r) => `  page ${r.line}: ${r.reason}`),
          ...(report.sitemapProblems.length ? [`Left out of the sitemaps (${report.sitemapProblems.length}):`] : []),
          ...report.sitemapProblems.slice(0, 50).map((p) => `  ${p.url}: ${p.reason}`),
          ...(report.skipped.length ? [`Not articles (${report.skipped.length}):`] : []),
          ...report.skipped.slice(0, 50).map((s) => `  ${s.url}`),
          ...(report.termRedirects.length ? [`Section, tag and author pages redirected (${report.termRedirects.length}):`] : []),
          ...report.termRedirects.slice(0, 50).map((r) => `  ${r.from} → ${r.to}`),
          ...(report.media ? mediaSummary(report.media) : []),
        ].join('\n'),
      );
    });
  });
}

import { once } from 'node:events';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { App } from '../app.ts';
import { type GlobalOptions, print, progressBar, stagedProgress, withApp } from './cli-context.ts';

/** `backup FILE --site SLUG`: one site's published articles as article JSONL, with a progress bar. */
async function backupSite(app: App, slug: string, file: string): Promise<{ file: string; site: string; articles: number }> {
  const site = app.sites.bySlug(slug);
  const bar = progressBar(`Writing ${site.slug}`);
  bar.start(await app.store.articles.countPublished(site.id));
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  let articles = 0;
  const { siteJsonl } = await import('../migrate/index.ts');
  for await (const line of siteJsonl(app.store, site.id, (n) => bar.update(n))) {
    articles++;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  bar.stop();
  return { file, site: site.slug, articles };
}

/** Hours, 24 or more: younger files may belong to an upload still writing its rows. */
function atLeastADay(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 24) throw new InvalidArgumentError('give a number of hours, 24 or more');
  return hours;
}

/** Operations commands: online backup and restore, moving old media out of the database. */
export function registerOpsCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'SQLite file to write (replaced if it exists); with --site, a JSONL file')
    .option('--site <slug>', "only this site's published articles, as article JSONL for `masthead import jsonl` (into another installation or site)")
    .description('write a consistent copy of the whole installation, images included, to one SQLite file while it runs (restore: masthead restore FILE)')
    .action(async (file: string, opts: { site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        if (opts.site !== undefined) {
          const r = await backupSite(app, opts.site, file);
          print(g, r, () => `Wrote ${r.articles} articles of ${r.site} to ${r.file} (import: masthead import jsonl ${r.file} --site SLUG)`);
          return;
        }
        const progress = stagedProgress();
        const { backupTo } = await import('../migrate/index.ts');
        const r = await backupTo(app.store, app.mediaStorage, file, progress.onProgress);
        progress.stop();
        const missing = r.mediaMissing ? `; ${r.mediaMissing} image files were deleted while it ran` : '';
        print(g, r, () => `Backed up to ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.mediaFiles} image files${missing})`);
      });
    });

  program
    .command('restore')
    .argument('<file>', 'a backup written by masthead backup (from SQLite or PostgreSQL)')
    .option('--force', 'replace a site that already has content')
    .description('restore a backup into the site named by --db or --database-url (either engine), images into MEDIA_DIR; safe to run again if cut short')
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const progress = stagedProgress();
        const { restoreFrom } = await import('../migrate/index.ts');
        const report = await restoreFrom(file, app.store, { force: opts.force === true, onProgress: progress.onProgress });
        const media = await app.media.moveToStorage();
        progress.stop();
        const rows = report.tables.reduce((n, t) => n + t.target, 0);
        print(g, { ...report, mediaFiles: media.moved }, () => `Restored ${rows} rows, ${report.searchIndexed} articles indexed, ${media.moved} image files into ${app.config.media.dir}`);
      });
    });

  const media = program.command('media').description('the media library\'s files');
  media
    .command('sweep')
    .option('--older-than <hours>', 'only files older than this many hours (at least 24, the default)', atLeastADay, 24)
    .option('--yes', 'remove them (without it, only lists them)')
    .description('find the files a cut-off upload left in MEDIA_DIR (no row names them; older than a day), and remove them with --yes')
    .action(async (opts: { olderThan: number; yes?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const hours = opts.olderThan;
      await withApp(g, async (app) => {
        const { sweepMedia } = await import('../admin/index.ts');
        const r = await sweepMedia({ store: app.store, storage: app.mediaStorage, clock: Date.now }, { remove: opts.yes === true, olderThanMs: hours * 3600_000 });
        const mb = (r.bytes / 1e6).toFixed(1);
        print(g, { scanned: r.scanned, orphans: r.orphans.map((f) => f.name), bytes: r.bytes, removed: r.removed }, () =>
          [
            ...r.orphans.map((f) => `  ${f.name}`),
            opts.yes
              ? `Removed ${r.removed} files no row names (${mb} MB) of ${r.scanned} in ${app.config.media.dir}`
              : `${r.orphans.length} files no row names (${mb} MB) of ${r.scanned} in ${app.config.media.dir}; nothing removed (dry run): add --yes to remove them`,
          ].join('\n'),
        );
      });
    });
  media
    .command('move-to-storage')
    .description('move image bytes uploaded before media storage out of the database into MEDIA_DIR (safe while the site runs; optional: they are served either way)')
    .action(async (_opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const r = await app.media.moveToStorage();
        print(g, { ...r, mediaDir: app.config.media.dir }, () => `Moved ${r.moved} image files (${(r.bytes / 1e6).toFixed(1)} MB) to ${app.config.media.dir}`);
      });
    });
}

import { Command, InvalidArgumentError, Option } from 'commander';
import { createWebApp } from '../app.ts';
import { seedDemo } from '../demo/index.ts';
import { importJsonl } from '../import/index.ts';
import { snippetText } from '../search/index.ts';
import { configFrom, type GlobalOptions, print, progressBar, withApp } from './cli-context.ts';

function intArg(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

const DEFAULT_DB = './data/masthead.db';

export function buildCli(): Command {
  const program = new Command('masthead')
    .description('Masthead: a publishing platform for trade and industry news sites')
    .option('--db <path>', `SQLite database file (default ${DEFAULT_DB}, or MASTHEAD_DB)`)
    .option('--database-url <url>', 'PostgreSQL URL (or DATABASE_URL)')
    .option('--json', 'print only JSON on stdout')
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the site (demo content is loaded into a new default database)')
    .option('--port <n>', 'port (default 3000, or PORT)', intArg('port', 0, 65535))
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)')
    .action(async (opts: { port?: number; host?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = configFrom(g, { ...(opts.port !== undefined ? { PORT: String(opts.port) } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      const app = await createWebApp(config);
      // Only the default database is ever seeded: a database named with --db is the operator's own.
      const isDefaultDb = !g.db && !g.databaseUrl && !process.env.MASTHEAD_DB && !process.env.DATABASE_URL;
      if (isDefaultDb && app.store.created) {
        const report = await seedDemo(app.store, app.pipeline, Date.now());
        app.log.info({ articles: report.imported }, 'loaded demo content');
      }
      const address = await app.http.listen({ port: config.port, host: config.host });
      app.log.info(`Masthead is serving ${config.site.title} on ${address}`);
      const stop = async (signal: string) => {
        app.log.info({ signal }, 'shutting down');
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });

  const importCmd = program.command('import').description('import articles');
  importCmd
    .command('jsonl')
    .argument('<file>', 'article JSONL file')
    .description('import article JSONL (same id again updates; bad lines are reported and skipped)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const bar = progressBar('Importing');
        let started = false;
        const t0 = performance.now();
        const report = await importJsonl(file, app.pipeline, {
          onProgress: (p) => {
            if (!started) bar.start(p.totalBytes);
            started = true;
            bar.update(p.bytesRead);
          },
        });
        bar.stop();
        const seconds = (performance.now() - t0) / 1000;
        const { imported, updated, unchanged, refused } = report;
        print(g, { imported, updated, unchanged, refused }, () =>
          [
            `Imported ${imported}, updated ${updated}, unchanged ${unchanged}, refused ${refused.length} in ${seconds.toFixed(1)} s`,
            ...refused.map((r) => `  line ${r.line}: ${r.reason}`),
          ].join('\n'),
        );
      });
    });

  program
    .command('search')
    .argument('<query...>', 'what to search for')
    .description('ranked full-text search over published articles')
    .addOption(new Option('--sort <order>', 'relevance or date').choices(['relevance', 'date']).default('relevance'))
    .option('--limit <n>', 'hits per page', intArg('limit', 1, 100), 10)
    .option('--page <n>', 'page', intArg('page', 1, 1000), 1)
    .option('--section <slug>', 'only this section')
    .action(async (words: string[], opts: { sort: 'relevance' | 'date'; limit: number; page: number; section?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      await withApp(g, async (app) => {
        const outcome = await app.search.search({ q: words.join(' '), limit: opts.limit, page: opts.page, sort: opts.sort, ...(opts.section ? { section: opts.section } : {}) });
        const hits = outcome.hits.map((h) => ({
          id: h.article.id,
          sourceId: h.article.sourceId,
          slug: h.article.slug,
          title: h.article.headline,
          date: new Date(h.article.publishedAt).toISOString(),
          score: h.score,
          snippet: snippetText(h.snippet),
        }));
        print(g, { total: outcome.total, hits }, () =>
          [`${outcome.total} results${outcome.relaxed ? ' (matching some of the words)' : ''}`, ...hits.map((h) => `${h.score.toFixed(2)}  ${h.date.slice(0, 10)}  ${h.title}  /news/${h.slug}`)].join('\n'),
        );
      });
    });

  return program;
}

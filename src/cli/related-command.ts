import { type Command, InvalidArgumentError } from 'commander';
import type { CoreApp } from '../app.ts';
import { type GlobalOptions, print, stagedProgress, withCore } from './cli-context.ts';
import { siteIdFor } from './site-commands.ts';

/** `related --rebuild` (and after imports): every list recomputed, with a bar per phase. */
export async function rebuildRelated(app: Pick<CoreApp, 'related'>): Promise<{ articles: number; seconds: number }> {
  const progress = stagedProgress('Related content');
  const result = await app.related.rebuild(progress.onProgress);
  progress.stop();
  return result;
}

/** `masthead related`: one article's list, every list (`--all`), or a rebuild; `--site` reads one site's lists. */
export function registerRelatedCommand(program: Command, intArg: (name: string, min: number, max: number) => (value: string) => number): void {
  program
    .command('related')
    .argument('[article]', 'article id, source id or slug')
    .option('--all', 'every published article: one JSON line each')
    .option('--limit <k>', 'items per list', intArg('limit', 1, 50))
    .option('--rebuild', 'recompute every list (after imports or tuning)')
    .option('--site <slug>', 'the lists as that site shows them (its own articles only; with --all, its articles); default: the first site')
    .description('related content: one article\'s list with reasons, every list, or a full rebuild')
    .action(async (ref: string | undefined, opts: { all?: boolean; limit?: number; rebuild?: boolean; site?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      // The core only: no admin, media, mail or web modules (docs/benchmarks.md, "CLI commands load what they use").
      await withCore(g, async (app) => {
        if (opts.rebuild) {
          const r = await rebuildRelated(app);
          print(g, r, () => `Related lists rebuilt for ${r.articles} articles in ${r.seconds.toFixed(1)} s`);
          if (!opts.all && !ref) return;
        }
        // The site's articles and their lists as its pages show them; with one site, everything.
        const siteId = siteIdFor(app, opts.site);
        if (opts.all) {
          const ids = await app.store.articles.publishedIds(siteId);
          const stored = await app.store.related.countLists();
          const everywhere = siteId === undefined ? ids.length : (await app.store.articles.publishedIds()).length;
          // Many lists missing (a bulk import without --related): one rebuild beats one by one.
          if (!opts.rebuild && everywhere - stored > Math.max(50, everywhere / 10)) await rebuildRelated(app);
          // Longer than the stored lists: all at once in memory, as a rebuild computes them, rather
          // than a SQL computation per article (minutes instead of hours on a large archive).
          const longer = opts.limit !== undefined && opts.limit > app.settings.current.relatedCount ? await app.related.computeAll(opts.limit, undefined, siteId) : undefined;
          for (let i = 0; i < ids.length; i += 500) {
            const part = ids.slice(i, i + 500);
            const summaries = new Map((await app.store.articles.summariesByIds(part)).map((a) => [a.id, a]));
            for (const id of part) {
              const limited = (longer ? longer.get(id) : await app.related.listFor(id, opts.limit ?? app.settings.current.relatedCount, siteId)) ?? [];
              const refs = new Map((await app.store.articles.summariesByIds(limited.map((it) => it.id))).map((a) => [a.id, a]));
              const line = {
                id,
                sourceId: summaries.get(id)?.sourceId ?? null,
                related: limited.map((it) => ({ id: it.id, sourceId: refs.get(it.id)?.sourceId ?? null, score: it.score })),
              };
              process.stdout.write(`${JSON.stringify(line)}\n`);
            }
          }
          return;
        }
        if (!ref) throw new InvalidArgumentError('name an article (id, source id or slug), or use --all or --rebuild');
        const row = await findArticle(app, ref);
        const items = (await app.related.listFor(Number(row.id), opts.limit ?? app.settings.current.relatedCount, siteId)) ?? [];
        // A site shows only its own articles (as its pages do).
        const byId = new Map((await app.store.articles.summariesByIds(items.map((it) => it.id), siteId)).map((a) => [a.id, a]));
        const out = items.flatMap((it) => {
          const a = byId.get(it.id);
          return a ? [{ id: a.id, sourceId: a.sourceId, slug: a.slug, title: a.headline, date: new Date(a.publishedAt).toISOString(), score: it.score, why: it.why }] : [];
        });
        print(g, out, () => out.map((o) => `${o.score.toFixed(3)}  ${o.date.slice(0, 10)}  ${o.title}  [${o.why.sharedTerms.join(', ')}]`).join('\n') || 'No related articles');
      });
    });
}

/** An article by Masthead id, source id or slug. */
async function findArticle(app: CoreApp, ref: string) {
  const row = (/^\d+$/.test(ref) ? await app.store.articles.findById(Number(ref)) : undefined) ?? (await app.store.articles.findBySourceId(ref)) ?? (await app.store.articles.findBySlug(ref));
  if (!row) throw (await import('../publish/index.ts')).ArticleNotFound(JSON.stringify(ref));
  return row;
}

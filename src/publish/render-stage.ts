import { articleBody, type ParsedBody, renderBody, renderKey } from '../content/index.ts';
import type { BodyFormat } from '../domain/index.ts';
import type { ArticleRendersTable, ArticleRow, CompanyRef, Repositories, Store } from '../store/index.ts';
import type { PreparedArticle } from './article-input.ts';
import type { PublishStage } from './publish-pipeline.ts';

/** The body with the first mention of each company linked (the directory's work), read within `repos`' transaction. */
export type LinkCompanies = (repos: Repositories, body: string, format: BodyFormat, companies: readonly CompanyRef[]) => Promise<string>;

/**
 * Renders these articles' bodies as their pages show them and stores them (`article_renders`,
 * migration 0044), so a page view reads HTML instead of parsing Markdown, sanitizing and linking
 * companies. Runs after tagging, which decides the companies linked. With `onlyStale`, an
 * article whose stored key still matches is left alone (the backfill). Returns how many it wrote.
 */
export async function renderArticles(
  repos: Repositories,
  link: LinkCompanies,
  articles: readonly ArticleRow[],
  onlyStale = false,
  /** Each article's `parseBody` of its body, by id, where the caller has it (a save has). */
  parsed?: ReadonlyMap<number, ParsedBody>,
  /** Each article's page body without links, by id, where an import prepared it. */
  prepared?: ReadonlyMap<number, PreparedArticle['page']>,
): Promise<number> {
  if (articles.length === 0) return 0;
  const ids = articles.map((a) => Number(a.id));
  const [companies, directoryVersion, stored] = await Promise.all([
    repos.companies.companiesOf(ids),
    repos.state.directoryVersion(),
    onlyStale ? repos.renders.keys(ids) : new Map<number, string>(),
  ]);
  const rows: ArticleRendersTable[] = [];
  for (const a of articles) {
    const id = Number(a.id);
    const mentioned = companies.get(id) ?? [];
    const sponsored = a.sponsor_company_id !== null;
    const key = renderKey({ body: a.body, format: a.body_format, sponsored, companies: mentioned, directoryVersion });
    if (stored.get(id) === key) continue;
    const linked = mentioned.length ? await link(repos, a.body, a.body_format, mentioned) : a.body;
    const page = prepared?.get(id);
    const body = linked === a.body && page?.sponsored === sponsored ? page : articleBody(a.body, linked, a.body_format, sponsored, parsed?.get(id));
    rows.push({ article_id: id, render_key: key, html: body.html, summary: body.summary, read_minutes: body.readMinutes });
  }
  await repos.renders.put(rows);
  return rows.length;
}

/** The pipeline's rendering step: every save stores its article's page body, in the same transaction. */
export function renderStage(link: LinkCompanies): PublishStage {
  return {
    name: 'rendering',
    run: async (repos, article, _previous, plainBody) => {
      // The text alone is handed over here: the HTML is rendered from the body.
      const parsed: ParsedBody = { text: plainBody, html: (options) => renderBody(article.body, article.body_format, options) };
      await renderArticles(repos, link, [article], false, new Map([[Number(article.id), parsed]]));
    },
    runMany: async (repos, stored) => {
      await renderArticles(
        repos,
        link,
        stored.map((s) => s.article),
        false,
        new Map(stored.map((s) => [Number(s.article.id), s.parsedBody])),
        new Map(stored.flatMap((s) => (s.prepared ? [[Number(s.article.id), s.prepared.page]] : []))),
      );
    },
  };
}

/** Articles per transaction of the backfill. */
const BACKFILL_BATCH = 500;

/**
 * The backfill: stores the rendering of every article that has none, or whose inputs changed
 * since (after a directory change and its re-tag, or an upgrade to migration 0044). Idempotent;
 * resumable by running again. Returns how many were rendered of how many read.
 */
export async function renderAllArticles(store: Store, link: LinkCompanies, onProgress?: (done: number, total: number) => void | Promise<void>): Promise<{ rendered: number; total: number }> {
  const ids = await store.articles.allIds();
  let rendered = 0;
  for (let i = 0; i < ids.length; i += BACKFILL_BATCH) {
    const slice = ids.slice(i, i + BACKFILL_BATCH);
    rendered += await store.transaction(async (repos) => {
      const rows = await Promise.all(slice.map((id) => repos.articles.findById(id)));
      return renderArticles(
        repos,
        link,
        rows.filter((r): r is ArticleRow => r !== undefined),
        true,
      );
    });
    await onProgress?.(Math.min(i + BACKFILL_BATCH, ids.length), ids.length);
  }
  return { rendered, total: ids.length };
}

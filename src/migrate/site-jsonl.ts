import type { Repositories } from '../store/index.ts';

/** Articles read per query. */
const CHUNK = 500;

/**
 * One site's content as article JSONL, the format `masthead import jsonl` reads (PRODUCT.md): its
 * published articles, home and cross-published, in id order, one JSON object a line, so importing
 * the file into another installation or site gives the same articles, and writing that site out
 * again gives the same lines. `id` is the article's source id, or its slug when it has none (the
 * next import then finds it by that id). Drafts, lead images and company mentions (re-tagged from
 * the shared directory on import) are not written.
 *
 * @example
 * for await (const line of siteJsonl(app.store, site.id, (n) => bar.update(n))) out.write(`${line}\n`);
 */
export async function* siteJsonl(store: Pick<Repositories, 'articles' | 'taxonomy'>, siteId: number, onProgress?: (written: number) => void): AsyncGenerator<string> {
  let after = 0;
  let written = 0;
  for (;;) {
    const rows = await store.articles.publishedOnSite(siteId, after, CHUNK);
    if (!rows.length) return;
    const ids = rows.map((r) => Number(r.id));
    const [tags, authors] = await Promise.all([store.taxonomy.tagsOf(ids), store.taxonomy.authorsOf(ids)]);
    for (const r of rows) {
      const id = Number(r.id);
      const published = Number(r.published_at ?? r.updated_at);
      yield JSON.stringify({
        id: r.source_id ?? r.slug,
        title: r.headline,
        standfirst: r.standfirst,
        body: r.body,
        date: new Date(published).toISOString(),
        updated: new Date(Math.max(Number(r.updated_at), published)).toISOString(),
        section: r.section,
        tags: (tags.get(id) ?? []).map((t) => t.name),
        authors: (authors.get(id) ?? []).map((a) => a.name),
        sponsor: r.sponsor ?? r.sponsor_slug,
      });
    }
    written += rows.length;
    onProgress?.(written);
    after = ids[ids.length - 1] ?? after;
  }
}

import { plainText } from '../content/index.ts';
import type { PublishStage } from '../publish/index.ts';
import type { ArticleRow, RelatedMeta, Repositories, Store, StoredRelated, StoredSignature } from '../store/index.ts';
import { AnalysisSpill } from './analysis-spill.ts';
import { withBoundedHeapGrowth } from './heap-growth.ts';
import { InternedAnalyzer } from './interned-analyzer.ts';
import { scorePair } from './rank-related.ts';
import { RelatedEngine } from './related-engine.ts';
import { type RelatedWeights, resolveWeights } from './related-weights.ts';
import { ScanThread, scanThreadPays } from './scan-thread.ts';
import { analyzeDoc, signatureFromAnalysis, toFixedWeight } from './signature.ts';
import { FIXED_SQUARED, StoreRankContext, storedCosine, toSignature } from './store-rank-context.ts';
import type { Candidate, RelatedItem, Signature } from './types.ts';
import { WordThread } from './word-thread.ts';

export interface RelatedServiceDeps {
  readonly store: Store;
  /** List length (RELATED_COUNT). */
  readonly count: number;
  readonly weights?: Partial<RelatedWeights>;
  /**
   * Whether the installation serves several sites (read on every computation). Then each list is
   * ranked within each site its article is on, over that site's articles only; absent or false:
   * over every article, with no extra condition at all.
   */
  readonly severalSites?: () => boolean;
  /**
   * Whether a rebuild scans for candidates on a worker thread too (`ScanThread`). Absent: chosen
   * by the machine and the archive (`scanThreadPays`); tests force either way.
   */
  readonly scanThread?: boolean;
}

/**
 * Candidates whose signatures are fetched with their metadata, best text score first: about
 * what ranking compares for a list of 6; it fetches any other it needs (`StoreRankContext.rank`).
 */
const SIGNATURES_AHEAD = 16;

/** Articles read, and lists written, per step of a rebuild. */
const REBUILD_CHUNK = 500;

/**
 * SQLite's page cache during a rebuild, instead of the bulk 64 MB: the rebuild reads each article
 * once, by id, and appends the index's rows in article order, so a large cache keeps pages nobody
 * reads again, resident for the whole rebuild (docs/benchmarks.md, "eighth pass"). 4 MB, not
 * 8, and the heap's growth bound below at 10 %, not 20, pay for the scan thread's own memory
 * (about 10 MB resident): at 100,000 articles the peak came to 298 MB instead of 308–311
 * (docs/benchmarks.md, "eleventh pass").
 */
const REBUILD_CACHE_BYTES = 4 * 1024 * 1024;

/** How far V8's old generation may grow above the live heap during a rebuild (`withBoundedHeapGrowth`). */
const REBUILD_HEAP_GROWTH_PERCENT = 10;

/**
 * One stored list from an article's per-site lists, its home site's first: each later list adds
 * the entries not already in. A site reads the entries on it in order, so its home site reads its
 * own list exactly, and another site a full list of its own articles.
 */
function mergeLists(lists: readonly RelatedItem[][]): RelatedItem[] {
  if (lists.length === 1) return lists[0] ?? [];
  const seen = new Set<number>();
  return lists.flat().filter((it) => !seen.has(it.id) && seen.add(it.id));
}

/** An entry of a stored list as a publish reads it: the listed article and its pair score. */
type ListEntry = { readonly relatedId: number; readonly score: number };

const toCandidate = (c: { id: number; fixedScore: number }): Candidate => ({ id: c.id, textScore: c.fixedScore / FIXED_SQUARED });

const toStoredItem = (it: RelatedItem): StoredRelated => ({ relatedId: it.id, score: it.score, why: { ...it.why } });

function toStored(sig: Signature): StoredSignature {
  const terms = [...sig.terms];
  return { terms, fixedWeights: terms.map((_, i) => toFixedWeight(sig.weights[i] ?? 0)), surface: terms.map((t, i) => sig.surface?.[i] ?? t) };
}

/**
 * Related content over the store: the publish pipeline's stage keeps signatures, statistics and
 * stored lists current one article at a time (README.md in this folder describes the flow); a
 * full rebuild recomputes everything in memory with the same engine.
 */
export class RelatedService {
  private current: { count: number; weights: RelatedWeights };

  constructor(private readonly deps: RelatedServiceDeps) {
    this.current = { count: deps.count, weights: resolveWeights(deps.weights) };
  }

  get weights(): RelatedWeights {
    return this.current.weights;
  }

  /**
   * New list length and weights (an admin saved the site settings). Lists computed from now on
   * use them; stored lists change at the next rebuild.
   */
  configure(count: number, weights: Partial<RelatedWeights>): void {
    this.current = { count, weights: resolveWeights(weights) };
  }

  /** The pipeline stage. Bulk imports skip it; `related --rebuild` (or `--all`) fills in after. */
  stage(): PublishStage {
    return {
      name: 'related',
      skipInBulk: true,
      run: (repos, article, previous, plainBody) => this.onSaved(repos, article, previous, plainBody),
    };
  }

  private async onSaved(repos: Repositories, article: ArticleRow, previous: ArticleRow | undefined, plainBody: string): Promise<void> {
    const id = Number(article.id);
    const hadSignature = (await repos.relatedIndex.signatures([id])).has(id);
    if (hadSignature && previous) {
      const old = analyzeDoc({ title: previous.headline, standfirst: previous.standfirst, body: plainText(previous.body, previous.body_format) });
      await repos.relatedIndex.count([...old.tf.keys()], old.length, -1);
    }
    const holders = await repos.related.listsContaining(id);
    if (article.status !== 'published') {
      if (hadSignature) await repos.relatedIndex.deleteSignature(id);
      await repos.related.clear(id);
      for (const b of holders) await this.recompute(repos, b);
      return;
    }
    const analysis = analyzeDoc({ title: article.headline, standfirst: article.standfirst, body: plainBody });
    await repos.relatedIndex.count([...analysis.tf.keys()], analysis.length, 1);
    const stored = await this.sign(repos, id, analysis);

    // One "more like this" serves both its own list (the best of it) and the lists it now belongs
    // in (the pair score is symmetric, so the text score found from its side is the score it
    // would have in theirs).
    const several = this.deps.severalSites?.() ?? false;
    const ownLimit = Math.max(this.weights.candidatePool, this.current.count) * 2;
    const wide = await repos.relatedIndex.candidates(stored.terms, stored.fixedWeights, Math.max(this.weights.candidatePool * 4, ownLimit), id);
    const ctx = await StoreRankContext.open(repos);
    await ctx.need(repos, { metas: [id, ...wide.map((c) => c.id)], signatures: [id, ...wide.slice(0, SIGNATURES_AHEAD).map((c) => c.id)] });
    const me = ctx.doc(id);
    if (several) await this.recompute(repos, id, { signed: true });
    else {
      const own = me ? await ctx.rank(repos, { doc: me, signature: toSignature(stored) }, wide.slice(0, ownLimit).map(toCandidate), this.weights, this.current.count) : [];
      await repos.related.put(id, own.map(toStoredItem));
    }
    const redo = new Set<number>(holders);
    const entered: number[] = [];
    const lists = me ? await repos.related.entries(wide.map((c) => c.id)) : new Map<number, ListEntry[]>();
    if (me) {
      for (const c of wide) {
        const b = ctx.doc(c.id);
        if (!b) continue;
        const list = lists.get(c.id);
        const score = scorePair(b, me, c.fixedScore / FIXED_SQUARED, ctx, this.weights).score;
        const worst = list?.length ? Math.min(...list.map((x) => x.score)) : -1;
        // CASE: a full list it beats is re-ranked with it; a short or missing list is computed in full.
        if (list && list.length >= this.current.count && !several) {
          if (score > worst) entered.push(c.id);
        } else if (!list || list.length < this.current.count || score > worst) redo.add(c.id);
      }
    }
    redo.delete(id);
    await this.enter(repos, id, entered.filter((b) => !redo.has(b)), lists, ctx);
    for (const b of redo) await this.recompute(repos, b);
  }

  /**
   * Puts a newly published article into full lists it beats the worst entry of: each such list is
   * ranked again over its stored entries and the article (what a full recompute would choose but
   * for a rarely seen case: an entry the article pushes down by the diversity rule, where a
   * candidate outside the list might have taken the place; the next rebuild settles it). A full
   * recompute per list would ask the whole index for each list's candidates, tens of queries per
   * publish.
   */
  private async enter(repos: Repositories, id: number, into: readonly number[], lists: ReadonlyMap<number, readonly ListEntry[]>, ctx: StoreRankContext): Promise<void> {
    if (!into.length) return;
    const entries = into.flatMap((b) => (lists.get(b) ?? []).map((it) => it.relatedId));
    await ctx.need(repos, { metas: entries, signatures: [...into, ...entries] });
    const mine = ctx.stored(id);
    const out: { articleId: number; items: StoredRelated[] }[] = [];
    for (const b of into) {
      const doc = ctx.doc(b);
      const own = ctx.stored(b);
      if (!doc || !own || !mine) continue;
      const candidates: Candidate[] = [{ id, textScore: storedCosine(own, mine) }];
      for (const it of lists.get(b) ?? []) {
        const sig = ctx.stored(it.relatedId);
        if (sig && ctx.doc(it.relatedId)) candidates.push({ id: it.relatedId, textScore: storedCosine(own, sig) });
      }
      out.push({ articleId: b, items: (await ctx.rank(repos, { doc, signature: toSignature(own) }, candidates, this.weights, this.current.count)).map(toStoredItem) });
    }
    await repos.related.putMany(out);
  }

  /**
   * Signs an article against the statistics as they are now. Incremental signatures keep terms no
   * other article has yet (minDocFreq 1): a later article may share them, which is the point of a
   * new story's distinctive words. (The full rebuild drops them: there, nothing else can match.)
   */
  private async sign(repos: Repositories, id: number, analysis: ReturnType<typeof analyzeDoc>): Promise<StoredSignature> {
    const terms = [...analysis.tf.keys()];
    const [df, corpus] = await Promise.all([repos.relatedIndex.df(terms), repos.relatedIndex.corpus()]);
    const stats = { docCount: corpus.docs, avgDocLength: corpus.docs ? corpus.length / corpus.docs : undefined, df: (t: string) => df.get(t) ?? 0 };
    const stored = toStored(signatureFromAnalysis(analysis, stats, { minDocFreq: 1 }));
    await repos.relatedIndex.putSignature(id, stored);
    return stored;
  }

  /**
   * Recomputes and stores one article's list. Its signature is re-weighted first (unless it was
   * just signed): statistics drift as the archive grows, and the articles whose lists change are
   * the ones worth refreshing.
   */
  async recompute(repos: Repositories, id: number, opts: { readonly signed?: boolean } = {}): Promise<RelatedItem[]> {
    const row = opts.signed ? undefined : await repos.articles.findById(id);
    if (row?.status === 'published') {
      await this.sign(repos, id, analyzeDoc({ title: row.headline, standfirst: row.standfirst, body: plainText(row.body, row.body_format) }));
    }
    const items = await this.computeOnSites(repos, id);
    await repos.related.put(id, items.map(toStoredItem));
    return items;
  }

  /** An article's list, or with several sites its lists on each of its sites merged (`mergeLists`). */
  private async computeOnSites(repos: Repositories, id: number): Promise<RelatedItem[]> {
    if (!this.deps.severalSites?.()) return this.compute(repos, id);
    const lists: RelatedItem[][] = [];
    for (const siteId of (await repos.relatedIndex.sitesOf([id])).get(id) ?? []) lists.push(await this.compute(repos, id, this.current.count, siteId));
    return mergeLists(lists);
  }

  private async compute(repos: Repositories, id: number, length = this.current.count, siteId?: number): Promise<RelatedItem[]> {
    const own = (await repos.relatedIndex.signatures([id])).get(id);
    if (!own) return [];
    const found = await repos.relatedIndex.candidates(own.terms, own.fixedWeights, Math.max(this.weights.candidatePool, length) * 2, id, siteId);
    const ctx = await StoreRankContext.open(repos);
    await ctx.need(repos, { metas: [id, ...found.map((c) => c.id)], signatures: found.slice(0, SIGNATURES_AHEAD).map((c) => c.id) });
    const doc = ctx.doc(id);
    if (!doc) return [];
    return ctx.rank(repos, { doc, signature: toSignature(own) }, found.map(toCandidate), this.weights, length);
  }

  /**
   * The list of an article: the stored one, computing it first when missing (articles imported in
   * bulk). With `length` longer than the stored list, a list that long is computed on demand and
   * not stored: the greedy ranking makes the stored list its prefix, and page views keep reading
   * the stored length. With `siteId` and several sites: the list as that site shows it, its own
   * articles only (computed over them when the stored entries are too few).
   */
  async listFor(id: number, length?: number, siteId?: number): Promise<RelatedItem[] | undefined> {
    const { store } = this.deps;
    const site = this.deps.severalSites?.() ? siteId : undefined;
    const stored = await store.related.get(id);
    const items = stored?.map((s) => ({ id: s.relatedId, score: s.score, why: s.why as unknown as RelatedItem['why'] }));
    if (site !== undefined) {
      // No stored list yet (a bulk import): store one first, as a page view would find it.
      if (!items && (await store.articles.findById(id))?.status !== 'published') return undefined;
      const listed = items ?? (await this.listFor(id)) ?? [];
      const sites = await store.relatedIndex.sitesOf(listed.map((it) => it.id));
      const own = listed.filter((it) => sites.get(it.id)?.includes(site));
      const wanted = length ?? this.current.count;
      if (own.length >= wanted) return own.slice(0, wanted);
      return store.transaction((repos) => this.compute(repos, id, wanted, site));
    }
    if (items && (length === undefined || length <= items.length)) return items.slice(0, length);
    const row = await store.articles.findById(id);
    if (row?.status !== 'published') return items;
    return store.transaction(async (repos) => {
      if (!items) {
        const has = (await repos.relatedIndex.signatures([id])).has(id);
        if (!has) await this.onSaved(repos, row, undefined, plainText(row.body, row.body_format));
        const fresh = await this.recompute(repos, id);
        if (length === undefined || length <= fresh.length) return fresh.slice(0, length);
      }
      return this.compute(repos, id, length);
    });
  }

  /**
   * Recomputes everything from the published articles: statistics, signatures and every list,
   * in memory with the engine, then writes them in one transaction per chunk (one multi-row
   * statement per table). The engine holds signatures and metadata, never the articles' text.
   */
  async rebuild(onProgress?: (phase: string, done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
    return withBoundedHeapGrowth(REBUILD_HEAP_GROWTH_PERCENT, () => this.deps.store.bulkWrites(() => this.rebuildAll(onProgress), { cacheBytes: REBUILD_CACHE_BYTES }));
  }

  private async rebuildAll(onProgress?: (phase: string, done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
    const t0 = performance.now();
    const { store } = this.deps;
    // A second thread scans with one site only: with several, each list is gathered within each
    // of its sites, which the worker does not hold.
    const threaded = (articles: number) => !this.deps.severalSites?.() && (this.deps.scanThread ?? scanThreadPays(articles));
    const { ids, engine } = await this.engineFromStore(onProgress, threaded);
    const onSites = await this.siteLists();
    await store.transaction(async (repos) => {
      await repos.relatedIndex.clear();
      await repos.relatedIndex.putTermStats([...engine.stats.entries()], engine.stats.docCount, engine.stats.totalLength);
    });
    const scans = threaded(ids.length) ? ScanThread.start(engine.index, this.weights, REBUILD_CHUNK) : undefined;
    // Write-behind on PostgreSQL: a chunk's lists are computed while the one before is being
    // written, so the engine's work (this process) and the inserts (the database server) overlap
    // instead of taking turns. Chunks still commit one after another, in order; at most two are
    // held. SQLite writes in this process, so there it would only hold the write lock longer.
    const behind = store.kind === 'postgres';
    let writing: Promise<void> = Promise.resolve();
    try {
      scans?.request(0, ids.slice(0, REBUILD_CHUNK));
      for (let i = 0; i < ids.length; i += REBUILD_CHUNK) {
        const part = ids.slice(i, i + REBUILD_CHUNK);
        // The worker scans the next chunk while this thread ranks and writes this one.
        if (i + REBUILD_CHUNK < ids.length) scans?.request(i + REBUILD_CHUNK, ids.slice(i + REBUILD_CHUNK, i + 2 * REBUILD_CHUNK));
        const found = await scans?.take(i);
        // Each signature as the store keeps it, read straight from the index's fixed-point row (no
        // `Signature` turned into it again). Made here, not in the write: on PostgreSQL the write
        // runs beside the next chunk, and rows made there raised the peak by 20–25 MiB
        // (docs/benchmarks.md, "twelfth pass").
        const signed: { articleId: number; sig: StoredSignature }[] = [];
        const lists = part.map((id, k) => {
          const sig = engine.signature(id);
          if (!sig) return { articleId: id, items: [] };
          signed.push({ articleId: id, sig: engine.index.fixedSignature(id)! });
          const gathered = found?.candidates(k);
          const items = gathered ? engine.rank(id, sig, gathered, this.current.count) : onSites(engine, id, this.current.count);
          return { articleId: id, items: items.map(toStoredItem) };
        });
        await writing;
        const done = Math.min(i + REBUILD_CHUNK, ids.length);
        writing = store
          .bulkTransaction(async (repos) => {
            await repos.relatedIndex.putSignatures(signed);
            await repos.related.putMany(lists);
          })
          .then(() => onProgress?.('relating', done, ids.length));
        // A failed write is awaited (and thrown) before the next chunk's: never left unhandled meanwhile.
        writing.catch(() => {});
        if (!behind) await writing;
      }
      await writing;
    } finally {
      await scans?.close();
    }
    await store.relatedIndex.restoreTermIndex();
    return { articles: ids.length, seconds: (performance.now() - t0) / 1000 };
  }

  /**
   * Every published article's list of `length`, computed in memory as a rebuild would and not
   * stored: for lists longer than the stored ones (`related --all --limit K`), one engine is far
   * cheaper than a SQL computation per article. Lists keyed by article id.
   */
  async computeAll(length: number, onProgress?: (phase: string, done: number, total: number) => void, siteId?: number): Promise<Map<number, RelatedItem[]>> {
    const { ids, engine } = await this.engineFromStore(onProgress);
    const onSites = await this.siteLists(siteId);
    return new Map(ids.map((id) => [id, engine.signature(id) ? onSites(engine, id, length) : []]));
  }

  /**
   * How an engine lists one article: over everything with one site; with several, within each
   * of its sites merged (`mergeLists`), or within `onlySite` alone when given.
   */
  private async siteLists(onlySite?: number): Promise<(engine: RelatedEngine, id: number, length: number) => RelatedItem[]> {
    if (!this.deps.severalSites?.()) return (engine, id, length) => engine.related(id, length);
    const sitesOf = await this.deps.store.relatedIndex.sitesOf();
    const within = new Map<number, Set<number>>();
    for (const [id, sites] of sitesOf) {
      for (const s of sites) {
        const set = within.get(s) ?? new Set<number>();
        set.add(id);
        within.set(s, set);
      }
    }
    const none = new Set<number>();
    return (engine, id, length) =>
      mergeLists((onlySite === undefined ? (sitesOf.get(id) ?? []) : [onlySite]).map((s) => engine.related(id, length, { within: within.get(s) ?? none })));
  }

  /**
   * An engine loaded with the published articles, and their ids in load order. The archive is
   * read once, in chunks: each article is counted and its analysis spilled to a temporary file,
   * then, with the statistics complete, signed from the file. Memory holds one chunk of text at a
   * time, not the corpus: at 100,000 articles the text alone is several hundred megabytes.
   */
  private async engineFromStore(
    onProgress?: (phase: string, done: number, total: number) => void,
    sharedIndex: (articles: number) => boolean = () => false,
  ): Promise<{ ids: number[]; engine: RelatedEngine }> {
    const { store } = this.deps;
    const all = (await store.articles.allIds()).filter(Boolean);
    const engine = new RelatedEngine({ weights: this.weights, retainCounts: false, sharedIndex: sharedIndex(all.length) });
    engine.beginLoad(all.length);
    const ids: number[] = [];
    const analyzer = new InternedAnalyzer(engine.signatureOptions);
    const spill = AnalysisSpill.open();
    // Part of each chunk is rendered and split into words on a second core when it pays, a chunk
    // ahead of this thread (`WordThread`); the ids, and so everything after, are the same either way.
    const words = (this.deps.scanThread ?? scanThreadPays(all.length)) ? WordThread.start(analyzer.boosts, REBUILD_CHUNK / 2) : undefined;
    try {
      const chunks: { ids: number[]; at: { offset: number; bytes: number } }[] = [];
      const read = async (from: number) => {
        const part = all.slice(from, from + REBUILD_CHUNK);
        const [metas, texts] = await Promise.all([store.relatedIndex.metas(part), store.relatedIndex.texts(part)]);
        const docs: { id: number; meta: RelatedMeta; text: Pick<ArticleRow, 'standfirst' | 'body' | 'body_format'> }[] = [];
        for (const id of part) {
          const meta = metas.get(id);
          const text = texts.get(id);
          if (meta && text) docs.push({ id, meta, text });
        }
        const share = Math.min(words?.share ?? 0, docs.length);
        if (share) words?.request(from, docs.slice(0, share).map(({ meta, text }) => [meta.title, text.standfirst, text.body, text.body_format]));
        return { docs, share };
      };
      let next = await read(0);
      for (let i = 0; i < all.length; i += REBUILD_CHUNK) {
        const { docs, share } = next;
        // The worker splits its share of the chunk while this thread reads the next and splits the rest.
        if (i + REBUILD_CHUNK < all.length) next = await read(i + REBUILD_CHUNK);
        const own = docs.slice(share).map(({ meta, text }) => analyzer.split({ title: meta.title, standfirst: text.standfirst, body: plainText(text.body, text.body_format) }));
        const split = share ? await words?.take(i) : undefined;
        if (split) analyzer.learnWords(split.fresh);
        docs.forEach(({ id, meta }, k) => {
          engine.countMetaForLoad(meta);
          const analysis = split && k < share ? analyzer.analyzeWords(split, k) : analyzer.analyzeSplit(own[k - share]!);
          spill.write(id, analysis);
        });
        const readIds = docs.map((d) => d.id);
        ids.push(...readIds);
        chunks.push({ ids: readIds, at: spill.endChunk() });
        onProgress?.('reading', Math.min(i + REBUILD_CHUNK, all.length), all.length);
      }
      await words?.close();
      engine.stats.addCounts(analyzer.df(), analyzer.docCount, analyzer.totalLength);
      let signed = 0;
      for (const chunk of chunks) {
        // Unpublished since the first pass: it keeps no signature, and its list is left empty.
        const still = await store.relatedIndex.publishedAmong(chunk.ids);
        for (const [id, analysis] of spill.readInterned(chunk.at)) if (still.has(id)) engine.indexForLoad(id, analyzer.signature(analysis, engine.stats, engine.signatureOptions));
        signed += chunk.ids.length;
        onProgress?.('indexing', signed, ids.length);
      }
    } finally {
      await words?.close();
      spill.close();
    }
    engine.finishLoad();
    return { ids, engine };
  }
}

import { type ParsedBody, parseBody, renderBody } from '../content/index.ts';
import { countWords, slugify } from '../domain/index.ts';
import { type ArticleLinks, type ArticleRow, FIRST_SITE_ID, type Named, type Repositories, type SearchDocument, type Store } from '../store/index.ts';
import type { ArticleInput, PreparedArticle, SaveResult, SponsorRef } from './article-input.ts';
import { InvalidArticle } from './errors.ts';
import { GroupSlugs } from './group-slugs.ts';
import { withoutNul } from './without-nul.ts';

/** An article as just stored, what later stages need of it. */
export interface StoredArticle {
  readonly article: ArticleRow;
  readonly previous: ArticleRow | undefined;
  /** The body's text without markup, computed once per save for every stage. */
  readonly plainBody: string;
  /** The parse that text came from, which the rendering stage renders instead of parsing again. */
  readonly parsedBody: ParsedBody;
  /** What an import prepared for it ahead of the save (its page body, its tags), when it did. */
  readonly prepared?: PreparedArticle | undefined;
}

/** A step that runs after an article is stored, inside the same transaction (tagging, relating). */
export interface PublishStage {
  readonly name: string;
  /** Left out of bulk imports (which run a rebuild after instead): related content. */
  readonly skipInBulk?: boolean;
  run(repos: Repositories, article: ArticleRow, previous: ArticleRow | undefined, plainBody: string): Promise<void>;
  /** The stage for a bulk batch at once (one write per table); without it `run` is called per article. */
  runMany?(repos: Repositories, stored: readonly StoredArticle[]): Promise<void>;
}

/**
 * Writes that belong with an article's save (its owner, the audit entry) run here, inside the
 * save's transaction, so a crash can never keep the article and lose them.
 */
export type WithinSave = (repos: Repositories, result: SaveResult) => Promise<void>;

type Entry = {
  input: ArticleInput;
  id?: number | undefined;
  redirectFrom?: readonly string[] | undefined;
  revision?: RevisionOptions | undefined;
  within?: WithinSave | undefined;
  /** Worked out from `input` as given (an import's worker); left out when the input holds U+0000, which the save strips. */
  prepared?: PreparedArticle | undefined;
};

/** What a group writes once its articles are stored: one statement per table. */
interface Pending {
  readonly links: ArticleLinks[];
  readonly revisions: Parameters<Repositories['revisions']['add']>;
  readonly docs: SearchDocument[];
  readonly stored: StoredArticle[];
}

/** An article to write: its row decided, its id known once stored. */
interface Plan {
  id: number | undefined;
  readonly row: Row & { created_at: number };
  readonly slug: string;
  readonly previous: ArticleRow | undefined;
  readonly input: ArticleInput;
  readonly tagIds: number[];
  readonly authorIds: number[];
  readonly now: number;
  readonly revision: RevisionOptions | undefined;
  readonly prepared: PreparedArticle | undefined;
}

/** A bulk group's earlier versions and their links, read in three queries instead of three per record. */
interface Known {
  readonly bySourceId: ReadonlyMap<string, ArticleRow>;
  /** The ids whose links were read. */
  readonly ids: ReadonlySet<number>;
  readonly tags: ReadonlyMap<number, Named[]>;
  readonly authors: ReadonlyMap<number, Named[]>;
}

/** Told after each committed change, with the ids that changed (page caches listen). */
/**
 * Told after a change commits. A listener may return a promise (this node's page cache purging the
 * pages the change touches): the save resolves after it, so whoever saved then reads fresh pages.
 */
export type ChangeListener = (articleIds: readonly number[]) => void | Promise<void>;

export interface PublishPipelineDeps {
  readonly store: Store;
  readonly clock: () => number;
  readonly stages?: readonly PublishStage[];
}

type Row = Omit<ArticleRow, 'id' | 'created_at'>;

/**
 * Who a save's revision is by. `autosave` marks the editor's background saves: consecutive ones
 * by the same author fold into one revision, so an afternoon of typing is not a thousand revisions.
 */
export interface RevisionOptions {
  readonly author: string;
  readonly autosave?: boolean;
}

/**
 * The one way content changes: clean → store (with revision) → index → later stages (tagging,
 * related) → bump the content version → tell listeners (cache invalidation). The editor, the
 * importers, the scheduler and demo seeding all call it; scripts/conventions.test.ts lists the few
 * writes elsewhere (the directory's legacy-id clean-up and re-tag, tag and company merges).
 */
export class PublishPipeline {
  private readonly listeners: ChangeListener[] = [];
  private readonly stages: PublishStage[];

  constructor(private readonly deps: PublishPipelineDeps) {
    this.stages = [...(deps.stages ?? [])];
  }

  addStage(stage: PublishStage): void {
    this.stages.push(stage);
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  private async tell(articleIds: readonly number[]): Promise<void> {
    await Promise.all(this.listeners.map((l) => l(articleIds)));
  }

  /** Saves one article (new, or the one with `id`/its sourceId) in one transaction. */
  async save(input: ArticleInput, id?: number, revision?: RevisionOptions, within?: WithinSave): Promise<SaveResult> {
    const [result] = await this.saveMany([{ input, id, revision, within }]);
    return result!;
  }

  /**
   * Saves a batch in ONE transaction (imports: thousands a second). If any record fails the whole
   * batch rolls back and the error says which; callers retry record by record to isolate it.
   * `bulk` (imports) writes links, revisions, search rows and tagging for the whole batch in one
   * statement per table, where each record otherwise completes before the next begins.
   */
  async saveMany(batch: readonly Entry[], options: { bulk?: boolean } = {}): Promise<SaveResult[]> {
    const bulk = options.bulk ?? false;
    const cache = new Map<string, number>();
    const entries = batch.map((e) => {
      const input = withoutNul(e.input);
      // withoutNul returns the input itself when it holds no U+0000; otherwise what was prepared
      // from the text as given is not what this save reads, and it is redone here.
      return { ...e, input, prepared: input === e.input ? e.prepared : undefined };
    });
    const { store } = this.deps;
    // A bulk batch is redone by re-running the import: its commit need not wait for the disk.
    const results = await (bulk ? store.bulkTransaction.bind(store) : store.transaction.bind(store))(async (repos) => {
      const out: SaveResult[] = [];
      for (const group of bulk ? groups(entries) : entries.map((e) => [e])) {
        const saved = await this.saveGroup(repos, group, cache, bulk);
        for (const [i, entry] of group.entries()) if (entry.within) await entry.within(repos, saved[i]!);
        out.push(...saved);
      }
      const changed = out.filter((r) => r.outcome !== 'unchanged').map((r) => r.id);
      if (changed.length) await repos.state.bumpContentVersion(changed);
      return out;
    });
    const changed = results.filter((r) => r.outcome !== 'unchanged').map((r) => r.id);
    if (changed.length) await this.tell(changed);
    return results;
  }

  /**
   * Runs an import's saves with the store set for bulk writes (`Store.bulkWrites`), then merges the
   * search index they grew (`Store.mergeSearchSegments`; imports run as commands, not in a server).
   */
  bulk<T>(work: () => Promise<T>): Promise<T> {
    return this.deps.store.bulkWrites(async () => {
      const out = await work();
      await this.deps.store.mergeSearchSegments();
      return out;
    });
  }

  /**
   * Publishes scheduled articles whose time has come; returns their ids. With several app nodes
   * every node runs this, and a transaction lock lets exactly one of them do the work.
   */
  async publishDue(): Promise<number[]> {
    const now = this.deps.clock();
    const done = await this.deps.store.transaction(async (repos) => {
      if (!(await repos.operations.tryTransactionLock('scheduler'))) return [];
      const published: number[] = [];
      const cache = new Map<string, number>();
      for (const id of await repos.articles.dueScheduled(now)) {
        const row = await repos.articles.findById(id);
        if (row?.status !== 'scheduled') continue;
        await this.saveGroup(repos, [{ input: { ...(await inputFor(repos, row)), status: 'published' }, id }], cache, false);
        await repos.operations.audit({ at: now, actor: 'scheduler', action: 'publish', subject: `article:${id}`, details: { scheduledFor: row.published_at } });
        published.push(id);
      }
      if (published.length) await repos.state.bumpContentVersion(published);
      return published;
    });
    if (done.length) await this.tell(done);
    return done;
  }

  /**
   * Stores a group's articles, then writes what follows from them, then runs the stages over them.
   * Changed articles are written in turn; the group's new ones are inserted together once all have
   * chosen their slugs (one statement, not one per article), then each is completed in order.
   */
  private async saveGroup(repos: Repositories, group: readonly Entry[], cache: Map<string, number>, bulk: boolean): Promise<SaveResult[]> {
    const pending: Pending = { links: [], revisions: [], docs: [], stored: [] };
    const known = group.length > 1 ? await readKnown(repos, group) : undefined;
    const slugs = new GroupSlugs(repos);
    if (known) await slugs.preload(group.flatMap((e) => (isNew(e, known) ? [baseSlug(e.input)] : [])));
    const plans: (Plan | SaveResult)[] = [];
    for (const { input, id, redirectFrom, revision, prepared } of group) {
      const plan = await this.planArticle(repos, input, id, cache, known, slugs, revision, prepared);
      // Old URLs of imported content (a WordPress permalink…) keep working as redirects, on the article's home site.
      const moved = (redirectFrom ?? []).filter((from) => from !== `/news/${plan.slug}`);
      const home = !moved.length ? undefined : 'row' in plan ? plan.row.site_id : Number((await repos.articles.findById(plan.id))?.site_id ?? FIRST_SITE_ID);
      for (const from of moved) await repos.redirects.put(from, `/news/${plan.slug}`, 301, this.deps.clock(), home);
      plans.push(plan);
    }
    const inserts = plans.filter((p): p is Plan => 'row' in p && p.previous === undefined);
    const ids = await repos.articles.insertMany(inserts.map((p) => p.row));
    inserts.forEach((p, i) => {
      p.id = ids[i];
    });
    const out: SaveResult[] = [];
    for (const plan of plans) out.push('row' in plan ? await this.completeArticle(repos, plan, pending) : plan);
    // Search rows begun first, awaited last: what the database can do for them (PostgreSQL's
    // texts and vectors) it does meanwhile, while this process tags and renders.
    const searchWritten = repos.search.putLater(...pending.docs);
    try {
      await repos.taxonomy.setLinks(pending.links);
      await repos.revisions.add(...pending.revisions);
      for (const stage of this.stages) {
        if (bulk && stage.skipInBulk) continue;
        if (stage.runMany) await stage.runMany(repos, pending.stored);
        else for (const s of pending.stored) await stage.run(repos, s.article, s.previous, s.plainBody);
      }
    } catch (err) {
      // The transaction ends with this error, but not before the search statements have.
      await searchWritten().catch(() => {});
      throw err;
    }
    await searchWritten();
    return out;
  }

  /**
   * Decides one article's row (slug included) and writes it when it changes an existing article;
   * a new article's row is left for the group's insert. An unchanged article is its result.
   */
  private async planArticle(
    repos: Repositories,
    input: ArticleInput,
    id: number | undefined,
    cache: Map<string, number>,
    known: Known | undefined,
    slugs: GroupSlugs,
    revision?: RevisionOptions,
    prepared?: PreparedArticle,
  ): Promise<Plan | SaveResult> {
    const now = this.deps.clock();
    validate(input);
    const previous =
      id !== undefined
        ? await repos.articles.findById(id)
        : input.sourceId
          ? known
            ? known.bySourceId.get(input.sourceId)
            : await repos.articles.findBySourceId(input.sourceId)
          : undefined;
    // Source ids are unique in the installation: one of another site's is refused, never taken over.
    if (previous && input.siteId !== undefined && Number(previous.site_id) !== input.siteId && id === undefined) {
      throw InvalidArticle(`source id ${JSON.stringify(String(input.sourceId).slice(0, 80))} belongs to an article of another site`);
    }
    const siteId = input.siteId ?? (previous ? Number(previous.site_id) : FIRST_SITE_ID);
    const sectionId = input.section?.trim() ? await ensureCached(repos, cache, 'sections', input.section, siteId) : null;
    const publishedAt =
      input.status === 'draft' ? (input.publishedAt ?? previous?.published_at ?? null) : (input.publishedAt ?? previous?.published_at ?? now);
    const row: Row = {
      source_id: input.sourceId ?? previous?.source_id ?? null,
      slug: await chooseSlug(slugs, input, previous),
      headline: input.headline.trim(),
      standfirst: (input.standfirst ?? '').trim(),
      body: input.body,
      body_format: input.bodyFormat ?? 'markdown',
      status: input.status,
      section_id: sectionId,
      published_at: publishedAt,
      updated_at: input.modifiedAt ?? now,
      word_count: prepared?.wordCount ?? countWords(input.body),
      lead_image_url: input.leadImage?.url ?? null,
      lead_image_alt: input.leadImage?.alt ?? null,
      lead_image_caption: input.leadImage?.caption ?? null,
      lead_image_credit: input.leadImage?.credit ?? null,
      source_text: input.sourceText ?? previous?.source_text ?? null,
      sponsor_company_id: input.sponsor ? await sponsorId(repos, cache, input.sponsor) : null,
      site_id: siteId,
    };
    const tagIds = await Promise.all((input.tags ?? []).filter((t) => t.trim()).map((t) => ensureCached(repos, cache, 'tags', t, siteId)));
    const authorIds = await Promise.all((input.authors ?? []).filter((a) => a.trim()).map((a) => ensureCached(repos, cache, 'authors', a, siteId)));

    // A change of the other sites alone is a change: their pages must show (or drop) the article.
    const crossChanged = previous && input.alsoOn ? await setCrossPublished(repos, Number(previous.id), siteId, input.alsoOn) : false;
    if (previous && !crossChanged && sameContent(previous, row) && (await sameLinks(repos, Number(previous.id), tagIds, authorIds, known))) {
      return { id: Number(previous.id), slug: previous.slug, outcome: 'unchanged' };
    }
    if (previous) {
      await repos.articles.update(Number(previous.id), row);
      if (previous.slug !== row.slug) slugs.release(previous.slug);
      if (previous.slug !== row.slug && previous.status === 'published') {
        await repos.redirects.put(`/news/${previous.slug}`, `/news/${row.slug}`, 301, now, siteId);
      }
    }
    return { id: previous ? Number(previous.id) : undefined, row: { ...row, created_at: previous?.created_at ?? now }, slug: row.slug, previous, input, tagIds, authorIds, now, revision, prepared };
  }

  /** What follows from a stored article: its links, revision and search row are left in `pending`. */
  private async completeArticle(repos: Repositories, plan: Plan, pending: Pending): Promise<SaveResult> {
    const { row, previous, input, revision, now } = plan;
    const articleId = plan.id!;
    if (!previous && input.alsoOn) await repos.sites.setCrossPublished(articleId, row.site_id, input.alsoOn);
    pending.links.push({ articleId, tagIds: plan.tagIds, authorIds: plan.authorIds, replace: previous !== undefined });
    if (!previous || previous.headline !== row.headline || previous.standfirst !== row.standfirst || previous.body !== row.body) {
      const note = previous ? 'updated' : 'created';
      // An autosave may fold into the author's last autosave; everything else is batched.
      if (revision?.autosave) await addAutosaveRevision(repos, articleId, row, now, revision.author);
      else pending.revisions.push({ articleId, headline: row.headline, standfirst: row.standfirst, body: row.body, note, now, author: revision?.author ?? null });
    }
    const { prepared } = plan;
    // Prepared: the text is the parse's, and the HTML is rendered here only if companies get linked.
    const parsedBody: ParsedBody = prepared ? { text: prepared.text, html: (options) => renderBody(row.body, row.body_format, options) } : parseBody(row.body, row.body_format);
    const plainBody = parsedBody.text;
    if (row.status === 'published') {
      pending.docs.push({ id: articleId, headline: row.headline, standfirst: row.standfirst, body: plainBody });
    } else if (previous?.status === 'published') {
      await repos.search.remove(articleId);
    }
    // The row as now stored, built from what was written rather than read back.
    pending.stored.push({ article: { ...row, id: articleId }, previous, plainBody, parsedBody, prepared });
    return { id: articleId, slug: row.slug, outcome: previous ? 'updated' : 'created' };
  }
}

/** Slugs are stable once published; before that they follow the headline (or the editor's choice). */
async function chooseSlug(slugs: GroupSlugs, input: ArticleInput, previous: ArticleRow | undefined): Promise<string> {
  if (input.slug?.trim() && previous?.slug === slugify(input.slug)) return previous.slug;
  if (!input.slug?.trim() && previous && (previous.status === 'published' || previous.headline === input.headline.trim())) return previous.slug;
  return slugs.pick(baseSlug(input), previous ? Number(previous.id) : undefined);
}

/** The slug an article asks for before it is made unique: the editor's, else its headline's. */
function baseSlug(input: ArticleInput): string {
  return input.slug?.trim() ? slugify(input.slug) : slugify(input.headline);
}

/** An entry of a bulk group that creates an article (no id given, no earlier version of its source id). */
function isNew(e: Entry, known: Known): boolean {
  return e.id === undefined && !(e.input.sourceId && known.bySourceId.has(e.input.sourceId));
}

async function addAutosaveRevision(repos: Repositories, articleId: number, row: Row, now: number, author: string): Promise<void> {
  const text = { headline: row.headline, standfirst: row.standfirst, body: row.body, now };
  const last = await repos.revisions.latest(articleId);
  if (last?.note === 'autosave' && last.author === author) return repos.revisions.rewrite(Number(last.id), text);
  await repos.revisions.add({ articleId, ...text, note: 'autosave', author });
}

/** Sets the other sites an article appears on; true when that changed them. */
async function setCrossPublished(repos: Repositories, articleId: number, siteId: number, alsoOn: readonly number[]): Promise<boolean> {
  const before = await repos.sites.crossPublished(articleId);
  const after = [...new Set(alsoOn)].filter((id) => id !== siteId).sort((a, b) => a - b);
  if (before.length === after.length && before.every((id, i) => id === after[i])) return false;
  await repos.sites.setCrossPublished(articleId, siteId, after);
  return true;
}

/** `siteId`: the article's home site, whose own section or tag it is (authors are shared). */
async function ensureCached(repos: Repositories, cache: Map<string, number>, table: 'sections' | 'tags' | 'authors', name: string, siteId: number): Promise<number> {
  const key = `${table}\u0000${table === 'authors' ? '' : siteId}\u0000${name.trim().toLowerCase()}`;
  let id = cache.get(key);
  if (id === undefined) {
    id = await repos.taxonomy.ensure(table, name, siteId);
    cache.set(key, id);
  }
  return id;
}

/** The company id of a sponsor, checked against the directory: an unknown one refuses the article. */
async function sponsorId(repos: Repositories, cache: Map<string, number>, ref: SponsorRef): Promise<number> {
  const key = 'companyId' in ref ? `sponsor\u0000#${ref.companyId}` : `sponsor\u0000${ref.directoryIdOrSlug}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let row: { id: number } | undefined;
  if ('companyId' in ref) row = await repos.companies.byId(ref.companyId);
  else {
    const text = ref.directoryIdOrSlug.trim();
    // The directory's own id first (what company JSONL calls `id`), then the slug.
    row = (text && (await repos.companies.bySourceId(text))) || (text ? await repos.companies.bySlug(text) : undefined);
  }
  if (!row) {
    const named = 'companyId' in ref ? `company ${ref.companyId}` : JSON.stringify(ref.directoryIdOrSlug.slice(0, 80));
    throw InvalidArticle(`sponsor ${named} is not a company in the directory (give its directory id or slug)`);
  }
  cache.set(key, Number(row.id));
  return Number(row.id);
}

/**
 * Publish times are four-digit years: a date in year 99999 would sort above every article for
 * ever (and no browser or feed reader can show it).
 */
const EARLIEST_PUBLISH_TIME = Date.UTC(1000, 0, 1);
const LATEST_PUBLISH_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function validate(input: ArticleInput): void {
  if (!input.headline?.trim()) throw InvalidArticle('headline is empty');
  if (!input.body?.trim()) throw InvalidArticle('body is empty');
  if (input.headline.length > 500) throw InvalidArticle('headline is longer than 500 characters');
  if (input.status === 'scheduled' && !input.publishedAt) throw InvalidArticle('a scheduled article needs a publish time');
  const at = input.publishedAt;
  if (at != null && !(at >= EARLIEST_PUBLISH_TIME && at <= LATEST_PUBLISH_TIME)) throw InvalidArticle('the publish time must be in the years 1000 to 9999');
}

const COMPARED: (keyof Row)[] = [
  'source_id', 'slug', 'headline', 'standfirst', 'body', 'body_format', 'status', 'section_id', 'published_at',
  'lead_image_url', 'lead_image_alt', 'lead_image_caption', 'lead_image_credit', 'source_text', 'sponsor_company_id', 'site_id',
];

function sameContent(prev: ArticleRow, next: Row): boolean {
  return COMPARED.every((k) => String(prev[k] ?? '') === String(next[k] ?? ''));
}

/**
 * A bulk batch split where an article would come back within a group (the same id or source id):
 * a group's writes land together, so each article appears in a group once.
 */
function groups(batch: readonly Entry[]): Entry[][] {
  const out: Entry[][] = [[]];
  let seen = new Set<string>();
  for (const e of batch) {
    const key = e.id !== undefined ? `id:${e.id}` : e.input.sourceId ? `source:${e.input.sourceId}` : undefined;
    if (key && seen.has(key)) {
      out.push([]);
      seen = new Set();
    }
    if (key) seen.add(key);
    out.at(-1)!.push(e);
  }
  return out.filter((g) => g.length);
}

async function readKnown(repos: Repositories, group: readonly Entry[]): Promise<Known> {
  const bySourceId = await repos.articles.findBySourceIds(group.flatMap((e) => (e.id === undefined && e.input.sourceId ? [e.input.sourceId] : [])));
  const ids = [...bySourceId.values()].map((r) => Number(r.id));
  const [tags, authors] = await Promise.all([repos.taxonomy.tagsOf(ids), repos.taxonomy.authorsOf(ids)]);
  return { bySourceId, ids: new Set(ids), tags, authors };
}

async function sameLinks(repos: Repositories, id: number, tagIds: number[], authorIds: number[], known: Known | undefined): Promise<boolean> {
  const [tags, authors] = known?.ids.has(id) ? [known.tags, known.authors] : await Promise.all([repos.taxonomy.tagsOf([id]), repos.taxonomy.authorsOf([id])]);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return (
    same([...new Set(tagIds)].sort(), (tags.get(id) ?? []).map((t) => t.id).sort()) &&
    same([...new Set(authorIds)], (authors.get(id) ?? []).map((a) => a.id))
  );
}

/** The input that would recreate a stored article, links included (to re-save it, e.g. when a schedule is due). */
export async function inputFor(repos: Repositories, row: ArticleRow): Promise<ArticleInput> {
  const id = Number(row.id);
  const [section, tags, authors] = await Promise.all([
    row.section_id === null ? undefined : repos.taxonomy.sectionById(Number(row.section_id)),
    repos.taxonomy.tagsOf([id]),
    repos.taxonomy.authorsOf([id]),
  ]);
  return {
    section: section?.name ?? null,
    tags: (tags.get(id) ?? []).map((t) => t.name),
    authors: (authors.get(id) ?? []).map((a) => a.name),
    sourceId: row.source_id,
    headline: row.headline,
    standfirst: row.standfirst,
    body: row.body,
    bodyFormat: row.body_format,
    status: row.status,
    publishedAt: row.published_at,
    slug: row.slug,
    sourceText: row.source_text,
    sponsor: row.sponsor_company_id === null ? null : { companyId: Number(row.sponsor_company_id) },
    leadImage: row.lead_image_url
      ? { url: row.lead_image_url, alt: row.lead_image_alt ?? '', caption: row.lead_image_caption ?? '', credit: row.lead_image_credit ?? '' }
      : null,
  };
}

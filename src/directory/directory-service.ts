import { plainText } from '../content/index.ts';
import { pickUniqueSlug, slugify } from '../domain/index.ts';
import { jsonLines } from '../import/index.ts';
import type { AutoMentions, CompanyFields, CompanyRef, CompanyRow, DirectoryRow, Repositories, Store } from '../store/index.ts';
import { companyFieldsOf, parseAliases } from '../store/index.ts';
import { articleTagText, type CompanyMatcher, compileMatcher, type DirectorySnapshot, legacyIdCleaner, linkFirstMentions, type Mention, type PreparedTags, type TextTags, tagText } from '../tagging/index.ts';
import { type CompanyRecord, companyRecordProblem } from './company-record.ts';
import { CompanyNotFound, MergeSameCompany } from './errors.ts';

/** The directory compiled for tagging: the matcher and its entries by the id the matcher reports. */
export interface CompiledDirectory {
  readonly version: number;
  readonly matcher: CompanyMatcher;
  /** By source id (the matcher's company id). */
  readonly bySourceId: ReadonlyMap<string, DirectoryRow>;
  /** By Masthead's own company id. */
  readonly byId: ReadonlyMap<number, DirectoryRow>;
}

export interface CompanyImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  refused: { line: number; reason: string }[];
}

export interface DirectoryDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'articles' | 'companies' | 'state'>;
  readonly clock: () => number;
}

/** What tagging reads of a stored article. */
export type TaggableArticle = { readonly id: number; readonly headline: string; readonly standfirst: string; readonly body: string; readonly body_format: 'markdown' | 'html' };

/** The text the tagger reads for an article: headline, standfirst and the body's words. */
export function taggableText(a: { headline: string; standfirst: string; body: string; body_format: 'markdown' | 'html' }, plainBody = plainText(a.body, a.body_format)): string {
  return articleTagText(a.headline, a.standfirst, plainBody);
}

/**
 * The company directory as a service: importing and exporting companies, merging duplicates,
 * the compiled matcher (rebuilt only when the directory version moves), tagging articles, and
 * the legacy-id clean-up of migrated bodies.
 */
export class DirectoryService {
  private compiled: CompiledDirectory | undefined;

  constructor(private readonly deps: DirectoryDeps) {}

  /** The matcher for the directory as it is now; compiled once per directory version. */
  async current(repos: Pick<Repositories, 'companies' | 'state'> = this.deps.store): Promise<CompiledDirectory> {
    const version = await repos.state.directoryVersion();
    if (this.compiled?.version === version) return this.compiled;
    const rows = await repos.companies.directory();
    const matcher = compileMatcher(rows.map((r) => ({ id: r.sourceId, name: r.name, aliases: r.aliases })));
    this.compiled = { version, matcher, bySourceId: new Map(rows.map((r) => [r.sourceId, r])), byId: new Map(rows.map((r) => [r.id, r])) };
    return this.compiled;
  }

  /** The directory as compiled now, as plain data another thread can compile the same matcher from. */
  async snapshot(): Promise<DirectorySnapshot> {
    const dir = await this.current();
    // byId keeps the rows' order, so the matcher compiled from it is this one.
    return { version: dir.version, companies: [...dir.byId.values()].map((r) => ({ id: r.sourceId, name: r.name, aliases: r.aliases })) };
  }

  /** Mentions in plain text (the `tag` command), company ids being the directory's source ids. */
  async tagText(text: string): Promise<Mention[]> {
    return (await this.current()).matcher.find(text);
  }

  /**
   * Removes leaked legacy ids (`2453 Renault` → `Renault`) from a body, using the directory as
   * compiled. Synchronous so importers can call it per record.
   */
  legacyCleaner(dir: CompiledDirectory): (body: string) => string {
    return legacyIdCleaner((id) => {
      const row = dir.bySourceId.get(id);
      return row ? { id: row.sourceId, name: row.name, aliases: row.aliases } : undefined;
    });
  }

  /**
   * Tags one stored article inside the caller's transaction: counts mentions per company,
   * keeps editors' pins and blocks, and records unknown company-like names as suggestions.
   */
  async tagArticle(repos: Repositories, article: TaggableArticle, fresh = false, plainBody?: string): Promise<void> {
    await this.tagArticles(repos, [{ article, fresh, plainBody }]);
  }

  /** Tags a batch of stored articles as `tagArticle` does, writing their mentions and suggestions in one statement each. */
  async tagArticles(
    repos: Repositories,
    items: readonly { article: TaggableArticle; fresh: boolean; plainBody?: string | undefined; prepared?: PreparedTags | undefined }[],
  ): Promise<void> {
    if (items.length === 0) return;
    const dir = await this.current(repos);
    const mentionRows: AutoMentions[] = [];
    const candidateRows: { articleId: number; candidates: TextTags['candidates']; fresh: boolean }[] = [];
    for (const { article, fresh, plainBody, prepared } of items) {
      // A new article has no editor choices and no earlier mentions: skip the reads and deletes.
      const choices = fresh ? { pinned: [], blocked: [] } : await repos.companies.editorChoices(article.id);
      // Found on another thread against this very directory, or found here. Leaving blocked
      // companies out here rather than in find() is the same thing: their words stay used up either way.
      const { mentions, candidates } = prepared?.directoryVersion === dir.version ? prepared : tagText(dir.matcher, taggableText(article, plainBody));
      const blocked = new Set(choices.blocked);
      const counts = new Map<number, number>();
      for (const companyId of mentions) {
        const row = dir.bySourceId.get(companyId);
        if (row && !blocked.has(row.id)) counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
      }
      mentionRows.push({ articleId: article.id, counts, choices, fresh });
      candidateRows.push({ articleId: article.id, candidates, fresh });
    }
    await repos.companies.setAutoMentions(...mentionRows);
    await repos.companies.setCandidates(...candidateRows);
  }

  /**
   * The body as Markdown with the first mention of each of the article's companies linked to its
   * profile (later mentions stay plain). HTML bodies are returned as they are.
   */
  async linkCompanies(body: string, format: 'markdown' | 'html', companies: readonly CompanyRef[], repos: Pick<Repositories, 'companies' | 'state'> = this.deps.store): Promise<string> {
    if (format !== 'markdown' || companies.length === 0) return body;
    const dir = await this.current(repos);
    const slugs = new Map(companies.map((c) => [c.sourceId ?? `mh-${c.id}`, c.slug]));
    const mentions = dir.matcher.find(body).filter((m) => slugs.has(m.companyId));
    return linkFirstMentions(body, mentions, (id) => {
      const slug = slugs.get(id);
      return slug ? `/companies/${slug}` : undefined;
    });
  }

  /**
   * Imports company JSONL: the same id again updates (unchanged writes nothing), a bad line is
   * refused with its number and the rest imports. Parents may come later in the file.
   */
  async importCompanies(lines: AsyncIterable<string> | Iterable<string>, onProgress?: (records: number) => void): Promise<CompanyImportReport> {
    const report: CompanyImportReport = { imported: 0, updated: 0, unchanged: 0, refused: [] };
    const parents: { line: number; sourceId: string; parent: string | null }[] = [];
    let batch: { line: number; record: CompanyRecord }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const current = batch;
      batch = [];
      await this.deps.store.transaction(async (repos) => {
        for (const { record } of current) {
          const outcome = await this.upsert(repos, record);
          report[outcome]++;
        }
        if (current.length) await repos.state.bumpDirectoryVersion();
      });
      onProgress?.(report.imported + report.updated + report.unchanged);
    };
    for await (const l of jsonLines<CompanyRecord>(lines, companyRecordProblem)) {
      if ('problem' in l) {
        report.refused.push({ line: l.line, reason: l.problem });
        continue;
      }
      const { line, value: record } = l;
      batch.push({ line, record });
      parents.push({ line, sourceId: withoutNul(String(record.id)), parent: record.parent === undefined || record.parent === null ? null : withoutNul(String(record.parent)) });
      if (batch.length >= 500) await flush();
    }
    await flush();
    await this.linkParents(parents, report);
    return report;
  }

  private async linkParents(parents: { line: number; sourceId: string; parent: string | null }[], report: CompanyImportReport): Promise<void> {
    await this.deps.store.transaction(async (repos) => {
      for (const p of parents) {
        const row = await repos.companies.bySourceId(p.sourceId);
        if (!row) continue;
        const parent = p.parent === null ? undefined : await repos.companies.bySourceId(p.parent);
        if (p.parent !== null && !parent) {
          report.refused.push({ line: p.line, reason: `parent ${JSON.stringify(p.parent)} is not in the directory (company imported without it)` });
        }
        const parentId = parent ? Number(parent.id) : null;
        if ((row.parent_id === null ? null : Number(row.parent_id)) !== parentId) await repos.companies.setParent(Number(row.id), parentId);
      }
    });
    report.refused.sort((a, b) => a.line - b.line);
  }

  private async upsert(repos: Repositories, r: CompanyRecord): Promise<'imported' | 'updated' | 'unchanged'> {
    const sourceId = withoutNul(String(r.id));
    const fields: CompanyFields = {
      name: withoutNul(r.name).replace(/\s+/g, ' ').trim(),
      aliases: [...new Set((r.aliases ?? []).map((a) => withoutNul(a).replace(/\s+/g, ' ').trim()).filter(Boolean))],
      website: nullableText(r.website),
      country: nullableText(r.country),
      sector: nullableText(r.sector),
      description: withoutNul(r.description ?? ''),
      logoUrl: nullableText(r.logo),
    };
    const existing = await repos.companies.bySourceId(sourceId);
    const now = this.deps.clock();
    if (!existing) {
      const base = slugify(fields.name);
      const slug = await pickUniqueSlug(base, () => repos.companies.slugFamily(base), (s) => repos.companies.slugTaken(s));
      await repos.companies.insert(sourceId, slug, fields, now);
      return 'imported';
    }
    if (sameFields(existing, fields)) return 'unchanged';
    await repos.companies.update(Number(existing.id), fields, now);
    return 'updated';
  }

  /** Every company as JSONL lines in id order; importing them again changes nothing. */
  async *exportCompanies(): AsyncGenerator<string> {
    const parentSource = new Map<number, string | null>();
    for (const r of await this.deps.store.companies.directory()) parentSource.set(r.id, r.sourceId);
    let after = 0;
    for (;;) {
      const rows = await this.deps.store.companies.chunk(after, 1000);
      if (!rows.length) return;
      for (const c of rows) yield JSON.stringify(exportRecord(c, parentSource));
      after = Number(rows.at(-1)!.id);
    }
  }

  /**
   * Merges duplicate `drop` into `keep`: mentions, aliases (with `drop`'s name), brands and the
   * profile URL move to `keep`; `drop`'s URL redirects. Returns the articles to re-render.
   */
  async merge(keepRef: string, dropRef: string): Promise<{ keep: CompanyRef; articles: number[] }> {
    return this.deps.store.transaction(async (repos) => {
      const keep = await this.resolve(repos, keepRef);
      const drop = await this.resolve(repos, dropRef);
      if (Number(keep.id) === Number(drop.id)) throw MergeSameCompany(keepRef);
      const articles = await repos.companies.articlesMentioning(Number(drop.id));
      const aliases = [...new Set([...parseAliases(keep.aliases), drop.name, ...parseAliases(drop.aliases)])].filter((a) => a !== keep.name);
      await repos.companies.mergeInto(Number(keep.id), Number(drop.id));
      await repos.companies.update(Number(keep.id), { ...companyFieldsOf(keep), aliases }, this.deps.clock());
      await repos.redirects.put(`/companies/${drop.slug}`, `/companies/${keep.slug}`, 301, this.deps.clock());
      await repos.state.bumpDirectoryVersion();
      await repos.state.bumpContentVersion();
      return { keep: { id: Number(keep.id), sourceId: keep.source_id, slug: keep.slug, name: keep.name }, articles };
    });
  }

  /** A company by source id (its directory id) or slug. */
  async resolve(repos: Repositories, ref: string): Promise<CompanyRow> {
    const row = (await repos.companies.bySourceId(ref)) ?? (await repos.companies.bySlug(ref));
    if (!row) throw CompanyNotFound(JSON.stringify(ref));
    return row;
  }

  /**
   * Re-tags articles after the directory changed (and re-runs the legacy clean-up on bodies that
   * still carry leaked ids), in batches with progress (awaited, first with 0 done). Stops between
   * batches once `signal` is aborted. Returns how many articles were tagged and changed body.
   * With `siteId`, only the articles on that site (home or cross-published).
   */
  async retagAll(onProgress?: (done: number, total: number) => void | Promise<void>, signal?: AbortSignal, siteId?: number): Promise<{ tagged: number; recleaned: number }> {
    const { store } = this.deps;
    const dir = await this.current();
    const clean = this.legacyCleaner(dir);
    const ids = await store.articles.allIds(siteId);
    let tagged = 0;
    let recleaned = 0;
    await onProgress?.(0, ids.length);
    for (let i = 0; i < ids.length && !signal?.aborted; i += 200) {
      const slice = ids.slice(i, i + 200);
      await store.transaction(async (repos) => {
        for (const id of slice) {
          const row = await repos.articles.findById(id);
          if (!row) continue;
          const body = row.body_format === 'markdown' && row.source_text ? clean(row.body) : row.body;
          if (body !== row.body) {
            await repos.articles.update(id, { body });
            if (row.status === 'published') await repos.search.put({ id, headline: row.headline, standfirst: row.standfirst, body: plainText(body, row.body_format) });
            recleaned++;
          }
          await this.tagArticle(repos, { ...row, id, body });
          tagged++;
        }
        await repos.state.bumpContentVersion();
      });
      await onProgress?.(Math.min(i + 200, ids.length), ids.length);
    }
    return { tagged, recleaned };
  }

  async suggestions(limit = 100) {
    return this.deps.store.companies.suggestions(limit);
  }
}

function sameFields(row: CompanyRow, f: CompanyFields): boolean {
  const a = companyFieldsOf(row);
  return JSON.stringify(a) === JSON.stringify(f);
}

/** The company JSONL record of a stored company (keys in PRODUCT.md's order; `logo` only when set). */
export function exportRecord(c: CompanyRow, parentSource: ReadonlyMap<number, string | null>): Record<string, unknown> {
  const { logoUrl, ...fields } = companyFieldsOf(c);
  return {
    id: c.source_id ?? `mh-${c.id}`,
    ...fields,
    parent: c.parent_id === null ? null : (parentSource.get(Number(c.parent_id)) ?? null),
    ...(logoUrl ? { logo: logoUrl } : {}),
  };
}

/**
 * U+0000 means nothing in text, and PostgreSQL cannot store it (`invalid byte sequence for encoding
 * "UTF8": 0x00`, which aborted the whole import there while SQLite kept it): both engines drop it.
 */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}

function nullableText(text: string | null | undefined): string | null {
  return text === undefined || text === null ? null : withoutNul(text);
}

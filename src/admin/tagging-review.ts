import { type DirectoryService, type RetagRequester, taggableText } from '../directory/index.ts';
import { slugify } from '../domain/index.ts';
import { ArticleNotFound } from '../publish/index.ts';
import type { MentionOrigin, Repositories, Store, UserRecord } from '../store/index.ts';
import { companyByNameOrSlug } from './company-lookup.ts';
import { requireEditor } from './roles.ts';

export interface TaggingReviewDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'adminArticles' | 'articles' | 'companies'>;
  readonly directory: DirectoryService;
  /** The background re-tag that follows an accepted suggestion. */
  readonly retag: RetagRequester;
  readonly clock: () => number;
}

export type CompanyChoice = 'pinned' | 'blocked' | null;

/** A company on an article as the editor reviews it: how it got there and how often the text names it. */
export interface ReviewedCompany {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly origin: MentionOrigin;
  readonly mentions: number;
}

/**
 * Editors' review of company tagging: pin (always shown) or block (never shown) a company on an
 * article, add one by hand, and accept or dismiss the tagger's suggestions of unknown companies.
 * Each change bumps the content version (every node's page cache follows) and is audited.
 */
export class TaggingReviewService {
  constructor(private readonly deps: TaggingReviewDeps) {}

  companiesOn(articleId: number): Promise<ReviewedCompany[]> {
    return this.deps.store.adminArticles.companyTags(articleId);
  }

  /**
   * The companies the tagger finds in text not yet saved (the editor as it types), with the
   * article's pins and blocks applied as a save would apply them; writes nothing.
   */
  async found(articleId: number | undefined, text: { headline: string; standfirst: string; body: string }, user: UserRecord): Promise<ReviewedCompany[]> {
    editorOnly(user);
    const { store, directory } = this.deps;
    const dir = await directory.current();
    if (articleId !== undefined) await this.article(articleId, user);
    const choices = articleId === undefined ? { pinned: [], blocked: [] } : await store.companies.editorChoices(articleId);
    const counts = new Map<number, number>([...choices.pinned, ...choices.blocked].map((id) => [id, 0]));
    for (const m of dir.matcher.find(taggableText({ ...text, body_format: 'markdown' }))) {
      const row = dir.bySourceId.get(m.companyId);
      if (row) counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
    }
    const origin = (id: number): MentionOrigin => (choices.blocked.includes(id) ? 'blocked' : choices.pinned.includes(id) ? 'pinned' : 'auto');
    return [...counts]
      .flatMap(([id, mentions]) => {
        const row = dir.byId.get(id);
        return row ? [{ id, slug: row.slug, name: row.name, origin: origin(id), mentions }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async choose(articleId: number, companyId: number, choice: CompanyChoice, user: UserRecord): Promise<void> {
    editorOnly(user);
    const { store, clock } = this.deps;
    await this.article(articleId, user);
    await store.transaction(async (repos) => {
      await repos.companies.setEditorChoice(articleId, companyId, choice);
      await repos.state.bumpContentVersion();
      await repos.operations.audit({
        at: clock(),
        actor: user.email,
        action: `article.company.${choice ?? 'clear'}`,
        subject: `article:${articleId}`,
        details: { company: companyId },
      });
    });
  }

  /**
   * Pins or blocks a directory company named by its slug or its name (any case); the reason in
   * words when the directory has none or several by that name.
   */
  async chooseByName(articleId: number, text: string, choice: 'pinned' | 'blocked', user: UserRecord): Promise<{ error?: 'unknown' | 'several' }> {
    editorOnly(user);
    await this.article(articleId, user);
    const typed = text.trim();
    if (!typed) return { error: 'unknown' };
    const found = await companyByNameOrSlug(this.deps.store.companies, typed);
    // A name typed with other punctuation or spacing still finds its company by the slug it makes.
    const row = 'row' in found ? found.row : found.error.startsWith('Several') ? undefined : await this.deps.store.companies.bySlug(slugify(typed));
    if (!row) return { error: 'error' in found && found.error.startsWith('Several') ? 'several' : 'unknown' };
    await this.choose(articleId, Number(row.id), choice, user);
    return {};
  }

  /** An article this user may work on: another site's (for a user limited to some sites) is not found. */
  private async article(articleId: number, user: UserRecord): Promise<void> {
    const row = await this.deps.store.articles.findById(articleId);
    if (!row || (user.sites && !user.sites.includes(Number(row.site_id)))) throw ArticleNotFound(String(articleId));
  }

  /**
   * Directory companies whose name or an alias contains `q` (any case), A–Z, for the editor's
   * search-as-you-type company picker.
   */
  async lookup(q: string, user: UserRecord, limit = 8): Promise<{ id: number; slug: string; name: string }[]> {
    editorOnly(user);
    if (!q.trim()) return [];
    const { items } = await this.deps.store.companies.list(undefined, limit, 0, q);
    return items.map((c) => ({ id: c.id, slug: c.slug, name: c.name }));
  }

  suggestions(limit = 100) {
    return this.deps.store.companies.suggestions(limit);
  }

  /**
   * Dismisses a suggestion, or accepts it: the name becomes a directory company, and a background
   * re-tag (not this request) tags the articles that named it.
   */
  async decide(key: string, decision: 'accepted' | 'dismissed', user: UserRecord): Promise<void> {
    editorOnly(user);
    const { store, directory, clock } = this.deps;
    const suggestion = (await store.companies.suggestions(10_000)).find((s) => s.key === key);
    if (!suggestion) return;
    let companyId: number | null = null;
    if (decision === 'accepted') {
      const sourceId = `suggested-${slugify(suggestion.name)}`;
      await directory.importCompanies([JSON.stringify({ id: sourceId, name: suggestion.name, aliases: [] })]);
      companyId = Number((await store.companies.bySourceId(sourceId))!.id);
    }
    const articles = decision === 'accepted' ? (await store.adminArticles.candidateArticles(key)).length : 0;
    await store.transaction(async (repos) => {
      await repos.companies.decide(key, decision, companyId, clock());
      await repos.operations.audit({ at: clock(), actor: user.email, action: `suggestion.${decision === 'accepted' ? 'accept' : 'dismiss'}`, subject: `suggestion:${key}`, details: { name: suggestion.name, company: companyId, articles } });
    });
    if (decision === 'accepted') await this.deps.retag.request('suggestion accepted', user.email);
  }
}

function editorOnly(user: UserRecord): void {
  requireEditor(user, 'review company tagging');
}

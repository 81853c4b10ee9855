import type { ArticleSummary, Repositories } from '../store/index.ts';
import { dayOf } from '../store/index.ts';
import { isCrawler } from './crawlers.ts';

export interface MostReadDeps {
  /** Where views are counted: the primary (`Store`), never a replica. */
  readonly counter: Pick<Repositories, 'views'>;
  /** Where the list is read from (`Store.reads`: a replica may lag by seconds, which a list of the week does not mind). */
  readonly reads: Pick<Repositories, 'views' | 'articles'>;
  readonly clock: () => number;
}

/** The list's window: views of the last seven days (today and the six before, UTC). */
export const MOST_READ_DAYS = 7;
/** How many articles the list shows. */
export const MOST_READ_SIZE = 5;
/**
 * How long a computed list is used before it is read again, on this node and in every cached page
 * that shows it (pages carrying the list are cached only until then).
 */
export const MOST_READ_TTL_MS = 10 * 60_000;

/** A "Most read" list and the time it is good until (epoch ms): pages that show it expire then. */
export interface MostReadList {
  readonly items: readonly ArticleSummary[];
  readonly until: number;
}

/**
 * "Most read": per-article, per-day view counters fed by the article page's beacon, and the list
 * of the week's most read articles. Counting keeps nothing about the reader; known crawlers and
 * scripts are not counted. The list is computed at most once per `MOST_READ_TTL_MS` per node
 * (the GROUP BY over a week of counters is the only cost), so rendering pages costs no query.
 */
export class MostReadService {
  private ranking: { ids: readonly number[]; until: number } | undefined;
  private pending: Promise<{ ids: readonly number[]; until: number }> | undefined;

  constructor(private readonly deps: MostReadDeps) {}

  /** Counts one view of a published article by a reader; false when not counted (a crawler, or no such article). */
  async count(articleId: number, userAgent: string | undefined): Promise<boolean> {
    if (isCrawler(userAgent)) return false;
    return this.deps.counter.views.count(articleId, dayOf(this.deps.clock()));
  }

  /**
   * The week's most read published articles, most first. The ranking is kept until it expires;
   * the articles are looked up on every call (a few ids), so one unpublished since drops out at
   * once and the next takes its place.
   */
  async list(): Promise<MostReadList> {
    const now = this.deps.clock();
    const ranking = this.ranking && now < this.ranking.until ? this.ranking : await this.rank(now);
    const items = (await this.deps.reads.articles.summariesByIds(ranking.ids)).slice(0, MOST_READ_SIZE);
    return { items, until: ranking.until };
  }

  private rank(now: number): Promise<{ ids: readonly number[]; until: number }> {
    // One read at a time: renders arriving while it runs share it.
    this.pending ??= this.deps.reads.views
      .mostRead(dayOf(now) - (MOST_READ_DAYS - 1), MOST_READ_SIZE * 2)
      .then((top) => {
        this.ranking = { ids: top.map((t) => t.articleId), until: now + MOST_READ_TTL_MS };
        return this.ranking;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

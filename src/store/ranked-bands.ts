import type { SearchHit } from './search-index.ts';
import { exactMultiplier } from './search-reads.ts';

/**
 * Relevance ranking in recency bands, the same on both engines. Scoring costs per row ranked
 * (FTS5's bm25() about a microsecond, PostgreSQL's ts_rank a detoasted tsvector each), so a word
 * found in 60,000 articles would cost 40–60 ms on SQLite and hundreds on PostgreSQL to rank whole.
 * Past RANK_WINDOW matches they are ranked in bands of that size, newest ids first: the engine's
 * score orders each band, and a band never outranks a newer one. Every match is still counted and
 * reachable by paging; a query this common is one where recency is the better tie-breaker anyway.
 * See docs/architecture.md, "Search".
 */

/** Most matches ranked together. */
export const RANK_WINDOW = 1000;

/** The best matches of each band scored again with the exact-form bonus; see `BandRanker.page`. */
export const RERANK_DEPTH = 50;

/** A match's texts: headline, standfirst and body (`parts`, for the exact-form bonus), and the body alone (snippets). */
export type MatchText = { readonly parts: readonly string[]; readonly body: string };

/**
 * A match's texts as read from a row. The parts stay apart: joining them copied each of a
 * search's 50–60 candidate texts once more, and lower-casing the joined copy once again, most of
 * the garbage a search left (the bonus looks for whole words, which never span two parts).
 */
export function matchText(headline: string | null, standfirst: string | null, body: string | null): MatchText {
  return { parts: [headline ?? '', standfirst ?? '', body ?? ''], body: body ?? '' };
}

/**
 * A match and its plain engine score, higher is better; with its texts when the engine read
 * them in the statement that ranked it (one round trip fewer).
 */
export type Ranked = { readonly id: number; readonly score: number; readonly text?: MatchText };

/** What an engine supplies to rank in bands. */
export interface BandReader {
  /** The `top` best of `members` (ascending ids, all matches) by plain score, best first, ties newest first. */
  band(members: Int32Array, top: number): Promise<Ranked[]>;
  /** Headline, standfirst and body (for the exact-form bonus), and the body alone, by id. */
  texts(ids: readonly number[]): Promise<Map<number, MatchText>>;
}

export class BandRanker {
  readonly rankWindow: number;
  readonly rerankDepth: number;

  /** The band size and the re-scored head (tests make them small). */
  constructor(options: { rankWindow?: number; rerankDepth?: number } = {}) {
    this.rankWindow = options.rankWindow ?? RANK_WINDOW;
    this.rerankDepth = options.rerankDepth ?? RERANK_DEPTH;
  }

  /** How many of a band's best to read: to the page's end, and at least the re-scored head. */
  depth(offset: number, limit: number, terms: readonly string[]): number {
    return Math.max(offset + limit, terms.length ? this.rerankDepth : 0);
  }

  /**
   * Whether ranking a band's `depth` best reads the texts of every one of them: the re-scored head
   * and the page after it, from the band's first row (a query with words, a page that starts in
   * the head), or the page alone from the first row.
   */
  readsEveryText(offset: number, terms: readonly string[]): boolean {
    return offset === 0 || (terms.length > 0 && offset < this.rerankDepth);
  }

  /** The ascending ids of the newest band (all of them when they fit in one). */
  newest(ids: Int32Array): Int32Array {
    return ids.subarray(Math.max(0, ids.length - this.rankWindow));
  }

  /**
   * One page by relevance over every match (`ids`, ascending), band by band, newest band first;
   * `first` is the best of band 0 when the engine has already read it.
   */
  async page(reader: BandReader, ids: Int32Array, offset: number, limit: number, terms: readonly string[], first?: Ranked[]): Promise<SearchHit[]> {
    const total = ids.length;
    const end = Math.min(offset + limit, total);
    const out: SearchHit[] = [];
    for (let band = Math.floor(offset / this.rankWindow); band * this.rankWindow < end; band++) {
      const start = band * this.rankWindow;
      const last = Math.min(start + this.rankWindow, total) - 1;
      const from = Math.max(offset, start) - start;
      const count = Math.min(end, last + 1) - start - from;
      // Positions count from the newest id: position p is ids[total - 1 - p].
      const rows = band === 0 && first ? first : await reader.band(ids.subarray(total - 1 - last, total - start), this.depth(from, count, terms));
      out.push(...(await this.rank(reader, rows, from, count, terms)));
    }
    return out;
  }

  /**
   * Orders one band (its rows already by plain score). With exact terms, the band's best
   * RERANK_DEPTH are scored again with the exact-form bonus from their text and reordered; the
   * rest keep their plain order, which every page agrees on, so pages never repeat or skip a
   * match. The bonus lifts a score by at most 1 + EXACT_BOOST, so only a match whose plain score
   * is within a factor of 1.5 of the head's could be missed. Finding exact forms through a second
   * index for every match instead costs a pass over each word's whole posting list.
   */
  private async rank(reader: BandReader, rows: readonly Ranked[], offset: number, limit: number, terms: readonly string[]): Promise<SearchHit[]> {
    const head = terms.length && offset < this.rerankDepth ? rows.slice(0, this.rerankDepth) : [];
    const page = rows.slice(Math.max(offset, head.length), offset + limit);
    const missing = [...head, ...page].filter((r) => !r.text).map((r) => r.id);
    const texts = missing.length ? await reader.texts(missing) : new Map<number, MatchText>();
    const bonus = exactMultiplier(terms);
    const hit = (r: Ranked, boost: boolean): SearchHit => {
      const text = r.text ?? texts.get(r.id);
      return { id: r.id, score: r.score * (boost && text ? bonus(text.parts) : 1), body: text?.body ?? '' };
    };
    const reordered = head.map((r) => hit(r, true)).sort((a, b) => b.score - a.score || b.id - a.id);
    const skip = offset < head.length ? offset : 0;
    return [...reordered, ...page.map((r) => hit(r, false))].slice(skip, skip + limit);
  }
}

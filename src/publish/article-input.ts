import type { RenderedBody } from '../content/index.ts';
import type { ArticleStatus, BodyFormat } from '../domain/index.ts';
import type { PreparedTags } from '../tagging/index.ts';

/** What every writer (editor, importers, scheduler, demo seeding) hands the publish pipeline. */
export interface ArticleInput {
  /** The source system's id: the same sourceId again updates the same article. */
  readonly sourceId?: string | null;
  readonly headline: string;
  readonly standfirst?: string;
  readonly body: string;
  readonly bodyFormat?: BodyFormat;
  readonly status: ArticleStatus;
  /** Epoch ms; required for 'scheduled', defaults to now for 'published'. */
  readonly publishedAt?: number | null;
  /**
   * When the article last really changed, epoch ms: an importer passes the source's own update
   * (else publish) date, so sitemaps and feeds show that rather than the import time. Absent: now.
   */
  readonly modifiedAt?: number | null;
  readonly section?: string | null;
  readonly tags?: readonly string[];
  readonly authors?: readonly string[];
  readonly slug?: string;
  readonly leadImage?: {
    readonly url: string;
    readonly alt?: string;
    readonly caption?: string;
    readonly credit?: string;
  } | null;
  /** The raw record as received, kept for re-running legacy clean-up. */
  readonly sourceText?: string | null;
  /**
   * The directory company that paid for the article (sponsored content); absent or null: none.
   * Masthead's own company id (the editor, re-saves), or a directory id or slug as an import gives it.
   */
  readonly sponsor?: SponsorRef | null;
  /** The article's home site (its id); absent: the site it already has, or the first site for a new one. */
  readonly siteId?: number;
  /** The other sites it also appears on (cross-publishing); absent: left as they are. */
  readonly alsoOn?: readonly number[];
}

/** A sponsor as a writer names it: by Masthead's company id, or by the directory's id or slug. */
export type SponsorRef = { readonly companyId: number } | { readonly directoryIdOrSlug: string };

export interface SaveResult {
  readonly id: number;
  readonly slug: string;
  /** 'created', 'updated', or 'unchanged' (the same content again writes nothing). */
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * What a bulk import worked out for an article before its save, off the writing thread (an
 * import's worker): pure functions of its input, so the save uses them instead of computing them
 * again. Only the publish pipeline writes; these are inputs to its writes.
 */
export interface PreparedArticle {
  /** `parseBody(body, format).text`: the text search, tagging and related content read. */
  readonly text: string;
  /** `countWords(body)`. */
  readonly wordCount: number;
  /** The page body when no company is linked in it (`articleBody`), for an article sponsored or not as `sponsored` says. */
  readonly page: RenderedBody & { readonly sponsored: boolean };
  /** What tagging finds in the headline, standfirst and text, against one directory version. */
  readonly tags?: PreparedTags;
}

import type { ArticleStatus } from '../domain/index.ts';
import type { ResponsiveImage } from '../media/index.ts';
import type { ArticleSummary, CompanyFields, CompanyRef, Named, Term } from '../store/index.ts';

/** Everything a list page, a feed or the API needs about one page of articles. */
export interface ArticleListing {
  readonly kind: 'home' | 'section' | 'tag' | 'author' | 'archive' | 'company' | 'all';
  readonly title: string;
  readonly description: string;
  /** Path of the list without ?page, e.g. `/sections/tolling`. */
  readonly path: string;
  readonly items: readonly ArticleSummary[];
  readonly page: number;
  readonly totalPages: number;
  readonly total: number;
  /** A section's or tag's sponsorship running now ("Tolling, in association with …"). */
  readonly sponsor?: CompanyRef | undefined;
  /** When what the page shows changes by itself (its sponsorship starts or ends), epoch ms: cached copies must end then. */
  readonly changesAt?: number | undefined;
}

/** One article as a feed carries it. */
export interface FeedEntry extends ArticleSummary {
  /** Plain text: the standfirst, else the body's opening sentences, so every entry has one. */
  readonly summary: string;
  /** Sanitized HTML of the whole body. */
  readonly bodyHtml: string;
  readonly authors: readonly Named[];
  readonly tags: readonly Term[];
}

export interface ArticleDetail {
  readonly id: number;
  readonly sourceId: string | null;
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string;
  /** Sanitized HTML, safe to insert. */
  readonly bodyHtml: string;
  /** The body's text cut at a word to 200 characters: what describes a page without a standfirst. */
  readonly summary: string;
  readonly publishedAt: number;
  readonly updatedAt: number;
  readonly readTimeMinutes: number;
  readonly section: Term | null;
  readonly tags: readonly Term[];
  readonly authors: readonly Named[];
  readonly companies: readonly CompanyRef[];
  readonly leadImage: LeadImage | null;
  /** The company that paid for it (sponsored content), or null. */
  readonly sponsor: CompanyRef | null;
}

/** An article's lead image; `responsive` is set when it is a media-library image (an imported URL has none). */
export interface LeadImage {
  readonly url: string;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
  readonly responsive: ResponsiveImage | null;
}

export interface RelatedItem {
  readonly article: ArticleSummary;
  readonly score: number;
  readonly why: Record<string, unknown>;
}

/** An author's photo: a media library image and its alt text. */
export interface AuthorPhoto {
  readonly image: ResponsiveImage;
  readonly alt: string;
}

/** An author as a byline shows them: a link to their page, and their photo when they have one. */
export interface Byline extends Named {
  readonly photo: AuthorPhoto | null;
}

export interface ArticlePage {
  readonly article: ArticleDetail;
  readonly related: readonly RelatedItem[];
  /** The article's authors with their photos (absent in the editor's preview: names only). */
  readonly bylines?: readonly Byline[];
  /** The article's home site (its id): a page on another site names the home's URL as canonical. */
  readonly homeSiteId?: number;
  /** Published, or (asked with `includeUnpublished`) draft or scheduled; absent in the editor's preview. */
  readonly status?: ArticleStatus;
}

/** An author's page: their photo and bio, then their articles (paged). */
export interface AuthorProfile {
  readonly name: string;
  readonly slug: string;
  readonly bio: string;
  readonly photo: AuthorPhoto | null;
  readonly articles: ArticleListing;
}

export interface CompanyProfile extends CompanyFields {
  readonly id: number;
  readonly sourceId: string | null;
  readonly slug: string;
  /** The logo's alt text: the media library's for an uploaded logo, else "<name> logo". */
  readonly logoAlt: string;
  readonly parent: CompanyRef | null;
  readonly brands: readonly CompanyRef[];
  readonly alongside: readonly (CompanyRef & { together: number })[];
  /** Published articles mentioning it on the other sites (their home site), by site id; only on a site's catalog. */
  readonly elsewhere?: readonly { readonly siteId: number; readonly count: number }[];
  /** The articles that mention it, newest first, paged. */
  readonly articles: ArticleListing;
}

/** Where an article is filed, by slug, and when it was published (null: not published). */
export interface ArticlePlaces {
  readonly id: number;
  readonly section: string | undefined;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly companies: readonly string[];
  readonly publishedAt: number | null;
}

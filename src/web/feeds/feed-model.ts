/** A feed as every format writes it: absolute URLs, plain text and sanitized HTML, epoch ms. */
export interface FeedModel {
  readonly title: string;
  readonly description: string;
  /** The list's page on the site. */
  readonly homeUrl: string;
  readonly selfUrls: { readonly rss: string; readonly atom: string; readonly json: string };
  /** ISO 639 language, e.g. `en`. */
  readonly language: string;
  /** The publisher, named as every entry's fallback author. */
  readonly publisher: { readonly name: string; readonly url: string };
  readonly updated: number;
  readonly entries: readonly FeedModelEntry[];
}

export interface FeedModelEntry {
  readonly url: string;
  readonly title: string;
  /** Plain text, never empty. */
  readonly summary: string;
  /** Sanitized HTML of the whole body; absent when the operator limits feeds to summaries. */
  readonly contentHtml: string | undefined;
  readonly published: number;
  readonly updated: number;
  readonly authors: readonly { readonly name: string; readonly url: string }[];
  /** The section first, then the tags. */
  readonly categories: readonly { readonly term: string; readonly label: string; readonly url: string }[];
  readonly imageUrl: string | undefined;
}

import type { ArticleSummary } from '../store/index.ts';

/** One article in an issue, as it was when the issue was assembled (the archive shows the same). */
export interface IssueItem {
  readonly id: number;
  readonly headline: string;
  readonly standfirst: string;
  /** Absolute URL of the article. */
  readonly url: string;
  /** Absolute URL of the lead image, or null. */
  readonly imageUrl: string | null;
  readonly imageAlt: string;
  readonly section: { readonly slug: string; readonly name: string } | null;
  readonly publishedAt: number;
}

/** An issue's body: the lead story, then the rest grouped by section (in the order sections first appear). */
export interface IssueContent {
  readonly lead: IssueItem | null;
  readonly sections: readonly { readonly name: string; readonly items: readonly IssueItem[] }[];
}

/** The most articles one issue carries (the newest). */
export const MAX_ISSUE_ITEMS = 40;

const absolute = (siteUrl: string, url: string) => (/^https?:\/\//i.test(url) ? url : `${siteUrl}${url.startsWith('/') ? '' : '/'}${url}`);

/** An issue item from a catalog summary, with absolute links (mail has no base URL). */
export function issueItem(siteUrl: string, a: ArticleSummary): IssueItem {
  return {
    id: a.id,
    headline: a.headline,
    standfirst: a.standfirst,
    url: `${siteUrl}/news/${encodeURIComponent(a.slug)}`,
    imageUrl: a.leadImageUrl ? absolute(siteUrl, a.leadImageUrl) : null,
    imageAlt: a.leadImageAlt ?? '',
    section: a.section,
    publishedAt: a.publishedAt,
  };
}

/**
 * Orders an issue the way an editor would by default: the lead is the newest story with an image
 * (else the newest), then the others by section, newest first within each.
 */
export function arrangeIssue(items: readonly IssueItem[]): IssueContent {
  if (!items.length) return { lead: null, sections: [] };
  const newestFirst = [...items].sort((a, b) => b.publishedAt - a.publishedAt || b.id - a.id);
  const lead = newestFirst.find((i) => i.imageUrl) ?? newestFirst[0] ?? null;
  const sections = new Map<string, IssueItem[]>();
  for (const item of newestFirst) {
    if (item === lead) continue;
    const name = item.section?.name ?? 'More news';
    sections.set(name, [...(sections.get(name) ?? []), item]);
  }
  return { lead, sections: [...sections].map(([name, list]) => ({ name, items: list })) };
}

/** An issue in the order its items were kept (an editor's reordering survives): the first item leads. */
export function contentInOrder(items: readonly IssueItem[]): IssueContent {
  const [lead, ...rest] = items;
  const sections: { name: string; items: IssueItem[] }[] = [];
  for (const item of rest) {
    const name = item.section?.name ?? 'More news';
    const last = sections[sections.length - 1];
    if (last?.name === name) last.items.push(item);
    else sections.push({ name, items: [item] });
  }
  return { lead: lead ?? null, sections };
}

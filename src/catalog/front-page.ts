import { plainText } from '../content/index.ts';
import { leadSentences } from '../domain/index.ts';
import type { ArticleRow, ArticleSummary } from '../store/index.ts';

/** Stories a front-page section block shows (its first with a picture and a standfirst, then headlines). */
export const SECTION_BLOCK_STORIES = 3;

/** A section's block on the front page: its newest stories not already above it. */
export interface SectionBlock {
  readonly name: string;
  readonly slug: string;
  readonly items: ArticleSummary[];
}

/**
 * Sections' newest stories as blocks, newest first in each, blocks by name. A cross-published
 * story's section is its home site's: on another site it shows in the latest, not as a block.
 */
export function sectionBlocks(stories: readonly ArticleSummary[], siteId: number | undefined): SectionBlock[] {
  const groups = new Map<string, SectionBlock>();
  for (const a of stories) {
    if (!a.section || (siteId !== undefined && a.section.siteId !== siteId)) continue;
    const g = groups.get(a.section.slug) ?? { name: a.section.name, slug: a.section.slug, items: [] };
    g.items.push(a);
    groups.set(a.section.slug, g);
  }
  for (const g of groups.values()) g.items.sort((x, y) => y.publishedAt - x.publishedAt);
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The ids of the stories among `items` that have no standfirst (the cards that show one need their body). */
export function withoutStandfirst(items: readonly (ArticleSummary | undefined)[]): number[] {
  return items.flatMap((a) => (a && !a.standfirst.trim() ? [a.id] : []));
}

type StoredBody = { readonly body: string; readonly bodyFormat: ArticleRow['body_format'] };

/** A body's opening sentences as plain text: what stands for a missing standfirst (cards, feed summaries). */
export function bodyOpening(body: StoredBody): string {
  return leadSentences(plainText(body.body, body.bodyFormat));
}

/**
 * A story without a standfirst, with the body's opening sentences in its place, as a feed
 * summarises it: the front page's lead and each section's first story show a standfirst under
 * the headline, and an archive imported without them left the lead a bare headline above an
 * empty column. Any other story as it is.
 */
export function withBodyOpening(a: ArticleSummary, body: StoredBody | undefined): ArticleSummary {
  return body && !a.standfirst.trim() ? { ...a, standfirst: bodyOpening(body) } : a;
}

/**
 * The named places advertising will go. Until advertising is set up every slot renders nothing
 * (no empty boxes, no bytes): the views only mark where each one belongs.
 */

/** Every slot a page can have: a banner above the masthead, the sidebar, inside an article, between list items. */
export type AdSlotName = 'leaderboard' | 'sidebar' | 'in-article' | 'between-items';

/** After which paragraph of an article body the in-article slot goes. */
export const IN_ARTICLE_AFTER_PARAGRAPH = 3;
/** After how many list items the between-items slot repeats. */
export const BETWEEN_ITEMS_EVERY = 5;

/** One slot. `at` tells a future ad server where in the page it is (e.g. the list position). */
export function AdSlot(_props: { name: AdSlotName; at?: number }) {
  return null;
}

/** The article body with the in-article slot's markup after paragraph N, when the slot has any (today never). */
export function withInArticleSlot(bodyHtml: string, slotHtml = ''): string {
  if (!slotHtml) return bodyHtml;
  let seen = 0;
  return bodyHtml.replace(/<\/p>/g, (end) => (++seen === IN_ARTICLE_AFTER_PARAGRAPH ? `${end}${slotHtml}` : end));
}

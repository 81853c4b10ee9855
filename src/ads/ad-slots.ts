/**
 * The named slots a creative can be placed in. The site's views mark where each goes
 * (`web/site/views/ad-slots.tsx`); the issue's `list` is the slot between list items.
 * `newsletter` is accepted and stored for the newsletters to come: no page shows it.
 */
export const AD_SLOTS = ['leaderboard', 'sidebar', 'in-article', 'between-items', 'newsletter'] as const;
export type AdSlotName = (typeof AD_SLOTS)[number];

const ALIASES: Readonly<Record<string, AdSlotName>> = { list: 'between-items' };

/** The slot a name means (`list` is `between-items`), or undefined. */
export function adSlotOf(name: string): AdSlotName | undefined {
  const n = name.trim().toLowerCase();
  return ALIASES[n] ?? (AD_SLOTS as readonly string[]).find((s) => s === n) as AdSlotName | undefined;
}

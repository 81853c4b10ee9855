/**
 * The named places advertising goes. A page is rendered with the creatives each slot may show
 * (`AdsContext`, filled by the route from `AdsService.placements`); a slot with none renders
 * nothing (no empty boxes, no bytes). A slot with some renders, hidden, the list of choices as
 * JSON; the ad script (`assets/ads.js`) picks one per view and shows the slot. See docs/advertising.md.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { renderToString } from 'preact-render-to-string';
import type { AdChoice, AdPlacements } from '../../../ads/index.ts';
import { ADS_JS_PATH } from '../assets.ts';

/** Every slot a page can have: a banner above the masthead, the sidebar, inside an article, between list items. */
export type AdSlotName = 'leaderboard' | 'sidebar' | 'in-article' | 'between-items';

/** After which paragraph of an article body the in-article slot goes. */
export const IN_ARTICLE_AFTER_PARAGRAPH = 3;
/** After how many list items the between-items slot repeats. */
export const BETWEEN_ITEMS_EVERY = 5;

/** The creatives each slot of the page being rendered may show. */
export const AdsContext = createContext<AdPlacements>({});

/** JSON inside a <script> data block: `<` escaped so no text can close the element (as layout's scriptJson). */
function choicesJson(choices: readonly AdChoice[]): string {
  return JSON.stringify(choices).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Whether any slot of a page has something to show (the page then loads the ad script). */
export function hasAds(placements: AdPlacements): boolean {
  return Object.values(placements).some((choices) => (choices?.length ?? 0) > 0);
}

function SlotMarkup(props: { name: AdSlotName; at?: number | undefined; choices: readonly AdChoice[] }) {
  return (
    // A plain block, not a landmark: slots sit inside the sidebar's <aside>, list items and article bodies.
    <div class={`ad ad-${props.name}`} data-ad-slot={props.name} data-at={props.at === undefined ? undefined : String(props.at)} hidden>
      <p class="ad-label">Advertisement</p>
      <script type="application/json" class="ad-choices" dangerouslySetInnerHTML={{ __html: choicesJson(props.choices) }} />
    </div>
  );
}

/** One slot. `at` tells the ad script where in the page it is (e.g. the list position). */
export function AdSlot(props: { name: AdSlotName; at?: number }) {
  const choices = useContext(AdsContext)[props.name];
  if (!choices?.length) return null;
  return <SlotMarkup name={props.name} at={props.at} choices={choices} />;
}

/** The ad script, on pages that have ads (in the head, deferred). */
export function AdScript() {
  return hasAds(useContext(AdsContext)) ? <script src={ADS_JS_PATH} defer /> : null;
}

/** The in-article slot's markup for these placements ('' when it has nothing to show). */
export function inArticleSlotHtml(placements: AdPlacements): string {
  const choices = placements['in-article'];
  return choices?.length ? renderToString(<SlotMarkup name="in-article" choices={choices} />) : '';
}

/** The article body with the in-article slot's markup after paragraph N, when the slot has any. */
export function withInArticleSlot(bodyHtml: string, slotHtml = ''): string {
  if (!slotHtml) return bodyHtml;
  let seen = 0;
  return bodyHtml.replace(/<\/p>/g, (end) => (++seen === IN_ARTICLE_AFTER_PARAGRAPH ? `${end}${slotHtml}` : end));
}

import type { ArticleSummary } from '../../../catalog/index.ts';
import { SponsorLabel } from './sponsor-label.tsx';

/** The week's most read stories, numbered; nothing until some have been read. */
export function MostRead(props: { items?: readonly ArticleSummary[] | undefined; id: string }) {
  const items = props.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby={`${props.id}-most-read`}>
      <h2 id={`${props.id}-most-read`} class="block-title">
        Most read
      </h2>
      <ol class="headlines numbered">
        {items.map((a) => (
          <li key={a.id}>
            {/* One grid cell beside the number, the label under the headline. */}
            <span>
              <a href={`/news/${a.slug}`}>{a.headline}</a> <SponsorLabel sponsor={a.sponsor} inline />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The view counter's beacon: an image request to `/v/<id>` (public pages run no script). It sets
 * no cookie and answers 204; the counter ignores crawlers. Hidden from sight and from screen readers.
 */
export function ViewBeacon(props: { articleId: number }) {
  return <img class="beacon" src={`/v/${props.articleId}`} alt="" width={1} height={1} aria-hidden="true" fetchpriority="low" />;
}

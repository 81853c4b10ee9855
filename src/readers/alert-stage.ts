import { NEWS_FRESHNESS_MS } from '../domain/index.ts';
import type { PublishStage } from '../publish/index.ts';

/**
 * The publish pipeline's alert stage: when an article goes live, queue one alert per follower of
 * its companies, section, tags or authors, in the same transaction as the article itself (so a
 * publish and its alerts land together or not at all). It runs after tagging, so the companies
 * are the ones just found. Imports run it too, since a wire feed's fresh story is news to its
 * followers; an archive's old articles are skipped by their date, before any query.
 */
export function alertStage(clock: () => number): PublishStage {
  return {
    name: 'alerts',
    async run(repos, article, previous) {
      if (article.status !== 'published' || previous?.status === 'published') return;
      const now = clock();
      if (article.published_at !== null && article.published_at < now - NEWS_FRESHNESS_MS) return;
      const id = Number(article.id);
      await repos.follows.queueAlerts(id, await repos.follows.subjectsOf(id, article.section_id), now);
    },
  };
}

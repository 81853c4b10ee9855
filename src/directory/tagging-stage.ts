import type { PublishStage } from '../publish/index.ts';
import type { DirectoryService } from './directory-service.ts';

/** The publish pipeline's tagging step: every save re-tags the article in the same transaction. */
export function taggingStage(directory: DirectoryService): PublishStage {
  return {
    name: 'tagging',
    run: (repos, article, previous, plainBody) => directory.tagArticle(repos, { ...article, id: Number(article.id) }, previous === undefined, plainBody),
    runMany: (repos, stored) =>
      directory.tagArticles(
        repos,
        stored.map((s) => ({ article: { ...s.article, id: Number(s.article.id) }, fresh: s.previous === undefined, plainBody: s.plainBody, prepared: s.prepared?.tags })),
      ),
  };
}

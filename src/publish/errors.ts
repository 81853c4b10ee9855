import { defineError } from '../lib/errors.ts';

export const InvalidArticle = defineError('MH_INVALID_ARTICLE', 422, (why: string) => `Invalid article: ${why}`);
export const ArticleNotFound = defineError('MH_ARTICLE_NOT_FOUND', 404, (ref: string) => `No article ${ref}`);

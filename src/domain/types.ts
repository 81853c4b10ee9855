/** A value of `T` that the type checker keeps apart from other `T`s (an article id is not a company id). */
export type Brand<T, B extends string> = T & { readonly __brand: B };

export type ArticleId = Brand<number, 'ArticleId'>;
export type CompanyId = Brand<number, 'CompanyId'>;
export type SectionId = Brand<number, 'SectionId'>;

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const BODY_FORMATS = ['markdown', 'html'] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

/** Epoch milliseconds: how every timestamp is stored, in both dialects. */
export type EpochMs = number;

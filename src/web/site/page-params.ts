import { Type } from '@sinclair/typebox';

/** `?page=N`: a positive integer; anything else is a 400, a page past the end a 404. */
export const PageQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) },
  { additionalProperties: true },
);

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\p{Ll}\\p{Lo}\\p{N}-]+$' }) });

/**
 * A page's path after `/pages/`: slugs joined by `/` (`about-us/history`). A trailing `/` (the
 * way WordPress wrote every page's URL) is allowed here and answered with a redirect to the path without it.
 */
export const PagePathParams = Type.Object({ '*': Type.String({ minLength: 1, maxLength: 600, pattern: '^[\\p{Ll}\\p{Lo}\\p{N}-]+(?:/[\\p{Ll}\\p{Lo}\\p{N}-]+)*/?$' }) });

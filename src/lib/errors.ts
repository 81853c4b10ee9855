/**
 * The base of Masthead's closed error vocabulary. Each capability declares its errors in its own
 * `errors.ts` with `defineError`; every code is listed in docs/errors.md (a test checks it).
 * The web layer turns any MastheadError into `{statusCode, code, error, message}` or an HTML page.
 */
export class MastheadError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, statusCode: number, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'MastheadError';
    this.code = code;
    this.statusCode = statusCode;
    this.details = details;
  }
}

/** Every code defined so far, for the documentation check. */
export const ERROR_CODES = new Set<string>();

export type ErrorFactory<A extends unknown[]> = ((...args: A) => MastheadError) & { readonly code: string };

/**
 * Declares an error: a stable `MH_*` code, an HTTP status and a message made from arguments.
 * @example
 * export const ArticleNotFound = defineError('MH_ARTICLE_NOT_FOUND', 404, (slug: string) => `No article "${slug}"`);
 * throw ArticleNotFound('some-slug');
 */
export function defineError<A extends unknown[]>(
  code: `MH_${string}`,
  statusCode: number,
  message: (...args: A) => string,
): ErrorFactory<A> {
  ERROR_CODES.add(code);
  const factory = (...args: A) => new MastheadError(code, statusCode, message(...args));
  return Object.assign(factory, { code });
}

export const InvalidConfig = defineError('MH_INVALID_CONFIG', 500, (problems: string) => `Invalid configuration: ${problems}`);
export const NotFound = defineError('MH_NOT_FOUND', 404, (what: string) => `${what} not found`);
export const Gone = defineError('MH_GONE', 410, (what: string) => `${what} is gone`);
/** A role's limit (admin/roles.ts), also the settings' (only an admin changes them): one error for both capabilities. */
export const Forbidden = defineError('MH_FORBIDDEN', 403, (what: string) => `Your role may not ${what}.`);
export const BadRequest = defineError('MH_BAD_REQUEST', 400, (why: string) => why);
export const RateLimited = defineError('MH_RATE_LIMITED', 429, (retryIn: string) => `Too many requests: try again in ${retryIn}, or ask the site for an API key.`);
/** Search is the costliest thing a reader can ask for: one address may not starve the others. */
export const PageRateLimited = defineError('MH_RATE_LIMITED', 429, (retryIn: string) => `Too many pages requested from your address: try again in ${retryIn}.`);
export const SearchRateLimited = defineError('MH_RATE_LIMITED', 429, (retryIn: string) => `Too many searches from your address: try again in ${retryIn}.`);

import { defineError } from '../lib/errors.ts';

// Defined beside the generic errors: the settings (src/settings) refuse with it too.
export { Forbidden } from '../lib/errors.ts';

export const InvalidUser = defineError('MH_INVALID_USER', 422, (why: string) => `Invalid user: ${why}`);
export const UserExists = defineError('MH_USER_EXISTS', 409, (email: string) => `A user with the email ${email} already exists`);
export const UserNotFound = defineError('MH_USER_NOT_FOUND', 404, (email: string) => `No user with the email ${email}`);
export const WrongPassword = defineError('MH_WRONG_PASSWORD', 401, () => 'The email or password is incorrect.');
export const UserDisabled = defineError('MH_USER_DISABLED', 403, () => 'This account is disabled. Ask an administrator to enable it.');
export const TooManySignIns = defineError(
  'MH_TOO_MANY_SIGN_INS',
  429,
  (minutes: number) => `Too many failed sign-ins. Wait ${minutes} minutes before trying again.`,
);
export const CsrfRejected = defineError('MH_CSRF_REJECTED', 403, () => 'This form has expired or did not come from this site. Reload the page and try again.');
export const ImageInUse = defineError('MH_IMAGE_IN_USE', 409, (articles: number) => `This image is the lead image of ${articles} article${articles === 1 ? '' : 's'}; it can be deleted only when unused.`);
export const ApiKeyRefused = defineError('MH_API_KEY_REFUSED', 401, () => 'This API key is not valid: it was revoked, or mistyped. Ask the site for a new one.');
export const ApiKeyNotFound = defineError('MH_API_KEY_NOT_FOUND', 404, (id: number) => `No API key with the id ${id}`);
export const InvalidApiKeyName = defineError('MH_INVALID_API_KEY_NAME', 422, () => 'Name the key after who uses it (1 to 100 characters), so it can be revoked knowingly.');
export const ApiKeyRequired = defineError('MH_API_KEY_REQUIRED', 401, (what: string) => `${what} needs an API key (send it as Authorization: Bearer <key>).`);
export const TermNotFound = defineError('MH_TERM_NOT_FOUND', 404, (kind: string, id: number) => `No ${kind} with the id ${id}`);
export const TermInUse = defineError(
  'MH_TERM_IN_USE',
  409,
  (kind: string, articles: number) => `This ${kind} is used by ${articles} article${articles === 1 ? '' : 's'}; it can be deleted only when unused.`,
);
export const LastAdmin = defineError('MH_LAST_ADMIN', 409, () => 'This is the last active admin: make another user an admin first.');
export const ImageInAd = defineError('MH_IMAGE_IN_AD', 409, (creatives: string) => `This image is used by advertising (creative ${creatives}); it can be deleted only when unused.`);
export const LogoInUse = defineError('MH_LOGO_IN_USE', 409, (company: string) => `This image is the logo of ${company}; remove it from the company first.`);
export const AuthorNotFound = defineError('MH_AUTHOR_NOT_FOUND', 404, (id: number) => `No author with the id ${id}`);
export const PhotoInUse = defineError('MH_PHOTO_IN_USE', 409, (authors: string) => `This image is the photo of ${authors}; choose another photo on their author page first.`);

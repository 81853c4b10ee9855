import { defineError } from '../lib/errors.ts';

export const SignInLinkInvalid = defineError('MH_READER_LINK_INVALID', 410, () => 'This sign-in link or code has expired or was already used. Ask for a new one.');
export const SignInOtherBrowser = defineError(
  'MH_READER_OTHER_BROWSER',
  409,
  () => 'Open this link in the browser where you asked for it, or type the six-digit code from the email there.',
);
export const SignInCodeWrong = defineError('MH_READER_CODE_WRONG', 400, (left: number) => `That code is not right: ${left} ${left === 1 ? 'try' : 'tries'} left.`);
export const ReaderRateLimited = defineError('MH_RATE_LIMITED', 429, (retryIn: string) => `Too many requests: try again in ${retryIn}.`);
export const ProfileInvalid = defineError('MH_READER_PROFILE_INVALID', 422, (problems: string) => problems);
export const FollowTargetNotFound = defineError('MH_FOLLOW_TARGET_NOT_FOUND', 404, (what: string) => `Nothing to follow at ${what}`);
export const ReaderNotFound = defineError('MH_READER_NOT_FOUND', 404, (email: string) => `No reader with the address ${email}`);
export const InvalidReaderEmail = defineError('MH_INVALID_READER_EMAIL', 422, () => 'Give an email address such as you@company.com.');

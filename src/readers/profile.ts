import type { ReaderProfile } from '../store/index.ts';
import { ProfileInvalid } from './errors.ts';

/** The profile fields a reader fills in, in the form's order, with their labels. */
export const PROFILE_FIELDS = [
  ['name', 'Name'],
  ['company', 'Company'],
  ['jobTitle', 'Job title'],
  ['industry', 'Industry'],
  ['country', 'Country'],
] as const;

export type ProfileField = (typeof PROFILE_FIELDS)[number][0];

export const PROFILE_FIELD_NAMES: readonly ProfileField[] = PROFILE_FIELDS.map(([f]) => f);

/** Longest value a profile field keeps. */
export const PROFILE_MAX = 200;

/**
 * The required fields from the site setting's text (`name, company`); unknown names are ignored.
 * @example requiredFieldsFrom('name, jobTitle') // ['name', 'jobTitle']
 */
export function requiredFieldsFrom(text: string): ProfileField[] {
  const wanted = new Set(text.split(/[\s,]+/).filter(Boolean));
  return PROFILE_FIELD_NAMES.filter((f) => wanted.has(f));
}

/**
 * The posted profile: trimmed, empty as null, each field at most `PROFILE_MAX` characters and the
 * required ones present; throws one error that lists every problem.
 */
export function readProfile(body: Record<string, unknown>, required: readonly ProfileField[]): Required<ReaderProfile> {
  const problems: string[] = [];
  const out: Record<string, string | null> = {};
  for (const [field, label] of PROFILE_FIELDS) {
    const raw = typeof body[field] === 'string' ? (body[field] as string).replace(/\s+/g, ' ').trim() : '';
    if (raw.length > PROFILE_MAX) problems.push(`${label}: keep it to ${PROFILE_MAX} characters.`);
    if (!raw && required.includes(field)) problems.push(`${label} is required.`);
    out[field] = raw || null;
  }
  if (problems.length) throw ProfileInvalid(problems.join(' '));
  return out as Required<ReaderProfile>;
}

/** The required fields a reader has left empty (the account page asks for them). */
export function missingFields(profile: ReaderProfile, required: readonly ProfileField[]): ProfileField[] {
  return required.filter((f) => !profile[f]);
}

import { type Static, Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { COMPANY_LIMITS, isWebsite } from '../directory/index.ts';
import { SLUG_MAX_LENGTH } from '../domain/index.ts';

/**
 * The company form's fields as posted (every value a string). The limits are the JSONL import's
 * (COMPANY_LIMITS), so what the admin saves exports and imports again unchanged.
 */
export const CompanyFormSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: COMPANY_LIMITS.name }),
  slug: Type.String({ maxLength: SLUG_MAX_LENGTH, pattern: '^[a-z0-9-]*$' }),
  /** One per line. */
  aliases: Type.String({ maxLength: COMPANY_LIMITS.aliases * (COMPANY_LIMITS.alias + 2) }),
  /** The parent company's name or slug; empty for none. */
  parent: Type.String({ maxLength: COMPANY_LIMITS.name }),
  website: Type.String({ maxLength: COMPANY_LIMITS.text }),
  country: Type.String({ maxLength: COMPANY_LIMITS.text }),
  sector: Type.String({ maxLength: COMPANY_LIMITS.text }),
  description: Type.String({ maxLength: COMPANY_LIMITS.description }),
});

export type CompanyFormValues = Static<typeof CompanyFormSchema>;
export type CompanyField = keyof CompanyFormValues;
export type CompanyFieldErrors = Partial<Record<CompanyField | 'logo' | 'alt' | 'into', string>>;

export const EMPTY_COMPANY_FORM: CompanyFormValues = { name: '', slug: '', aliases: '', parent: '', website: '', country: '', sector: '', description: '' };

const MESSAGES: Record<CompanyField, Partial<Record<string, string>>> = {
  name: { minLength: 'Give the company’s name.', maxLength: `Keep the name to ${COMPANY_LIMITS.name} characters or fewer.` },
  slug: { maxLength: `Keep the slug to ${SLUG_MAX_LENGTH} characters or fewer.`, pattern: 'Use only lower-case letters, digits and hyphens.' },
  aliases: { maxLength: 'Too many aliases.' },
  parent: { maxLength: 'No company has a name that long.' },
  website: { maxLength: `Keep the website to ${COMPANY_LIMITS.text} characters or fewer.` },
  country: { maxLength: `Keep the country to ${COMPANY_LIMITS.text} characters or fewer.` },
  sector: { maxLength: `Keep the sector to ${COMPANY_LIMITS.text} characters or fewer.` },
  description: { maxLength: `Keep the description to ${COMPANY_LIMITS.description.toLocaleString('en')} characters or fewer.` },
};

const KEYWORDS: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.StringMinLength]: 'minLength',
  [ValueErrorType.StringMaxLength]: 'maxLength',
  [ValueErrorType.StringPattern]: 'pattern',
};

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The aliases field as a list: one per line, spaces tidied, empty lines and repeats (any case) dropped. */
export function aliasLines(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/\r?\n|\r/)
    .map(oneLine)
    .filter((a) => a && !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
}

/** The posted fields as form values: missing ones empty, one-line fields tidied. */
export function readCompanyForm(body: Record<string, unknown>): CompanyFormValues {
  const out = { ...EMPTY_COMPANY_FORM };
  for (const key of Object.keys(EMPTY_COMPANY_FORM) as CompanyField[]) {
    const v = body[key];
    if (typeof v === 'string') out[key] = key === 'aliases' || key === 'description' ? v.replace(/\r\n?/g, '\n').trim() : oneLine(v);
  }
  return out;
}

/**
 * Checks what a schema can say and the rules it cannot (aliases, website, a slug with a letter);
 * whether the parent exists and makes no cycle is for the service, which reads the directory.
 */
export function validateCompanyForm(values: CompanyFormValues): CompanyFieldErrors {
  const errors: CompanyFieldErrors = {};
  for (const e of Value.Errors(CompanyFormSchema, values)) {
    const field = e.path.slice(1) as CompanyField;
    errors[field] ??= MESSAGES[field]?.[KEYWORDS[e.type] ?? ''] ?? e.message;
  }
  if (!errors.name && !/[\p{L}\p{N}]/u.test(values.name)) errors.name = 'A company name needs at least one letter or digit.';
  if (!errors.slug && values.slug && !/[a-z0-9]/.test(values.slug)) errors.slug = 'A slug needs at least one letter or digit.';
  const aliases = aliasLines(values.aliases);
  if (!errors.aliases && aliases.length > COMPANY_LIMITS.aliases) errors.aliases = `Give at most ${COMPANY_LIMITS.aliases} aliases.`;
  else if (!errors.aliases && aliases.some((a) => a.length > COMPANY_LIMITS.alias)) errors.aliases = `Keep each alias to ${COMPANY_LIMITS.alias} characters or fewer.`;
  else if (!errors.aliases && aliases.some((a) => a.toLowerCase() === values.name.toLowerCase())) errors.aliases = 'An alias cannot be the company’s own name.';
  if (!errors.website && values.website && !isWebsite(values.website)) errors.website = 'Give a full web address starting with https:// or http://.';
  return errors;
}

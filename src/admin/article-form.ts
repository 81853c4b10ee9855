import { type Static, Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { zonedToEpoch } from './zoned-time.ts';

/** The editor's fields as posted (every value a string; a browser sends them all). */
export const ArticleFormSchema = Type.Object({
  headline: Type.String({ minLength: 1, maxLength: 300 }),
  standfirst: Type.String({ maxLength: 600 }),
  body: Type.String({ minLength: 1, maxLength: 200_000 }),
  section: Type.String({ maxLength: 80 }),
  tags: Type.String({ maxLength: 1000 }),
  authors: Type.String({ maxLength: 500 }),
  slug: Type.String({ maxLength: 100, pattern: '^[a-z0-9-]*$' }),
  scheduleAt: Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?)?$' }),
  /** A media library id, 'keep' (an imported image that is not in the library) or '' (none). */
  leadImage: Type.String({ pattern: '^(\\d{1,12}|keep)?$' }),
  caption: Type.String({ maxLength: 300 }),
  credit: Type.String({ maxLength: 120 }),
  /** The sponsoring company's name or slug (sponsored content); empty for editorial content. */
  sponsor: Type.String({ maxLength: 200 }),
});

export type ArticleFormValues = Static<typeof ArticleFormSchema>;
export type ArticleField = keyof ArticleFormValues;
export type FieldErrors = Partial<Record<ArticleField, string>>;

export const EMPTY_FORM: ArticleFormValues = {
  headline: '',
  standfirst: '',
  body: '',
  section: '',
  tags: '',
  authors: '',
  slug: '',
  scheduleAt: '',
  leadImage: '',
  caption: '',
  credit: '',
  sponsor: '',
};

/** What an editor reads next to a field, by the schema keyword that failed. */
const MESSAGES: Record<ArticleField, Partial<Record<string, string>>> = {
  headline: { minLength: 'Write a headline.', maxLength: 'Keep the headline to 300 characters or fewer.' },
  standfirst: { maxLength: 'Keep the standfirst to 600 characters or fewer.' },
  body: { minLength: 'Write the body of the article.', maxLength: 'The body is longer than 200,000 characters.' },
  section: { maxLength: 'Keep the section name to 80 characters or fewer.' },
  tags: { maxLength: 'Too many tags (1,000 characters in all at most).' },
  authors: { maxLength: 'Too many authors (500 characters in all at most).' },
  slug: { maxLength: 'Keep the slug to 100 characters or fewer.', pattern: 'Use only lower-case letters, digits and hyphens.' },
  scheduleAt: { pattern: 'Pick a date and time.' },
  leadImage: { pattern: 'Choose an image from the media library.' },
  caption: { maxLength: 'Keep the caption to 300 characters or fewer.' },
  credit: { maxLength: 'Keep the credit to 120 characters or fewer.' },
  sponsor: { maxLength: 'No company has a name that long.' },
};

const KEYWORDS: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.StringMinLength]: 'minLength',
  [ValueErrorType.StringMaxLength]: 'maxLength',
  [ValueErrorType.StringPattern]: 'pattern',
};

/** A comma-separated list: trimmed, empty items dropped, duplicates (ignoring case) dropped. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s && !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
}

/** The posted fields as form values: missing ones empty, line endings normalised, text trimmed. */
export function readForm(body: Record<string, unknown>): ArticleFormValues {
  const out = { ...EMPTY_FORM };
  for (const key of Object.keys(EMPTY_FORM) as ArticleField[]) {
    const v = body[key];
    if (typeof v === 'string') out[key] = key === 'body' ? v.replace(/\r\n?/g, '\n') : v.trim();
  }
  out.headline = out.headline.replace(/\s+/g, ' ');
  return out;
}

/**
 * Checks every field (the schema, then the rules a schema cannot say); returns one message per
 * failing field. `scheduling` demands a future time in `scheduleAt` (in the site's time zone).
 */
export function validateForm(values: ArticleFormValues, opts: { scheduling: boolean; now: number; timeZone: string }): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of Value.Errors(ArticleFormSchema, values)) {
    const field = e.path.slice(1) as ArticleField;
    errors[field] ??= MESSAGES[field]?.[KEYWORDS[e.type] ?? ''] ?? e.message;
  }
  if (!errors.body && !values.body.trim()) errors.body = MESSAGES.body.minLength!;
  if (!errors.tags && splitList(values.tags).some((t) => t.length > 60)) errors.tags = 'Keep each tag to 60 characters or fewer.';
  if (!errors.authors && splitList(values.authors).some((a) => a.length > 100)) errors.authors = 'Keep each author’s name to 100 characters or fewer.';
  const wordless = (name: string) => !/[\p{L}\p{N}]/u.test(name);
  if (!errors.section && values.section && wordless(values.section)) errors.section = 'A section name needs at least one letter or digit.';
  if (!errors.tags && splitList(values.tags).some(wordless)) errors.tags = 'Each tag needs at least one letter or digit.';
  if (!errors.authors && splitList(values.authors).some(wordless)) errors.authors = 'Each author’s name needs at least one letter or digit.';
  if (!errors.slug && values.slug && !/[a-z0-9]/.test(values.slug)) errors.slug = 'A slug needs at least one letter or digit.';
  if (opts.scheduling && !errors.scheduleAt) {
    const at = values.scheduleAt ? zonedToEpoch(values.scheduleAt, opts.timeZone) : undefined;
    if (at === undefined) errors.scheduleAt = 'Pick the date and time to publish at.';
    else if (at <= opts.now) errors.scheduleAt = 'Pick a time in the future.';
  }
  return errors;
}

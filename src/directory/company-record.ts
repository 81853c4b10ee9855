import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** Field limits shared by the JSONL import and the admin's company form, so both accept the same companies. */
export const COMPANY_LIMITS = { id: 200, name: 300, alias: 300, aliases: 100, text: 2000, description: 20_000 } as const;

const OptionalText = Type.Optional(Type.Union([Type.String({ maxLength: COMPANY_LIMITS.text }), Type.Null()]));

/** Whether a website is an http(s) URL (the only kind a profile links to). */
export function isWebsite(url: string): boolean {
  return /^https?:\/\/\S+$/.test(url);
}

/** One line of company JSONL (PRODUCT.md): `id` and `name` are required. */
export const CompanyRecord = Type.Object(
  {
    id: Type.Union([Type.String({ minLength: 1, maxLength: COMPANY_LIMITS.id }), Type.Integer()]),
    name: Type.String({ minLength: 1, maxLength: COMPANY_LIMITS.name }),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: COMPANY_LIMITS.alias }), { maxItems: COMPANY_LIMITS.aliases })),
    website: OptionalText,
    country: OptionalText,
    sector: OptionalText,
    description: Type.Optional(Type.Union([Type.String({ maxLength: COMPANY_LIMITS.description }), Type.Null()])),
    parent: Type.Optional(Type.Union([Type.String({ maxLength: COMPANY_LIMITS.id }), Type.Integer(), Type.Null()])),
    logo: OptionalText,
  },
  { additionalProperties: true },
);
export type CompanyRecord = Static<typeof CompanyRecord>;

/** Why a company record cannot be imported; undefined when it can. */
export function companyRecordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  if (!Value.Check(CompanyRecord, value)) {
    const first = Value.Errors(CompanyRecord, value).First();
    return `${first?.path.replace(/^\//, '') || 'record'}: ${first?.message ?? 'invalid'}`;
  }
  const r = value as CompanyRecord;
  if (!r.name.trim()) return 'name is empty';
  if (r.website && !isWebsite(r.website)) return `website is not an http(s) URL: ${JSON.stringify(r.website.slice(0, 80))}`;
  if (r.parent !== undefined && r.parent !== null && String(r.parent) === String(r.id)) return 'a company cannot be its own parent';
  return undefined;
}

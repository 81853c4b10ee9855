import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const OptionalText = Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]));

/** One line of company JSONL (PRODUCT.md): `id` and `name` are required. */
export const CompanyRecord = Type.Object(
  {
    id: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Integer()]),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 })),
    website: OptionalText,
    country: OptionalText,
    sector: OptionalText,
    description: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()])),
    parent: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Integer(), Type.Null()])),
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
  if (r.website && !/^https?:\/\//.test(r.website)) return `website is not an http(s) URL: ${JSON.stringify(r.website.slice(0, 80))}`;
  if (r.parent !== undefined && r.parent !== null && String(r.parent) === String(r.id)) return 'a company cannot be its own parent';
  return undefined;
}

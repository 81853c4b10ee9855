import type { Kysely } from 'kysely';
import type { CompanyRef } from './company-repository.ts';
import type { Database } from './schema.ts';

/** A section or tag sponsorship as stored, with its company. */
export interface TermSponsorship {
  readonly kind: 'section' | 'tag';
  readonly termId: number;
  readonly company: CompanyRef;
  /** Epoch ms: shown from `startsAt` (inclusive) until `endsAt` (exclusive). */
  readonly startsAt: number;
  readonly endsAt: number;
}

/** Sponsorships of sections and tags (one per section or tag); article sponsors live on the article row. */
export class SponsorshipRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The sponsorship of one section or tag, whatever its period (the admin shows past and future ones too). */
  async ofTerm(kind: 'section' | 'tag', termId: number): Promise<TermSponsorship | undefined> {
    return (await this.ofTerms(kind, [termId])).get(termId);
  }

  /** The sponsorships of many sections or tags at once, by term id. */
  async ofTerms(kind: 'section' | 'tag', termIds: readonly number[]): Promise<Map<number, TermSponsorship>> {
    if (!termIds.length) return new Map();
    const rows = await this.db
      .selectFrom('term_sponsorships as s')
      .innerJoin('companies as c', 'c.id', 's.company_id')
      .select(['s.kind', 's.term_id', 's.starts_at', 's.ends_at', 'c.id as company_id', 'c.source_id', 'c.slug', 'c.name'])
      .where('s.kind', '=', kind)
      .where('s.term_id', 'in', [...termIds])
      .execute();
    return new Map(
      rows.map((r) => [
        Number(r.term_id),
        {
          kind: r.kind,
          termId: Number(r.term_id),
          company: { id: Number(r.company_id), sourceId: r.source_id, slug: r.slug, name: r.name },
          startsAt: Number(r.starts_at),
          endsAt: Number(r.ends_at),
        },
      ]),
    );
  }

  /** Sets (or replaces) the sponsorship of a section or tag. */
  async set(s: { kind: 'section' | 'tag'; termId: number; companyId: number; startsAt: number; endsAt: number }, by: string, now: number): Promise<void> {
    const values = { company_id: s.companyId, starts_at: s.startsAt, ends_at: s.endsAt, updated_at: now, updated_by: by };
    await this.db
      .insertInto('term_sponsorships')
      .values({ kind: s.kind, term_id: s.termId, ...values })
      .onConflict((oc) => oc.columns(['kind', 'term_id']).doUpdateSet(values))
      .execute();
  }

  /** Removes a section's or tag's sponsorship; true when there was one. */
  async clear(kind: 'section' | 'tag', termId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('term_sponsorships').where('kind', '=', kind).where('term_id', '=', termId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

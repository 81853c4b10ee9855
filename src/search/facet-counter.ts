import type { FacetRows } from '../store/index.ts';

/** How many values each facet lists. */
export const FACET_SIZE = 10;

export interface FacetCount {
  readonly id: number;
  readonly count: number;
}

/**
 * Section and company of every published article as flat arrays indexed by article id (about
 * 2 MB for 100,000 articles), so facet counts over a match set of any size are one pass over its
 * ids in memory: counting them in SQL costs a join per match, 20–90 ms for a common word.
 * @example FacetCounter.from(rows).count(new Int32Array([1, 2, 3])) // { sections: [{ id: 4, count: 2 }, …], companies: […] }
 */
export class FacetCounter {
  private constructor(
    private readonly sectionOf: Int32Array,
    /** Company ids of article `a` are companyIds[companyStart[a] .. companyStart[a + 1]). */
    private readonly companyStart: Int32Array,
    private readonly companyIds: Int32Array,
    private readonly maxSection: number,
    private readonly maxCompany: number,
  ) {}

  static from(rows: FacetRows): FacetCounter {
    let maxArticle = 0;
    let maxSection = 0;
    let maxCompany = 0;
    for (const [a, s] of rows.sections) {
      if (a > maxArticle) maxArticle = a;
      if (s > maxSection) maxSection = s;
    }
    for (const [a, c] of rows.mentions) {
      if (a > maxArticle) maxArticle = a;
      if (c > maxCompany) maxCompany = c;
    }
    const sectionOf = new Int32Array(maxArticle + 1);
    for (const [a, s] of rows.sections) sectionOf[a] = s;
    const companyStart = new Int32Array(maxArticle + 2);
    for (const [a] of rows.mentions) companyStart[a + 1]!++;
    for (let i = 1; i < companyStart.length; i++) companyStart[i]! += companyStart[i - 1]!;
    const fill = companyStart.slice(0, maxArticle + 1);
    const companyIds = new Int32Array(rows.mentions.length);
    for (const [a, c] of rows.mentions) companyIds[fill[a]!++] = c;
    return new FacetCounter(sectionOf, companyStart, companyIds, maxSection, maxCompany);
  }

  /** The FACET_SIZE sections and companies with the most of `ids`, most first (ties: lower id). */
  count(ids: Int32Array, size = FACET_SIZE): { sections: FacetCount[]; companies: FacetCount[] } {
    const sections = new Int32Array(this.maxSection + 1);
    const companies = new Int32Array(this.maxCompany + 1);
    const known = this.sectionOf.length;
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i]!;
      // An article newer than this snapshot is left out until the next rebuild.
      if (a >= known) continue;
      sections[this.sectionOf[a]!]!++;
      for (let k = this.companyStart[a]!; k < this.companyStart[a + 1]!; k++) companies[this.companyIds[k]!]!++;
    }
    sections[0] = 0;
    return { sections: top(sections, size), companies: top(companies, size) };
  }
}

function top(counts: Int32Array, size: number): FacetCount[] {
  const out: FacetCount[] = [];
  for (let id = 1; id < counts.length; id++) {
    const count = counts[id]!;
    if (count === 0) continue;
    if (out.length === size && count <= out[size - 1]!.count) continue;
    let at = out.length;
    while (at > 0 && out[at - 1]!.count < count) at--;
    out.splice(at, 0, { id, count });
    if (out.length > size) out.pop();
  }
  return out;
}

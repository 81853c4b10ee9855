import type { CompanyRef, DirectoryRow } from '../store/index.ts';
import { foldText } from '../text/index.ts';

/** Folded, with every run of punctuation and spaces as one space: "Renault-Nissan" → "renault nissan". */
export function nameKey(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Candidates looked at before ordering; a two-letter prefix can start thousands of names. */
const SCAN_LIMIT = 500;

/**
 * Company names and aliases, folded and sorted, for "starts with what was typed" lookups by
 * binary search (search-as-you-type over a directory of 50,000 companies in microseconds).
 * @example new CompanyNames(directory).startingWith('renault sam', 5) // [{ name: 'Renault Samsung Motors', … }]
 */
export class CompanyNames {
  private readonly keys: string[] = [];
  private readonly companies: CompanyRef[] = [];

  constructor(directory: readonly DirectoryRow[]) {
    const entries: [string, CompanyRef][] = [];
    for (const c of directory) {
      const ref: CompanyRef = { id: c.id, sourceId: c.sourceId, slug: c.slug, name: c.name };
      for (const name of new Set([c.name, ...c.aliases].map(nameKey))) if (name) entries.push([name, ref]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1].id - b[1].id));
    for (const [k, c] of entries) {
      this.keys.push(k);
      this.companies.push(c);
    }
  }

  /**
   * Up to `limit` companies whose name or an alias starts with `typed`: an exact name first, then
   * the shortest names (the closest to what was typed), then A–Z.
   */
  startingWith(typed: string, limit: number): CompanyRef[] {
    const prefix = nameKey(typed);
    if (!prefix) return [];
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found = new Map<number, { ref: CompanyRef; key: string }>();
    for (let i = lo; i < this.keys.length && i < lo + SCAN_LIMIT && this.keys[i]!.startsWith(prefix); i++) {
      const ref = this.companies[i]!;
      const seen = found.get(ref.id);
      if (!seen || this.keys[i]!.length < seen.key.length) found.set(ref.id, { ref, key: this.keys[i]! });
    }
    return [...found.values()]
      .sort((a, b) => Number(b.key === prefix) - Number(a.key === prefix) || a.key.length - b.key.length || a.ref.name.localeCompare(b.ref.name))
      .slice(0, limit)
      .map((f) => f.ref);
  }
}

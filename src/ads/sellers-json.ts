import { InvalidAd } from './errors.ts';

const SELLER_TYPES = new Set(['PUBLISHER', 'INTERMEDIARY', 'BOTH']);

/**
 * Checks a sellers.json document (IAB Tech Lab sellers.json 1.0) and returns it indented, or
 * MH_INVALID_AD saying what is wrong. Required: an object with a `sellers` array; each seller a
 * `seller_id` (string), a `seller_type` (PUBLISHER, INTERMEDIARY or BOTH) and, unless it is
 * confidential (`is_confidential: 1`), its `name` and `domain`. Other fields are kept as written.
 * Empty text clears the file.
 */
export function checkSellersJson(text: string): string {
  if (!text.trim()) return '';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw InvalidAd(`sellers.json is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw InvalidAd('sellers.json must be a JSON object');
  const sellers = (doc as { sellers?: unknown }).sellers;
  if (!Array.isArray(sellers)) throw InvalidAd('sellers.json needs a "sellers" array');
  sellers.forEach((s: unknown, i) => {
    const at = `sellers.json seller ${i + 1}`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw InvalidAd(`${at} must be an object`);
    const seller = s as Record<string, unknown>;
    if (typeof seller.seller_id !== 'string' || !seller.seller_id.trim()) throw InvalidAd(`${at} needs a "seller_id" (a string)`);
    if (typeof seller.seller_type !== 'string' || !SELLER_TYPES.has(seller.seller_type)) throw InvalidAd(`${at} needs a "seller_type": PUBLISHER, INTERMEDIARY or BOTH`);
    if (seller.is_confidential !== 1) {
      for (const field of ['name', 'domain'] as const) {
        if (typeof seller[field] !== 'string' || !(seller[field] as string).trim()) throw InvalidAd(`${at} needs a "${field}" unless "is_confidential": 1`);
      }
    }
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

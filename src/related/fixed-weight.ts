/**
 * Signature weights in 16-bit fixed point: a leaf module (no imports), so that a scan worker
 * (`scan-worker.ts`) converts scores without loading the text analysis `signature.ts` needs.
 */

/** Signature weights are multiples of 1/WEIGHT_SCALE (16-bit fixed point), so every store holds the same numbers. */
export const WEIGHT_SCALE = 65_535;

/** A scan's fixed-point score (a sum of two weights' products) over this is the cosine. */
export const WEIGHT_SCALE_SQUARED = WEIGHT_SCALE * WEIGHT_SCALE;

/**
 * A weight in [0, 1] as its 16-bit fixed-point integer.
 * @example toFixedWeight(0.5) // 32768
 */
export function toFixedWeight(w: number): number {
  return Math.round(Math.min(1, Math.max(0, w)) * WEIGHT_SCALE);
}

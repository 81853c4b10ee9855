/**
 * How close the text readers get from Masthead is to what the old system showed them, for the
 * migration benchmarks (bench/wordpress.ts, bench/ghost.ts).
 */
import { diffArrays } from 'diff';
import { DomUtils, parseDocument } from 'htmlparser2';

/** The text of an HTML fragment as words (entities decoded, tags dropped, whitespace collapsed). */
export function words(html: string): string[] {
  const text = DomUtils.textContent(parseDocument(html).children);
  return text.split(/\s+/).filter(Boolean);
}

/** 1 − word-level Levenshtein distance / the longer length (1 for two empty texts). */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length && !b.length) return 1;
  let prev = new Int32Array(b.length + 1).map((_, j) => j);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return 1 - prev[b.length]! / Math.max(a.length, b.length);
}

/** The words that differ, as `−the old site's +Masthead's`, for the listing of posts under the bar. */
export function whyDifferent(wp: readonly string[], ours: readonly string[]): string {
  return diffArrays([...wp], [...ours])
    .filter((part) => part.added || part.removed)
    .slice(0, 4)
    .map((part) => `${part.added ? '+' : '−'}"${part.value.join(' ').slice(0, 80)}"`)
    .join(' ');
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

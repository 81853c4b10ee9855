/**
 * The input without U+0000 in any text: it means nothing, and PostgreSQL cannot store it (the
 * save failed there with `invalid byte sequence`, while SQLite kept it), so both engines drop it.
 */
export function withoutNul<T>(value: T): T {
  // Nearly every input has none: looked for first, so such an input is not copied (1 % of an import's main thread).
  return hasNul(value) ? stripNul(value) : value;
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') {
    for (const k in value) if (hasNul((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}

function stripNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replace(/\u0000/g, '') : value) as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripNul(v)])) as T;
  return value;
}

import { markdownProtectedRanges } from './markdown-protected-ranges.ts';
import type { Mention } from './types.ts';

/**
 * Turns the first mention of each company in a Markdown body into a link to its profile,
 * `[Renault](/companies/renault)`; later mentions stay plain. A mention inside an existing link
 * (its text or URL), a code span or block, an autolink, a bare URL or inline HTML is passed
 * over, and the company's next mention is linked instead; a company the body already links to
 * (same URL) gets no second link. `[` and `]` in the text and spaces, parentheses, `<`, `>` and
 * `\` in the URL are escaped. `mentions` are those `find` gave for this same string; companies
 * `hrefFor` knows no URL for are left plain.
 * @example
 * linkFirstMentions('Renault and Renault', matcher.find('Renault and Renault'), (id) => `/companies/${id}`)
 * // '[Renault](/companies/2453) and Renault'
 */
export function linkFirstMentions(
  markdown: string,
  mentions: readonly Mention[],
  hrefFor: (companyId: string) => string | undefined,
): string {
  if (mentions.length === 0) return markdown;
  const ranges = markdownProtectedRanges(markdown);
  const linked = new Set<string>();
  for (const r of ranges) if (r.href !== undefined) linked.add(r.href);
  const done = new Set<string>();
  const parts: string[] = [];
  let copied = 0;
  let r = 0;
  for (const m of [...mentions].sort((a, b) => a.start - b.start)) {
    if (done.has(m.companyId) || m.start < copied) continue;
    while (r < ranges.length && ranges[r]!.end <= m.start) r++;
    if (overlapsAny(ranges, r, m.start, m.end) || isEscaped(markdown, m.start)) continue;
    const href = hrefFor(m.companyId);
    done.add(m.companyId);
    if (href === undefined || linked.has(href)) continue;
    let before = markdown.slice(copied, m.start);
    // "!" right before "[" would make an image: escape it.
    if (before.endsWith('!') && !isEscaped(markdown, m.start - 1)) before = `${before.slice(0, -1)}\\!`;
    parts.push(before, '[', escapeLinkText(markdown.slice(m.start, m.end)), '](', escapeHref(href), ')');
    copied = m.end;
  }
  if (copied === 0) return markdown;
  parts.push(markdown.slice(copied));
  return parts.join('');
}

// Ranges are sorted by start; those before index `from` end at or before `start`.
function overlapsAny(ranges: readonly { start: number; end: number }[], from: number, start: number, end: number): boolean {
  for (let i = from; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (r.start >= end) break;
    if (r.end > start) return true;
  }
  return false;
}

// Whether the character at `pos` is escaped by an odd run of backslashes before it.
function isEscaped(md: string, pos: number): boolean {
  let n = 0;
  while (pos - n - 1 >= 0 && md.charCodeAt(pos - n - 1) === 92) n++;
  return n % 2 === 1;
}

function escapeLinkText(text: string): string {
  return text.replace(/(\\*)([[\]])/g, (all, slashes: string, bracket: string) =>
    slashes.length % 2 === 1 ? all : `${slashes}\\${bracket}`,
  );
}

function escapeHref(href: string): string {
  return href.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Tag creatives (a third-party ad server's HTML and script) may load only from origins an admin
 * lists. The list is checked when a tag is saved (every URL in it must be on the list) and again
 * by the browser: the tag's framed document carries a CSP naming only those origins.
 */

/** An origin as written in the list: `https://host[:port]`; anything else is not an origin. */
export function originOf(text: string): string | undefined {
  try {
    const u = new URL(text.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    if (u.username || u.password) return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** The origins (deduplicated) in a list an admin typed, one per line or separated by spaces; and what was not one. */
export function parseOrigins(text: string): { origins: string[]; refused: string[] } {
  const origins: string[] = [];
  const refused: string[] = [];
  for (const word of text.split(/[\s,]+/).filter(Boolean)) {
    const o = originOf(word);
    if (o === undefined || (o !== word.replace(/\/$/, '') && o !== word)) refused.push(word);
    else if (!origins.includes(o)) origins.push(o);
  }
  return { origins, refused };
}

/** Every origin a tag's HTML names (absolute and scheme-relative URLs). */
export function originsIn(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/(https?:)?\/\/[a-z0-9.-]+(:\d+)?/gi)) {
    const o = originOf(m[0].startsWith('//') ? `https:${m[0]}` : m[0]);
    if (o) found.add(o);
  }
  return [...found];
}

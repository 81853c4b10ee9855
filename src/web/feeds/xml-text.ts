// XML 1.0 cannot carry most C0 controls, U+FFFE/U+FFFF or a surrogate without its pair; imported
// wire copy sometimes has them. They are dropped rather than refused: the rest of the text stands.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };

/** Text as XML can carry it: invalid characters dropped, line breaks as `\n` (what a parser reports). */
export function xmlSafe(s: string): string {
  return s.replace(XML_INVALID, '').replace(/\r\n?/g, '\n');
}

/**
 * Escapes text for an XML element's content. Every `<`, `&` and `>` becomes an entity, so no
 * content can close a CDATA section, open a comment or start an element: a feed is well-formed
 * whatever the headline says (CDATA is never used).
 */
export function xmlText(s: string): string {
  return xmlSafe(s).replace(/[&<>]/g, (c) => TEXT_SPECIAL[c]!);
}

/** Escapes text for a double-quoted attribute value, keeping line breaks and tabs (a parser would turn them into spaces). */
export function xmlAttr(s: string): string {
  return xmlSafe(s).replace(/[&<>"\n\t]/g, (c) => TEXT_SPECIAL[c]!);
}

/** One element with escaped text content: `<name attr="…">text</name>`. */
export function xmlElement(name: string, text: string, attrs: Record<string, string> = {}): string {
  return `<${name}${xmlAttrs(attrs)}>${xmlText(text)}</${name}>`;
}

/** An element's attributes, escaped, each preceded by a space. */
export function xmlAttrs(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('');
}

const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Plain text as HTML (RSS descriptions are HTML, so a plain summary is escaped before it is XML-escaped). */
export function htmlEscape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => HTML_SPECIAL[c]!);
}

import { normalizeImportedBody } from '../content/index.ts';
import type { BodyFormat } from '../domain/index.ts';
import { autop, htmlToText } from './html-text.ts';
import { attr, children, text, textOf, type XmlNode } from './xml-fields.ts';

/** An Atom text construct (RFC 4287 §3.1): its value and how to read it. */
interface AtomText {
  readonly value: string;
  readonly type: 'text' | 'html' | 'xhtml';
}

/** Children whose `type="xhtml"` value is markup: parse these raw to keep it. */
export const ATOM_TEXT_CHILDREN = ['title', 'summary', 'content'] as const;

/** Whether an entry holds xhtml text constructs, which must be re-read as raw markup. */
export function hasXhtml(entry: XmlNode): boolean {
  return ATOM_TEXT_CHILDREN.some((name) => typeOf(children(entry, name)[0]) === 'xhtml');
}

/** The entry's text construct `name`; undefined when absent or out-of-line (`src=`) or binary. */
export function atomText(entry: XmlNode, name: string): AtomText | undefined {
  const node = children(entry, name)[0];
  if (node === undefined || attr(node, 'src') !== undefined) return undefined;
  const declared = attr(node, 'type')?.trim().toLowerCase() ?? 'text';
  // Other media types (RFC 4287 §4.1.3.3): text/* is text, anything else is not a body.
  if (!['text', 'html', 'xhtml', 'text/html', 'application/xhtml+xml'].includes(declared) && !declared.startsWith('text/')) return undefined;
  const type = typeOf(node);
  const raw = textOf(node);
  // xhtml content is one <div> in the XHTML namespace, which is not part of the value.
  const value = type === 'xhtml' ? raw.replace(/^\s*<(?:[\w.-]+:)?div\b[^>]*>([\s\S]*)<\/(?:[\w.-]+:)?div>\s*$/, '$1').trim() : raw.trim();
  return value ? { value, type } : undefined;
}

function typeOf(node: unknown): AtomText['type'] {
  const declared = attr(node, 'type')?.trim().toLowerCase();
  if (declared === 'html' || declared === 'text/html') return 'html';
  if (declared === 'xhtml' || declared === 'application/xhtml+xml') return 'xhtml';
  return 'text';
}

/** A text construct on one line, without markup. */
export function plainOf(t: AtomText | undefined): string {
  if (!t) return '';
  return t.type === 'text' ? t.value.replace(/\s+/g, ' ').trim() : htmlToText(t.value);
}

/** A text construct as an article body. */
export function bodyOf(t: AtomText): { body: string; format: BodyFormat } {
  return t.type === 'text' ? normalizeImportedBody(t.value) : { body: autop(t.value), format: 'html' };
}

/** The entry's web page: the `alternate` link (the default relation), else undefined. */
export function alternateLink(node: XmlNode): string | undefined {
  const links = children(node, 'link');
  const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  return attr(alternate, 'href')?.trim() || undefined;
}

/** Authors' names of an entry or feed (`<author><name>`). */
export function authorNames(node: XmlNode): string[] {
  return children(node, 'author').flatMap((a) => (typeof a === 'object' && a !== null ? [htmlToText(text(a as XmlNode, 'name'))] : []));
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeHtmlEntities } from './html-text.ts';
import { attributesOf, localName, type XmlRoot } from './xml-items.ts';

/** A parsed element: children by name (one object, or an array when repeated), `@attr`, `#text`. */
export type XmlNode = Readonly<Record<string, unknown>>;

/**
 * The prefixes the importers' code uses, by namespace URI. A document may bind any prefix to these
 * URIs (`<c:encoded xmlns:c="http://purl.org/rss/1.0/modules/content/">`); names are rewritten to
 * these before the code reads them, and a format's own namespace (`home`) loses its prefix.
 */
const KNOWN_NAMESPACES: readonly (readonly [RegExp, string])[] = [
  [/^http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/?$/, 'content'],
  [/^http:\/\/purl\.org\/dc\/elements\/1\.1\/?$/, 'dc'],
  [/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/?$/, 'excerpt'],
  [/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/?$/, 'wp'],
  [/^http:\/\/www\.w3\.org\/2005\/Atom\/?$/, 'atom'],
  [/^http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#$/, 'rdf'],
  [/^http:\/\/purl\.org\/rss\/1\.0\/?$/, 'rss1'],
];

/** The canonical prefix of a namespace URI, if the importers know it. */
export function knownNamespace(uri: string): string | undefined {
  return KNOWN_NAMESPACES.find(([re]) => re.test(uri.trim()))?.[1];
}

/** Written prefix → canonical prefix ('' for the format's own namespace) from `xmlns:*` attributes. */
export function prefixMap(attributes: Readonly<Record<string, string>>, home?: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, uri] of Object.entries(attributes)) {
    if (!name.startsWith('xmlns:')) continue;
    const known = knownNamespace(uri);
    if (known) map.set(name.slice(6), known === home ? '' : known);
  }
  return map;
}

/** fast-xml-parser decodes text and attributes with this: one pass, numeric and HTML names. */
const ENTITY_DECODER = {
  decode: decodeHtmlEntities,
  // DOCTYPE-declared entities are not read: a record is parsed without the document's DTD.
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};

const OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Without a decoder of its own the parser leaves numeric references (&#8217;) undecoded; this
  // one also knows the HTML names (&eacute;) feeds use outside CDATA.
  entityDecoder: ENTITY_DECODER,
} as const;

/**
 * Parses records cut by `xmlItems` with fast-xml-parser, after checking they are well-formed,
 * with element and attribute names rewritten to the canonical prefixes.
 */
export class XmlItemParser {
  private readonly parser: XMLParser;
  private readonly rawParsers = new Map<string, XMLParser>();

  constructor(
    private readonly prefixes: ReadonlyMap<string, string>,
    private readonly home?: string,
  ) {
    this.parser = makeParser(prefixes);
  }

  /** For a document's root: its namespace declarations, `home` losing its prefix. */
  static forRoot(root: XmlRoot, home?: string): XmlItemParser {
    return new XmlItemParser(prefixMap(root.attributes, home), home);
  }

  /** A name as the code reads it: `c:encoded` → `content:encoded`. */
  canonical(name: string): string {
    return canonicalName(name, this.prefixes);
  }

  /**
   * The record's element, or why it is not well-formed XML (with the line in the file).
   * `raw` names children kept as unparsed markup (Atom's `type="xhtml"` content).
   */
  parse(record: { xml: string; line: number }, raw: readonly string[] = []): { node: XmlNode } | { problem: string } {
    const { xml, line } = record;
    const check = XMLValidator.validate(xml);
    if (check !== true) {
      const at = (n: number) => line + n - 1;
      const message = check.err.msg.replace(/\bline (\d+)/g, (_, n: string) => `line ${at(Number(n))}`);
      return { problem: `malformed XML at line ${at(check.err.line)}: ${message}` };
    }
    try {
      const doc = this.parserFor(xml, raw).parse(xml) as Record<string, unknown>;
      const value = Object.values(doc)[0];
      if (typeof value === 'object' && value !== null) return { node: value as XmlNode };
      return { node: { '#text': textOf(value) } };
    } catch (e) {
      return { problem: `malformed XML: ${(e as Error).message}` };
    }
  }

  private parserFor(xml: string, raw: readonly string[]): XMLParser {
    // A record may declare namespaces itself: <item xmlns:dc="…">.
    const startTag = /^<[^>]*>/.exec(xml)?.[0] ?? '';
    if (startTag.includes('xmlns:')) {
      return makeParser(new Map([...this.prefixes, ...prefixMap(attributesOf(startTag), this.home)]), raw);
    }
    if (!raw.length) return this.parser;
    const key = raw.join(' ');
    const known = this.rawParsers.get(key);
    if (known) return known;
    const parser = makeParser(this.prefixes, raw);
    this.rawParsers.set(key, parser);
    return parser;
  }
}

function makeParser(prefixes: ReadonlyMap<string, string>, raw: readonly string[] = []): XMLParser {
  const rename = (name: string) => canonicalName(name, prefixes);
  return new XMLParser({
    ...OPTIONS,
    transformTagName: rename,
    transformAttributeName: rename,
    stopNodes: raw.map((name) => `..${name}`),
  });
}

function canonicalName(name: string, prefixes: ReadonlyMap<string, string>): string {
  const colon = name.indexOf(':');
  if (colon === -1) return name;
  const canonical = prefixes.get(name.slice(0, colon));
  if (canonical === undefined) return name;
  return canonical ? `${canonical}:${localName(name)}` : localName(name);
}

/** Every child of that name (the parser gives one object, or an array when repeated). */
export function children(node: XmlNode, name: string): unknown[] {
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element value (CDATA included), as written. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object' && value !== null) return textOf((value as XmlNode)['#text'] ?? '');
  return '';
}

/** The trimmed text of the first child of that name; '' when there is none. */
export function text(node: XmlNode, name: string): string {
  return textOf(children(node, name)[0]).trim();
}

/** An attribute of an element value; undefined when absent. */
export function attr(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const found = (value as XmlNode)[`@${name}`];
  return found === undefined ? undefined : String(found);
}

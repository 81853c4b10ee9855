/**
 * Cuts an XML feed or export into its records as the text streams in, so a file of any size is
 * read in constant memory: only the record being read is held, and one larger than the limit is
 * dropped and reported instead of buffered.
 *
 * A record is a child element of the document's root, or of its `<channel>` (RSS 2.0, RSS 1.0):
 * `<item>`, `<entry>`, and the channel's own `<link>`, `<wp:author>`… The scanner knows enough
 * XML to find their ends: CDATA sections and comments (which may hold `</item>` as text),
 * processing instructions, declarations and quoted attribute values. It does not check
 * well-formedness inside a record; the XML parser does that for each record.
 */

/** Largest record read, in characters (about bytes for mostly-ASCII text): 20 MB. */
export const MAX_ITEM_SIZE = 20 * 1024 * 1024;

export interface XmlRoot {
  /** As written, with any prefix (`rss`, `feed`, `rdf:RDF`). */
  readonly name: string;
  /** Its attributes, the namespace declarations among them (`xmlns:wp`). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** One record: its XML, or why it could not be cut out. `line` is where it starts in the file (1-based). */
export type XmlRecord =
  | { readonly name: string; readonly line: number; readonly xml: string }
  | { readonly name: string; readonly line: number; readonly problem: string };

export interface XmlItemsOptions {
  /** Told the root element once (undefined: the text is not XML); throws to refuse the document. */
  readonly onRoot: (root: XmlRoot | undefined) => void;
  /** Largest record kept, in characters; default {@link MAX_ITEM_SIZE}. */
  readonly maxItemSize?: number;
}

/**
 * Yields the records of an XML text given in chunks of any size.
 * @example
 * for await (const r of xmlItems(['<rss><channel><item><title>A</title></item></channel></rss>'], { onRoot() {} })) r
 * // { name: 'item', line: 1, xml: '<item><title>A</title></item>' }
 */
export async function* xmlItems(text: AsyncIterable<string> | Iterable<string>, options: XmlItemsOptions): AsyncGenerator<XmlRecord> {
  const scanner = new XmlItemScanner(options);
  for await (const chunk of text) yield* scanner.push(chunk);
  yield* scanner.end();
}

type Mode = 'text' | 'tag' | 'cdata' | 'comment' | 'pi' | 'decl';
const TERMINATOR = { cdata: ']]>', comment: '-->', pi: '?>' } as const;
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;

interface OpenRecord {
  readonly name: string;
  readonly line: number;
  parts: string[];
  size: number;
  oversized: boolean;
}

/** The scanner behind {@link xmlItems}: push text, take the records completed so far. */
export class XmlItemScanner {
  private mode: Mode = 'text';
  /** Text held back because a construct may continue in the next chunk (a lone `<`, `]]`). */
  private carry = '';
  private tag = '';
  private quote = '';
  private tagLine = 1;
  private declDepth = 0;
  private line = 1;
  private started = false;
  private rootSeen = false;
  /** Elements open outside any record: the root, and `<channel>` inside it. */
  private readonly open: string[] = [];
  private record: OpenRecord | undefined;
  private done: XmlRecord[] = [];
  private readonly max: number;

  constructor(private readonly options: XmlItemsOptions) {
    this.max = options.maxItemSize ?? MAX_ITEM_SIZE;
  }

  push(chunk: string): XmlRecord[] {
    this.scan(chunk, false);
    return this.take();
  }

  end(): XmlRecord[] {
    this.scan('', true);
    if (this.record) this.finish('file ends inside an item');
    if (!this.rootSeen) this.root(undefined);
    return this.take();
  }

  private take(): XmlRecord[] {
    const out = this.done;
    this.done = [];
    return out;
  }

  private scan(chunk: string, final: boolean): void {
    let s = this.carry + chunk;
    this.carry = '';
    if (!this.started && s) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let i = 0;
    while (i < s.length) {
      if (this.mode === 'text') i = this.scanText(s, i, final);
      else if (this.mode === 'tag') i = this.scanTag(s, i);
      else if (this.mode === 'decl') i = this.scanDecl(s, i);
      else i = this.scanUntil(s, i, TERMINATOR[this.mode], final);
    }
  }

  private scanText(s: string, i: number, final: boolean): number {
    const lt = s.indexOf('<', i);
    if (lt === -1) {
      this.text(s, i, s.length);
      return s.length;
    }
    if (lt > i) this.text(s, i, lt);
    const rest = s.length - lt;
    // `<`, `<!` or `<![CDA` at the end of a chunk: wait to see which construct it starts.
    if (!final && (rest < 2 || (s[lt + 1] === '!' && rest < 9))) {
      this.carry = s.slice(lt);
      return s.length;
    }
    const next = s.charAt(lt + 1);
    if (s.startsWith('<![CDATA[', lt)) return this.enter('cdata', s, lt, 9);
    if (s.startsWith('<!--', lt)) return this.enter('comment', s, lt, 4);
    if (next === '?') return this.enter('pi', s, lt, 2);
    if (next === '!') {
      this.declDepth = 0;
      return this.enter('decl', s, lt, 2);
    }
    if (next === '/' || NAME_START.test(next)) {
      this.mode = 'tag';
      this.tag = '';
      this.quote = '';
      this.tagLine = this.line;
      return lt;
    }
    // `a < b` in (malformed) text: not markup; the parser will judge the record.
    this.text(s, lt, lt + 1);
    return lt + 1;
  }

  private enter(mode: Mode, s: string, at: number, length: number): number {
    this.mode = mode;
    this.consume(s, at, at + length);
    return at + length;
  }

  private scanUntil(s: string, i: number, terminator: string, final: boolean): number {
    const at = s.indexOf(terminator, i);
    if (at === -1) {
      // Keep the last characters back: the terminator may straddle two chunks.
      const keep = final ? s.length : Math.max(i, s.length - (terminator.length - 1));
      this.consume(s, i, keep);
      this.carry = s.slice(keep);
      return s.length;
    }
    this.consume(s, i, at + terminator.length);
    this.mode = 'text';
    return at + terminator.length;
  }

  private scanDecl(s: string, i: number): number {
    // <!DOCTYPE rss [ <!ENTITY …> ]>: the internal subset may hold `>`.
    for (let j = i; j < s.length; j++) {
      const c = s[j];
      if (c === '[') this.declDepth++;
      else if (c === ']') this.declDepth--;
      else if (c === '>' && this.declDepth <= 0) {
        this.consume(s, i, j + 1);
        this.mode = 'text';
        return j + 1;
      }
    }
    this.consume(s, i, s.length);
    return s.length;
  }

  private scanTag(s: string, i: number): number {
    let j = i;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (this.quote) {
        if (s[j] === this.quote) this.quote = '';
        else if (c === 60) return this.brokenTag(s, i, j);
      } else if (c === 34 || c === 39) this.quote = s[j]!;
      else if (c === 62) break;
    }
    if (j === s.length) {
      this.tag += s.slice(i);
      // A `<` whose tag never ends (an unbalanced quote): bound what is held.
      if (this.tag.length > this.max) {
        this.tag = this.tag.slice(0, 1024);
        if (this.record) this.oversize(this.record);
      }
      return s.length;
    }
    this.tag += s.slice(i, j + 1);
    this.mode = 'text';
    const tag = this.tag;
    this.tag = '';
    this.onTag(tag);
    return j + 1;
  }

  /**
   * A `<` inside a quoted attribute value, which XML forbids (`<a href="x>` with its quote never
   * closed): the tag is broken. Its text stays in the record (whose parser will refuse it) and
   * scanning goes on at the `<`, so one bad quote cannot swallow every item after it.
   */
  private brokenTag(s: string, i: number, lt: number): number {
    const text = this.tag + s.slice(i, lt);
    this.tag = '';
    this.quote = '';
    this.mode = 'text';
    this.line += countLines(text, 0, text.length);
    if (this.record) this.append(this.record, text);
    return lt;
  }

  private onTag(tag: string): void {
    const line = this.tagLine;
    this.line += countLines(tag, 0, tag.length);
    if (tag[1] === '/') {
      this.endTag(tag.slice(2, -1).trim(), tag);
      return;
    }
    const name = /^<([^\s/>]+)/.exec(tag)?.[1] ?? '';
    const selfClosing = tag.endsWith('/>');
    if (!this.rootSeen) {
      this.root({ name, attributes: attributesOf(tag) });
      if (!selfClosing) this.open.push(name);
      return;
    }
    const record = this.record;
    if (record) {
      if (name !== record.name) {
        this.append(record, tag);
        return;
      }
      // Records do not nest: a second <item> means the first was never closed.
      this.finish(`item is not closed before the next <${name}>`);
    }
    if (this.open.length === 0) return; // after the root element: ignored
    if (this.open.length === 1 && localName(name) === 'channel' && !selfClosing) {
      this.open.push(name);
      return;
    }
    const started: OpenRecord = { name, line, parts: [], size: 0, oversized: false };
    this.record = started;
    this.append(started, tag);
    if (selfClosing) this.finish();
  }

  private endTag(name: string, tag: string): void {
    const record = this.record;
    if (record) {
      if (name === record.name) {
        this.append(record, tag);
        this.finish();
        return;
      }
      if (!this.open.includes(name)) {
        this.append(record, tag);
        return;
      }
      this.finish(`item is not closed before </${name}>`);
    }
    const at = this.open.lastIndexOf(name);
    if (at !== -1) this.open.length = at;
  }

  private root(root: XmlRoot | undefined): void {
    this.rootSeen = true;
    this.options.onRoot(root);
  }

  /** Character data: part of the record being read, else ignorable whitespace. */
  private text(s: string, from: number, to: number): void {
    if (!this.rootSeen && /\S/.test(s.slice(from, to))) this.root(undefined);
    this.consume(s, from, to);
  }

  private consume(s: string, from: number, to: number): void {
    if (to <= from) return;
    this.line += countLines(s, from, to);
    if (this.record) this.append(this.record, s.slice(from, to));
  }

  private append(record: OpenRecord, text: string): void {
    if (record.oversized) return;
    record.size += text.length;
    if (record.size > this.max) this.oversize(record);
    else record.parts.push(text);
  }

  private oversize(record: OpenRecord): void {
    record.oversized = true;
    record.parts = [];
  }

  private finish(problem?: string): void {
    const record = this.record!;
    this.record = undefined;
    const { name, line } = record;
    if (record.oversized) this.done.push({ name, line, problem: `item is larger than the limit of ${describeSize(this.max)}` });
    else if (problem) this.done.push({ name, line, problem });
    else this.done.push({ name, line, xml: record.parts.join('') });
  }
}

/** The name without its namespace prefix. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let at = s.indexOf('\n', from); at !== -1 && at < to; at = s.indexOf('\n', at + 1)) n++;
  return n;
}

/** The attributes of a start tag, values as written. */
export function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/<>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[m[1]!] = m[2] ?? m[3] ?? '';
  return attributes;
}

export function describeSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round((chars / (1024 * 1024)) * 10) / 10} MB` : `${chars} characters`;
}

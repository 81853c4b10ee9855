import fs from 'node:fs';
import { ImportWrongFormat } from './errors.ts';
import type { ImportOptions } from './import-records.ts';

/** Bytes (a file stream) or text (tests, strings) holding one XML document. */
export type XmlSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** The importers' options: the shared ones, and the size limit of one item. */
export interface XmlImportOptions extends ImportOptions {
  /** Largest item read, in characters (default 20 MB); a larger one is refused, not buffered. */
  readonly maxItemSize?: number;
}

/** Bytes looked at to find the encoding: a BOM or the XML declaration. */
const SNIFF_BYTES = 1024;

/**
 * Decodes an XML byte stream in the document's own encoding (XML 1.0 §4.3.3 and appendix F): a
 * byte-order mark, else the declaration's `encoding="…"`, else UTF-8. Text chunks pass through.
 * @example decodeXml([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', 'latin1')]) // yields '<?xml …?><a>é</a>'
 */
export async function* decodeXml(source: XmlSource): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Uint8Array[] = [];
  let headLength = 0;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    if (decoder) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength < SNIFF_BYTES) continue;
    const bytes = Buffer.concat(head);
    head = [];
    decoder = decoderFor(bytes);
    yield decoder.decode(bytes, { stream: true });
  }
  if (!decoder && headLength) {
    decoder = decoderFor(Buffer.concat(head));
    yield decoder.decode(Buffer.concat(head), { stream: true });
  }
  const tail = decoder?.decode() ?? '';
  if (tail) yield tail;
}

function decoderFor(bytes: Uint8Array): TextDecoder {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be');
  const start = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1');
  const declared = /^(?:\xEF\xBB\xBF)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(start)?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8');
  } catch {
    throw ImportWrongFormat('a readable XML file', `its encoding "${declared}" is not supported`);
  }
}

/** A file opened for streaming: its text, its size, and how far it has been read (for progress). */
export function readXmlFile(file: string): { text: AsyncGenerator<string>; totalBytes: number; bytesRead: () => number } {
  const totalBytes = fs.statSync(file).size;
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  return { text: decodeXml(stream), totalBytes, bytesRead: () => stream.bytesRead };
}

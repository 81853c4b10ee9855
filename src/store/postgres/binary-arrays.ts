/**
 * One-dimensional arrays in PostgreSQL's binary form (`array_recv`: dimensions, a NULL flag, the
 * element type, then each element's length and bytes), for parameters the driver sends as they are
 * (node-postgres sends a Buffer in the binary format). A batch's texts as binary arrays reach the
 * server without the quoting that a text array literal needs on both sides: `array_in` reads a
 * literal a character at a time, `array_recv` copies each element by its length.
 */

/** Element types (pg_type.dat). */
const TEXT_OID = 25;
const INT8_OID = 20;
/** tsvector: the element type of a binary tsvector[] parameter. */
const TSVECTOR_OID = 3614;

/** Binary tsvectors as one binary `tsvector[]` parameter. */
export function tsvectorArray(vectors: readonly Buffer[]): Buffer {
  let size = HEADER;
  for (const v of vectors) size += 4 + v.length;
  const out = header(size, TSVECTOR_OID, vectors.length, false);
  let at = HEADER;
  for (const v of vectors) {
    out.writeInt32BE(v.length, at);
    v.copy(out, at + 4);
    at += 4 + v.length;
  }
  return out;
}

/**
 * Strings as one binary `text[]` parameter, UTF-8 as the driver writes a string (a lone surrogate
 * becomes U+FFFD either way); null is SQL NULL.
 * @example await sql`SELECT unnest(${textArray(['a', 'b'])}::text[])`.execute(db);
 */
export function textArray(values: readonly (string | null)[]): Buffer {
  let size = HEADER;
  let nulls = false;
  for (const v of values) {
    if (v === null) nulls = true;
    else size += Buffer.byteLength(v, 'utf8');
    size += 4;
  }
  const out = header(size, TEXT_OID, values.length, nulls);
  let at = HEADER;
  for (const v of values) {
    if (v === null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const written = out.write(v, at + 4, 'utf8');
    out.writeInt32BE(written, at);
    at += 4 + written;
  }
  return out;
}

/** Integers as one binary `bigint[]` parameter. */
export function bigintArray(values: readonly number[]): Buffer {
  const out = header(HEADER + values.length * 12, INT8_OID, values.length, false);
  let at = HEADER;
  for (const v of values) {
    out.writeInt32BE(8, at);
    out.writeBigInt64BE(BigInt(v), at + 4);
    at += 12;
  }
  return out;
}

/** Bytes before the first element: five 32-bit fields. */
const HEADER = 20;

function header(size: number, elementOid: number, length: number, nulls: boolean): Buffer {
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(nulls ? 1 : 0, 4);
  out.writeUInt32BE(elementOid, 8);
  out.writeInt32BE(length, 12);
  out.writeInt32BE(1, 16); // lower bound
  return out;
}

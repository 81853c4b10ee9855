import type pg from 'pg';

/**
 * `COPY … FROM STDIN` through Kysely. Kysely's driver sends a statement's text and parameters to
 * the pooled client and nothing else, so a COPY's data travels as the statement's one parameter,
 * a `CopyData`, which the pool's clients (`copyFromStdin`) send as the COPY's data stream instead
 * of binding it: the rows land on the connection, and in the transaction, the statement runs in.
 *
 * @example await db.executeQuery(CompiledQuery.raw('COPY "t" ("a", "b") FROM STDIN', [new CopyData(copyText(rows, ['a', 'b']))]));
 */
export class CopyData {
  constructor(readonly text: string) {}
}

/**
 * A value COPY's text format carries exactly as a bound parameter would reach its column (both go
 * through the column type's text input): null, a number, a bigint, a boolean or a string. Anything
 * else (buffers, dates, objects) is left to a bound parameter, whose driver converts it.
 */
export function copyable(v: unknown): boolean {
  const t = typeof v;
  return v === null || t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean';
}

/** Backslash, and the three characters that would end a value or a row, as COPY's text format escapes them. */
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Rows in COPY's text format: values tab-separated, one row a line, null as `\N`, each value the
 * text the driver would bind (`String(v)`, as pg's `prepareValue`). Strings go out as UTF-8 like a
 * bound parameter's, a lone surrogate as U+FFFD. Only `copyable` values.
 */
export function copyText(rows: readonly Readonly<Record<string, unknown>>[], columns: readonly string[]): string {
  const lines: string[] = new Array(rows.length);
  const fields: string[] = new Array(columns.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]!];
      fields[c] = v === null ? '\\N' : typeof v === 'string' ? v.replace(SPECIAL, (ch) => ESCAPES[ch]!) : String(v);
    }
    lines[r] = fields.join('\t');
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * pg's query object, sending `payload` when the server asks for the COPY's rows (the default
 * refuses). Made from the driver the pool came from: this module does not load `pg` itself, so an
 * SQLite process that imports the store never does (docs/benchmarks.md, "CLI commands load what they use").
 */
function copyFromQuery(Query: typeof pg.Query) {
  return class CopyFromQuery extends Query {
    constructor(
      text: string,
      private readonly payload: Buffer,
      callback: (err: Error | undefined, result: pg.ResultBuilder) => void,
    ) {
      super(text, callback);
    }

    handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
      // One CopyData message for the whole chunk (the protocol allows up to 1 GB); a rebuild's are ~1 MB.
      if (this.payload.length) connection.sendCopyFromChunk(this.payload);
      connection.endCopyFrom();
    }
  };
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes a pool's clients run a statement whose one parameter is a `CopyData` as `COPY … FROM
 * STDIN` with that data (simple protocol, no parameters). Resolves as a query result (`COPY`, the
 * rows copied); a refused row fails the statement, and its transaction, as an insert's would.
 */
export function copyFromStdin(pool: pg.Pool, driver: typeof pg): void {
  const CopyFromQuery = copyFromQuery(driver.Query);
  pool.on('connect', (client) => {
    const query = client.query as unknown as Query;
    (client as unknown as { query: Query }).query = function (this: pg.Client, text: unknown, ...rest: unknown[]) {
      const values = rest[0];
      const data = Array.isArray(values) && values.length === 1 && values[0] instanceof CopyData ? values[0] : undefined;
      if (typeof text !== 'string' || !data) return query.call(this, text, ...rest);
      return new Promise((resolve, reject) => {
        query.call(this, new CopyFromQuery(text, Buffer.from(data.text, 'utf8'), (err, result) => (err ? reject(err) : resolve(result))));
      });
    };
  });
}

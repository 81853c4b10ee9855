import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SubscriberRow } from '../store/index.ts';
import { InvalidSubscriberFile } from './errors.ts';

/** One data row of a subscriber file, or why it cannot be read; `line` is its line in the file. */
export type SubscriberRecord =
  | { readonly line: number; readonly email: string; readonly name?: string; readonly company?: string; readonly jobTitle?: string; readonly country?: string }
  | { readonly line: number; readonly error: string };

const COLUMNS: Record<string, 'email' | 'name' | 'company' | 'jobTitle' | 'country'> = { email: 'email', name: 'name', company: 'company', job_title: 'jobTitle', country: 'country' };

/**
 * Reads a subscriber CSV (RFC 4180, with a header row; `email` required, `name`, `company`,
 * `job_title`, `country` optional, other columns ignored) with csv-parse, streaming. A row with the
 * wrong number of fields is reported, not fatal; a file without an `email` column is refused whole.
 * @example for await (const r of readSubscriberCsv(fs.createReadStream('list.csv'))) …
 */
export async function* readSubscriberCsv(input: Readable): AsyncGenerator<SubscriberRecord> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
      max_record_size: 64 * 1024,
    }),
  );
  let checked = false;
  // csv-parse counts the records with the wrong number of fields so far: a rise marks this one.
  let uneven = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
    if (!checked) {
      if (!('email' in record)) throw InvalidSubscriberFile('The file has no "email" column: its first line must name the columns (email, and optionally name, company, job_title, country)');
      checked = true;
    }
    if (info.invalid_field_length > uneven) {
      uneven = info.invalid_field_length;
      yield { line: info.lines, error: 'wrong number of fields' };
      continue;
    }
    const out: Record<string, string | number> = { line: info.lines };
    for (const [column, value] of Object.entries(record)) {
      const key = COLUMNS[column];
      if (key && value !== '') out[key] = value;
    }
    yield out.email ? (out as SubscriberRecord) : { line: info.lines, error: 'no email address' };
  }
}

/** A CSV field: quoted when needed, and a leading =, +, -, @ defused so a spreadsheet shows it as text (CSV injection). */
export function csvField(value: string | null): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export const SUBSCRIBER_CSV_HEADER = 'email,name,company,job_title,country,status';

/** One export line (no line break). */
export function subscriberCsvLine(s: SubscriberRow): string {
  return [s.email, s.name, s.company, s.jobTitle, s.country, s.status].map(csvField).join(',');
}

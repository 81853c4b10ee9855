import fs from 'node:fs';
import readline from 'node:readline';
import type { PublishPipeline } from '../publish/index.ts';
import { type ArticleRecord, recordProblem, toArticleInput } from './article-record.ts';
import { type ImportOptions, type ImportReport, importRecords, type SourceRecord } from './import-records.ts';
import { jsonLines } from './json-lines.ts';

/**
 * Imports article JSONL through the publish pipeline. Streams the file (any size), validates each
 * line; a bad line is refused with its number and reason and the rest still imports.
 */
export async function importJsonl(file: string, pipeline: PublishPipeline, options: ImportOptions = {}): Promise<ImportReport> {
  const totalBytes = fs.statSync(file).size;
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  return importLines(lines, pipeline, { ...options, totalBytes, bytesRead: () => stream.bytesRead });
}

/** The same over any source of lines (tests, stdin, the demo seed). */
export function importLines(
  lines: AsyncIterable<string> | Iterable<string>,
  pipeline: PublishPipeline,
  options: ImportOptions & { totalBytes?: number; bytesRead?: () => number } = {},
): Promise<ImportReport> {
  return importRecords(jsonlRecords(lines), pipeline, options);
}

/** Parses and validates JSONL lines into records (blank lines are skipped). */
export async function* jsonlRecords(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<SourceRecord> {
  for await (const l of jsonLines<ArticleRecord>(lines, recordProblem)) {
    yield 'problem' in l ? l : { line: l.line, input: toArticleInput(l.value, l.text) };
  }
}

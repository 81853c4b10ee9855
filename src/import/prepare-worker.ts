/**
 * The worker thread of a JSONL import (`preparedJsonlRecords`): reads and validates the file's
 * lines, cleans leaked legacy ids and prepares each article (`prepareArticle`), and posts them in
 * chunks while the main thread saves the chunk before. It writes nothing: the publish pipeline,
 * on the main thread, stays the only writer. At most `ahead` chunks are posted unasked for
 * (credit given by the main thread), so memory stays bounded whatever the file's size.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compileMatcher, type DirectoryEntry, legacyIdCleaner } from '../tagging/index.ts';
import { boundedLines } from './bounded-lines.ts';
import type { SourceRecord } from './import-records.ts';
import { jsonlRecords } from './jsonl-importer.ts';
import { prepareArticle } from './prepare-article.ts';
import type { PreparedChunk, PrepareRequest } from './prepared-records.ts';

const request = workerData as PrepareRequest;
const port = parentPort!;
const { directory } = request;
const tagger = { version: directory.version, matcher: compileMatcher(directory.companies) };
const byId = new Map<string, DirectoryEntry>(directory.companies.map((c) => [c.id, c]));
// Without a directory no number can be a company's id: the clean-up would tokenize every body to find none.
const clean = byId.size ? legacyIdCleaner((id) => byId.get(id)) : (body: string) => body;

let credit = 0;
let wake: (() => void) | undefined;
port.on('message', (m: { credit: number }) => {
  credit += m.credit;
  wake?.();
});

async function post(chunk: PreparedChunk): Promise<void> {
  while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  port.postMessage(chunk);
}

function prepared(record: SourceRecord): SourceRecord {
  if ('problem' in record) return record;
  const input = { ...record.input, body: clean(record.input.body) };
  // A record this cannot prepare is saved as any other: the pipeline computes it and refuses it with its reason.
  let ready: ReturnType<typeof prepareArticle>;
  try {
    ready = prepareArticle(input, tagger);
  } catch {
    ready = undefined;
  }
  return ready ? { ...record, input, prepared: ready } : { ...record, input };
}

const stream = fs.createReadStream(request.file, { encoding: 'utf8' });
let records: SourceRecord[] = [];
for await (const record of jsonlRecords(boundedLines(stream, request.maxLineSize))) {
  records.push(prepared(record));
  if (records.length >= request.chunkSize) {
    await post({ records, bytesRead: stream.bytesRead, done: false });
    records = [];
  }
}
await post({ records, bytesRead: stream.bytesRead, done: true });
port.close();

/**
 * The worker thread of a rebuild's candidate scans (`ScanThread`): it reads the index's postings
 * and rows from SharedArrayBuffers (no copy), scans each article's own signature as its query,
 * and posts each chunk's candidates back as three transferred typed arrays, on the port the first
 * message gives. It loads the scan and
 * nothing else of the engine (no text analysis, no store), so its heap stays a few MB.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { grown } from '../lib/typed-arrays.ts';
import { gatherFrom } from './gather-candidates.ts';
import { PostingsScan } from './postings-scan.ts';
import type { ScanReply, ScanRequest, ScanWorkerData } from './scan-thread.ts';

const { index, weights } = workerData as ScanWorkerData;
// Region 1 of the index's `ScanMemory`: the rebuild's own thread scans in region 0.
const scan = new PostingsScan(1);
let replies: MessagePort | undefined;

parentPort!.on('message', (request: ScanRequest) => {
  if ('replies' in request) {
    replies = request.replies;
    return;
  }
  const { chunk, slots, reuse } = request;
  let { offsets, ids, textScores } = reuse ?? { offsets: new Int32Array(0), ids: new Float64Array(0), textScores: new Float64Array(0) };
  if (offsets.length < slots.length + 1) offsets = new Int32Array(slots.length + 1);
  offsets[0] = 0;
  let at = 0;
  for (let k = 0; k < slots.length; k++) {
    const found = gatherFrom((limit) => query(slots[k]!, limit), weights);
    if (at + found.length > ids.length) {
      const size = Math.max(at + found.length, 2 * ids.length, slots.length * weights.candidatePool * 2);
      ids = grown(ids, size);
      textScores = grown(textScores, size);
    }
    for (const c of found) {
      ids[at] = c.id;
      textScores[at++] = c.textScore;
    }
    offsets[k + 1] = at;
  }
  const reply: ScanReply = { chunk, offsets, ids, textScores };
  replies!.postMessage(reply, [offsets.buffer, ids.buffer, textScores.buffer] as ArrayBuffer[]);
});

// The candidates of the article in `slot`: its row (term ids, fixed-point weights, in its
// signature's order) is the query, as `MemoryCandidateSource.candidates` makes it of the signature.
function query(slot: number, limit: number) {
  if (slot < 0) return []; // unpublished since the load: no row, no list
  const base = slot * index.width;
  const n = index.rowLength[slot]!;
  scan.begin(n);
  for (let i = 0; i < n; i++) {
    const weight = index.rowWeights[base + i]!;
    if (weight !== 0) scan.term(index.rowTerms[base + i]!, weight);
  }
  return scan.candidates(index, limit, slot);
}

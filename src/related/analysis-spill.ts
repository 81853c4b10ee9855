import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InternedAnalysis } from './interned-analyzer.ts';

/** Bytes of a record's head (length, id, term count) and of each term in it (term, word, count). */
const HEAD = 16;
const TERM = 16;

/**
 * The first pass of a rebuild keeps each article's analysis here, in a temporary file, for the
 * second to sign from: the archive is then read, rendered and tokenized once, and memory holds
 * one chunk of analyses, not the corpus's. Analyses arrive with terms and words as ids
 * (`InternedAnalyzer`) and come back so: the analyzer signs them without naming them first
 * (`InternedAnalyzer.signature`). The file is unlinked as soon as it is open, so a killed rebuild
 * leaves nothing behind.
 * @example
 * const spill = AnalysisSpill.open();
 * spill.write(7, analyzer.analyze(doc)); const part = spill.endChunk();
 * for (const [id, analysis] of spill.readInterned(part)) sign(id, analyzer.signature(analysis, stats));
 */
export class AnalysisSpill {
  readonly #fd: number;
  #pending: Buffer[] = [];
  #end = 0;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  static open(dir = os.tmpdir()): AnalysisSpill {
    const folder = fs.mkdtempSync(path.join(dir, 'masthead-rebuild-'));
    const file = path.join(folder, 'analyses.bin');
    const fd = fs.openSync(file, 'w+');
    fs.rmSync(folder, { recursive: true, force: true });
    return new AnalysisSpill(fd);
  }

  write(id: number, analysis: InternedAnalysis): void {
    const n = analysis.terms.length;
    const buf = Buffer.allocUnsafe(HEAD + TERM * n);
    buf.writeDoubleLE(analysis.length, 0);
    buf.writeInt32LE(id, 8);
    buf.writeInt32LE(n, 12);
    for (let i = 0, at = HEAD; i < n; i++, at += TERM) {
      buf.writeInt32LE(analysis.terms[i]!, at);
      buf.writeInt32LE(analysis.words[i]!, at + 4);
      buf.writeDoubleLE(analysis.counts[i]!, at + 8);
    }
    this.#pending.push(buf);
  }

  /** Writes the records since the last call; what to pass `readInterned` to get them back. */
  endChunk(): { readonly offset: number; readonly bytes: number } {
    const data = Buffer.concat(this.#pending);
    this.#pending = [];
    const offset = this.#end;
    for (let done = 0; done < data.length; ) done += fs.writeSync(this.#fd, data, done, data.length - done, offset + done);
    this.#end += data.length;
    return { offset, bytes: data.length };
  }

  /**
   * The records of one chunk, in the order written, as they were written: each analysis in
   * scratch arrays valid until the next record.
   */
  *readInterned(chunk: { readonly offset: number; readonly bytes: number }): Generator<[number, InternedAnalysis]> {
    const buf = this.#read(chunk);
    let terms = new Int32Array(256);
    let words = new Int32Array(256);
    let counts = new Float64Array(256);
    for (let at = 0; at < buf.length; ) {
      const length = buf.readDoubleLE(at);
      const id = buf.readInt32LE(at + 8);
      const n = buf.readInt32LE(at + 12);
      at += HEAD;
      if (n > terms.length) {
        terms = new Int32Array(n);
        words = new Int32Array(n);
        counts = new Float64Array(n);
      }
      for (let i = 0; i < n; i++, at += TERM) {
        terms[i] = buf.readInt32LE(at);
        words[i] = buf.readInt32LE(at + 4);
        counts[i] = buf.readDoubleLE(at + 8);
      }
      yield [id, { length, terms: terms.subarray(0, n), words: words.subarray(0, n), counts: counts.subarray(0, n) }];
    }
  }

  // One chunk's bytes.
  #read(chunk: { readonly offset: number; readonly bytes: number }): Buffer {
    const buf = Buffer.allocUnsafe(chunk.bytes);
    for (let done = 0; done < chunk.bytes; ) {
      const n = fs.readSync(this.#fd, buf, done, chunk.bytes - done, chunk.offset + done);
      if (n === 0) throw new RangeError('rebuild spill file ended early');
      done += n;
    }
    return buf;
  }

  close(): void {
    fs.closeSync(this.#fd);
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocAnalysis } from './signature.ts';

/** Bytes of a record's head (length, id, term count) and of each term in it (term, word, count). */
const HEAD = 16;
const TERM = 16;

/**
 * The first pass of a rebuild keeps each article's analysis here, in a temporary file, for the
 * second to sign from: the archive is then read, rendered and tokenized once, and memory holds
 * one chunk of analyses, not the corpus's. Terms and their readable words are written as numbers
 * (the vocabularies stay in memory). The file is unlinked as soon as it is open, so a killed
 * rebuild leaves nothing behind.
 * @example
 * const spill = AnalysisSpill.open();
 * spill.write(7, analyzeDoc(doc)); const part = spill.endChunk();
 * for (const [id, analysis] of spill.readChunk(part)) sign(id, analysis);
 */
export class AnalysisSpill {
  readonly #fd: number;
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #wordIds = new Map<string, number>();
  readonly #words: string[] = [];
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

  write(id: number, analysis: DocAnalysis): void {
    const buf = Buffer.allocUnsafe(HEAD + TERM * analysis.tf.size);
    buf.writeDoubleLE(analysis.length, 0);
    buf.writeInt32LE(id, 8);
    buf.writeInt32LE(analysis.tf.size, 12);
    let at = HEAD;
    for (const [term, f] of analysis.tf) {
      buf.writeInt32LE(intern(this.#termIds, this.#terms, term), at);
      buf.writeInt32LE(intern(this.#wordIds, this.#words, analysis.surface.get(term) ?? term), at + 4);
      buf.writeDoubleLE(f, at + 8);
      at += TERM;
    }
    this.#pending.push(buf);
  }

  /** Writes the records since the last call; what to pass `readChunk` to get them back. */
  endChunk(): { readonly offset: number; readonly bytes: number } {
    const data = Buffer.concat(this.#pending);
    this.#pending = [];
    const offset = this.#end;
    for (let done = 0; done < data.length; ) done += fs.writeSync(this.#fd, data, done, data.length - done, offset + done);
    this.#end += data.length;
    return { offset, bytes: data.length };
  }

  /** The records of one chunk, in the order written. */
  *readChunk(chunk: { readonly offset: number; readonly bytes: number }): Generator<[number, DocAnalysis]> {
    const buf = Buffer.allocUnsafe(chunk.bytes);
    for (let done = 0; done < chunk.bytes; ) {
      const n = fs.readSync(this.#fd, buf, done, chunk.bytes - done, chunk.offset + done);
      if (n === 0) throw new RangeError('rebuild spill file ended early');
      done += n;
    }
    for (let at = 0; at < buf.length; ) {
      const length = buf.readDoubleLE(at);
      const id = buf.readInt32LE(at + 8);
      const n = buf.readInt32LE(at + 12);
      at += HEAD;
      const tf = new Map<string, number>();
      const surface = new Map<string, string>();
      for (let i = 0; i < n; i++, at += TERM) {
        const term = this.#terms[buf.readInt32LE(at)]!;
        tf.set(term, buf.readDoubleLE(at + 8));
        surface.set(term, this.#words[buf.readInt32LE(at + 4)]!);
      }
      yield [id, { tf, length, surface }];
    }
  }

  close(): void {
    fs.closeSync(this.#fd);
  }
}

function intern(ids: Map<string, number>, names: string[], name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    ids.set(name, id);
    names.push(name);
  }
  return id;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InternedAnalysis } from './interned-analyzer.ts';
import type { DocAnalysis } from './signature.ts';

/** Bytes of a record's head (length, id, term count) and of each term in it (term, word, count). */
const HEAD = 16;
const TERM = 16;

/**
 * The first pass of a rebuild keeps each article's analysis here, in a temporary file, for the
 * second to sign from: the archive is then read, rendered and tokenized once, and memory holds
 * one chunk of analyses, not the corpus's. Analyses arrive with terms and words as ids
 * (`InternedAnalyzer`); reading one back names them with the analyzer's vocabularies. The file is
 * unlinked as soon as it is open, so a killed rebuild leaves nothing behind.
 * @example
 * const spill = AnalysisSpill.open();
 * spill.write(7, analyzer.analyze(doc)); const part = spill.endChunk();
 * for (const [id, analysis] of spill.readChunk(part, analyzer)) sign(id, analysis);
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

  /** Writes the records since the last call; what to pass `readChunk` to get them back. */
  endChunk(): { readonly offset: number; readonly bytes: number } {
    const data = Buffer.concat(this.#pending);
    this.#pending = [];
    const offset = this.#end;
    for (let done = 0; done < data.length; ) done += fs.writeSync(this.#fd, data, done, data.length - done, offset + done);
    this.#end += data.length;
    return { offset, bytes: data.length };
  }

  /** The records of one chunk, in the order written, their ids named by the vocabularies they were interned in. */
  *readChunk(
    chunk: { readonly offset: number; readonly bytes: number },
    names: { readonly terms: readonly string[]; readonly words: readonly string[] },
  ): Generator<[number, DocAnalysis]> {
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
        const term = names.terms[buf.readInt32LE(at)]!;
        tf.set(term, buf.readDoubleLE(at + 8));
        surface.set(term, names.words[buf.readInt32LE(at + 4)]!);
      }
      yield [id, { tf, length, surface }];
    }
  }

  close(): void {
    fs.closeSync(this.#fd);
  }
}

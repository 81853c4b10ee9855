import type { BodyFormat } from '../domain/index.ts';
import { ChunkWorker, type RepliesPort } from './chunk-worker.ts';
import { RelatedWordThreadStopped } from './errors.ts';

/** What the word worker starts with: the field boosts (a field of boost 0 is not read, so its words are not numbered). */
export interface WordWorkerData {
  readonly titleBoost: number;
  readonly standfirstBoost: number;
}

/** An article's texts as the worker reads them: headline, standfirst, body and the body's format. */
export type WordDoc = readonly [title: string, standfirst: string, body: string, format: BodyFormat];

/** A chunk of articles to split into words; the first message instead gives the port to answer on. */
export type WordRequest = { readonly chunk: number; readonly docs: readonly WordDoc[] } | RepliesPort;

/**
 * A chunk's words: article k's headline words are `ids` from `ends[3k - 1]` (0 for the first) to
 * `ends[3k]`, its standfirst's to `ends[3k + 1]`, its body's to `ends[3k + 2]`; `fresh` are the
 * words first met in this chunk, in the order their ids were given (the ids carry on from the
 * chunk before).
 */
export interface WordReply {
  readonly chunk: number;
  readonly fresh: readonly string[];
  readonly ids: Int32Array;
  readonly ends: Int32Array;
}

/**
 * The first pass of a rebuild on a second core: a worker thread (`word-worker.ts`) renders the
 * first `share` articles of the next chunk to plain text and splits them into words, numbered in
 * order of first use there, while the caller reads the store, renders and splits the rest of the
 * chunk itself and counts (`InternedAnalyzer.learnWords`, `analyzeWords`). The caller interns the
 * worker's new words before its own articles' words, in the load's order, so the ids, and so the
 * statistics and signatures, are the same as on one thread. `share` follows whichever thread
 * waited (`ChunkWorker`).
 * @example
 * const words = WordThread.start({ titleBoost: 3, standfirstBoost: 2 }, 250);
 * words.request(0, docs.slice(0, words.share)); const reply = await words.take(0);
 */
export class WordThread {
  readonly #worker: ChunkWorker<WordRequest, WordReply>;

  private constructor(data: WordWorkerData, share: number) {
    this.#worker = new ChunkWorker(import.meta.url, 'word-worker', data, RelatedWordThreadStopped, share);
  }

  /** A word thread; it starts by taking `share` articles of each chunk. */
  static start(data: WordWorkerData, share: number): WordThread {
    return new WordThread({ titleBoost: data.titleBoost, standfirstBoost: data.standfirstBoost }, share);
  }

  /** How many of a chunk's articles to give the worker (the first ones). */
  get share(): number {
    return this.#worker.share;
  }

  /** Asks for the words of a chunk's first articles (chunks must be requested in order, each once). */
  request(chunk: number, docs: readonly WordDoc[]): void {
    this.#worker.post({ chunk, docs });
  }

  /** The words of a requested chunk. */
  async take(chunk: number): Promise<WordReply> {
    return this.#worker.take(chunk);
  }

  /** Stops the worker (after the last chunk, or on a failure); again, does nothing. */
  async close(): Promise<void> {
    await this.#worker.close();
  }
}

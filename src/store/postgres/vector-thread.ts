import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../lib/module-worker.ts';
import type { DocumentVectors, SearchVectorBuilder } from './search-vectors.ts';

/** Texts whose vectors one request asks for: headline, standfirst, plain body. */
export type VectorTexts = readonly [headline: string, standfirst: string, body: string];

/** What the vector worker is sent. */
export interface VectorRequest {
  readonly id: number;
  readonly texts: readonly VectorTexts[];
}

/**
 * The vector worker's answer: every built vector in `bytes`, back to back (head, doc, words,
 * title of each document in turn), and per document five numbers in `layout`: the four lengths
 * and `len`; a head length of -1 marks a document the builder left to the server.
 */
export interface VectorReply {
  readonly id: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly layout: Int32Array<ArrayBuffer>;
}

/** Numbers in `layout` per document. */
const LAYOUT = 5;

/**
 * A batch's vectors in one buffer of its own, to move across threads: a Buffer from Node's pool
 * (the builder's small ones) would carry the whole pool with it.
 */
export function packVectors(id: number, built: readonly (DocumentVectors | undefined)[]): VectorReply {
  let size = 0;
  for (const v of built) if (v) size += v.head.length + v.doc.length + v.words.length + v.title.length;
  const bytes = new Uint8Array(size);
  const layout = new Int32Array(built.length * LAYOUT);
  let at = 0;
  built.forEach((v, k) => {
    if (!v) {
      layout[k * LAYOUT] = -1;
      return;
    }
    for (const [i, part] of [v.head, v.doc, v.words, v.title].entries()) {
      bytes.set(part, at);
      at += part.length;
      layout[k * LAYOUT + i] = part.length;
    }
    layout[k * LAYOUT + 4] = v.len;
  });
  return { id, bytes, layout };
}

/** The vectors of a reply, as Buffers over its bytes (not copied). */
export function unpackVectors(reply: VectorReply): (DocumentVectors | undefined)[] {
  const out: (DocumentVectors | undefined)[] = [];
  const { bytes, layout } = reply;
  let at = bytes.byteOffset;
  const next = (length: number) => {
    const part = Buffer.from(bytes.buffer, at, length);
    at += length;
    return part;
  };
  for (let k = 0; k < layout.length; k += LAYOUT) {
    if (layout[k]! < 0) {
      out.push(undefined);
      continue;
    }
    out.push({ head: next(layout[k]!), doc: next(layout[k + 1]!), words: next(layout[k + 2]!), title: next(layout[k + 3]!), len: layout[k + 4]! });
  }
  return out;
}

/**
 * Builds search vectors on a worker thread (`vector-worker.ts`) for batches of at least
 * `threadMin` documents, and here for smaller ones. A bulk import's batch waited for this process
 * to build its vectors, about 40 ms a batch, a tenth of the import, while the server had nothing
 * to do; on the thread they are built while the batch's other statements run. The worker starts
 * at the first large batch and is referenced only while a batch waits for it (idle, it never keeps a
 * process alive); it ends after `IDLE_MS` without work (a serving node that saved one large batch
 * does not keep it), or at `close`.
 * Should it stop or fail, the vectors are built here from then on: slower, nothing lost.
 */
export class VectorThread {
  #running: Running | undefined;
  #failed = false;
  #next = 0;
  #idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly builder: SearchVectorBuilder,
    private readonly threadMin = THREAD_MIN_DOCUMENTS,
  ) {}

  /** The vectors of each text, in order; undefined where the builder leaves it to the server. */
  async build(texts: readonly VectorTexts[]): Promise<(DocumentVectors | undefined)[]> {
    const here = () => texts.map(([headline, standfirst, body]) => this.builder.build(headline, standfirst, body));
    if (texts.length < this.threadMin || this.#failed) return here();
    try {
      return unpackVectors(await this.ask(texts));
    } catch {
      this.#failed = true;
      return here();
    }
  }

  /** Ends the worker (a batch still waiting for it builds here). */
  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const running = this.#running;
    this.#running = undefined;
    await running?.worker.terminate();
  }

  private ask(texts: readonly VectorTexts[]): Promise<VectorReply> {
    clearTimeout(this.#idle);
    const { worker, waiting } = this.#running ?? this.start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      // Referenced while a batch waits for it, so the process cannot end under that batch.
      worker.ref();
      worker.postMessage({ id, texts } satisfies VectorRequest);
    });
  }

  private start(): Running {
    const running: Running = { worker: startModuleWorker(import.meta.url, 'vector-worker', undefined, { resourceLimits: WORKER_LIMITS }), waiting: new Map() };
    const { worker, waiting } = running;
    worker.unref();
    const stop = (err: unknown) => {
      if (this.#running === running) this.#running = undefined;
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    };
    worker.on('message', (reply: VectorReply) => {
      waiting.get(reply.id)?.resolve(reply);
      waiting.delete(reply.id);
      if (waiting.size > 0) return;
      worker.unref();
      if (this.#running === running) this.#idle = setTimeout(() => void this.close(), IDLE_MS).unref();
    });
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new TypeError(`the search vector thread exited (${code})`)));
    this.#running = running;
    return running;
  }
}

/** A started worker and the batches waiting for its answers, by request id. */
interface Running {
  readonly worker: Worker;
  readonly waiting: Map<number, { resolve: (reply: VectorReply) => void; reject: (err: unknown) => void }>;
}

/** How long the worker waits for another batch before it ends. */
const IDLE_MS = 30_000;

/** From how many documents a batch's vectors are built on the thread: a single save's few are quicker here. */
const THREAD_MIN_DOCUMENTS = 32;

/**
 * The worker's young generation: its garbage is one batch's texts and vectors at a time. With V8's
 * default (semi-spaces growing to 16 MiB) the thread added about 50 MB to an import's peak, with
 * these 8 MiB about 17 (4 MiB gave no less within the runs' spread).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

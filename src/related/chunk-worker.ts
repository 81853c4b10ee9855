import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker, type WorkerOptions } from 'node:worker_threads';
import { startModuleWorker } from '../lib/module-worker.ts';

/** How many articles of a chunk move between the threads when one waited for the other. */
const SHARE_STEP = 10;

/** The first message a chunk worker gets: the port to answer on. */
export type RepliesPort = { readonly replies: MessagePort };

/**
 * A rebuild's worker thread that answers requests chunk by chunk (`ScanThread`, `WordThread`):
 * it starts the module, keeps the answers by chunk until taken, and turns the worker's failure or
 * early exit into an error for whoever waits. The worker takes the first `share` articles of a
 * chunk, the caller the rest; `share` follows whichever thread waited: it grows while an answer is
 * ready before the caller asks, and shrinks while the caller has to wait. Answers come on a port of their own, so that
 * `take` can read one already posted without yielding to the event loop: the thread ranking a
 * chunk yields only when its writes do (on SQLite never), and an answer waiting as an event
 * looked late every time (measured: the scan worker's share fell to its minimum and it idled
 * 69 s of 79).
 * @example
 * const worker = new ChunkWorker<Request, Reply>(import.meta.url, 'scan-worker', data, stopped, 250);
 * worker.post(request); const reply = await worker.take(0);
 */
export class ChunkWorker<Request, Reply extends { readonly chunk: number }> {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #replies = new Map<number, Reply>();
  #failure: unknown;
  #closed = false;
  #wake: (() => void) | undefined;
  #share: number;

  constructor(base: string, name: string, data: unknown, stopped: (detail: string) => Error, share: number, options: Omit<WorkerOptions, 'workerData' | 'eval'> = {}) {
    this.#share = share;
    this.#worker = startModuleWorker(base, name, data, options);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#port.on('message', (reply: Reply) => this.#received(reply));
    this.#worker.postMessage({ replies: port2 } satisfies RepliesPort, [port2]);
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(stopped(`exited with code ${code}`)));
  }

  /** How many of a chunk's articles to give the worker (the first ones). */
  get share(): number {
    return this.#share;
  }

  post(request: Request, transfer: readonly ArrayBuffer[] = []): void {
    this.#worker.postMessage(request, transfer as ArrayBuffer[]);
  }

  /** Whether the answer for `chunk` has come (read without yielding). */
  ready(chunk: number): boolean {
    for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port)) this.#received(m.message as Reply);
    return this.#replies.has(chunk);
  }

  /** The answer for `chunk`, waiting for it if need be; `share` moves by whether it had to wait. */
  async take(chunk: number): Promise<Reply> {
    const ready = this.ready(chunk);
    this.#share = ready ? this.#share + SHARE_STEP : Math.max(SHARE_STEP, this.#share - SHARE_STEP);
    let reply = ready ? this.#replies.get(chunk) : undefined;
    while (!reply) {
      if (this.#failure !== undefined) throw this.#failure;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      reply = this.#replies.get(chunk);
    }
    this.#replies.delete(chunk);
    return reply;
  }

  /** Stops the worker (after the last chunk, or on a failure); again, does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.close();
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }

  #received(reply: Reply): void {
    this.#replies.set(reply.chunk, reply);
    this.#wakeUp();
  }

  #fail(err: unknown): void {
    this.#failure ??= err;
    this.#wakeUp();
  }

  #wakeUp(): void {
    this.#wake?.();
    this.#wake = undefined;
  }
}

import { randomUUID } from 'node:crypto';
import type { JobState, Repositories } from '../store/index.ts';
import type { DirectoryService } from './directory-service.ts';

/** The job's name in `background_jobs`. */
export const RETAG_JOB = 'retag';

/** How long a run may go without reporting progress before another node may take it over. */
export const RETAG_LEASE_MS = 5 * 60_000;

/** The little of a logger the runner uses (pino fits). */
export interface JobLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface RetagRunnerDeps {
  readonly store: Pick<Repositories, 'jobs'>;
  readonly directory: DirectoryService;
  readonly clock: () => number;
  readonly log: JobLog;
  /** This node's name in the job table; random by default. */
  readonly node?: string;
  /**
   * Runs after each completed re-tag, as part of the run (its progress renews the lease): the
   * publish pipeline's backfill of the stored page bodies the directory change made stale.
   */
  readonly afterRetag?: (onProgress: (done: number, total: number) => Promise<void>) => Promise<unknown>;
}

/** What callers that change the directory need: a way to ask for a re-tag. */
export interface RetagRequester {
  request(reason: string, actor: string): Promise<void>;
}

/**
 * Re-tags every article in the background after the directory changed, through the same
 * `DirectoryService.retagAll` as `masthead companies retag`. One run at a time: requests made
 * while a run is going are coalesced into one more run. Several nodes share the job through the
 * `background_jobs` row (a lease taken by a conditional update), so only one of them runs it and
 * every node can show its progress.
 * @example
 * await runner.request('company created', 'editor@example.com'); // returns at once
 * await runner.idle(); // tests: wait until the re-tag has finished
 */
export class RetagRunner implements RetagRequester {
  private readonly node: string;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly stopping = new AbortController();
  private readonly finished: (() => void)[] = [];

  constructor(private readonly deps: RetagRunnerDeps) {
    this.node = deps.node ?? `node-${randomUUID()}`;
  }

  /** Records the request (so any node may serve it) and starts working on it here. */
  async request(reason: string, actor: string): Promise<void> {
    await this.deps.store.jobs.request(RETAG_JOB);
    this.deps.log.info({ job: RETAG_JOB, reason, actor }, 're-tag requested');
    void this.kick();
  }

  /**
   * Runs pending work if this node can take it; the composition root also calls this now and then
   * so a run left by a node that died is picked up.
   */
  kick(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((err) => this.deps.log.error({ job: RETAG_JOB, err }, 're-tag runner failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * Shutting down: stops after the current batch and hands an unfinished run back (pending again,
   * for this or another node to redo), so closing the app does not wait for a long re-tag.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  /** Resolves when this node has nothing more to run (a test's way to await the re-tag). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Called after each run this node finishes (to empty the page cache). */
  onFinished(listener: () => void): void {
    this.finished.push(listener);
  }

  state(): Promise<JobState> {
    return this.deps.store.jobs.state(RETAG_JOB, this.deps.clock());
  }

  private async drain(): Promise<void> {
    const { store, clock } = this.deps;
    do {
      this.again = false;
      while (!this.stopping.signal.aborted && (await store.jobs.claim(RETAG_JOB, this.node, clock(), RETAG_LEASE_MS))) await this.runOnce();
    } while (this.again && !this.stopping.signal.aborted);
  }

  private async runOnce(): Promise<void> {
    const { store, directory, clock, log } = this.deps;
    const started = clock();
    log.info({ job: RETAG_JOB, node: this.node }, 're-tag started');
    let error: string | null = null;
    try {
      const progress = async (done: number, total: number) => {
        await store.jobs.progress(RETAG_JOB, this.node, done, total, clock(), RETAG_LEASE_MS);
      };
      const r = await directory.retagAll(progress, this.stopping.signal);
      if (!this.stopping.signal.aborted) await this.deps.afterRetag?.(progress);
      if (this.stopping.signal.aborted) {
        await store.jobs.release(RETAG_JOB, this.node);
        log.info({ job: RETAG_JOB, tagged: r.tagged }, 're-tag stopped (shutting down); left for the next run');
        return;
      }
      log.info({ job: RETAG_JOB, tagged: r.tagged, recleaned: r.recleaned, ms: clock() - started }, 're-tag finished');
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      log.error({ job: RETAG_JOB, err }, 're-tag failed');
    }
    await store.jobs.finish(RETAG_JOB, this.node, clock(), error);
    for (const listener of this.finished) listener();
  }
}

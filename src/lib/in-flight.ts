/**
 * Work a node starts and does not await: timer ticks (scheduled publishing, the content poll, ad
 * campaigns, newsletter sends) and change notifications. `drain` refuses new work and waits for
 * what is running, so a shutdown closes the database pools after the last query, not under it
 * (a tick in flight at close used to fail with Kysely's "driver has already been destroyed").
 * @example const background = new InFlight(); background.run(() => pipeline.publishDue()); … await background.drain();
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();
  private draining = false;

  /** Starts `work` unless draining. Its failure is the caller's to handle inside `work`; here it is only waited for. */
  run(work: () => Promise<unknown>): void {
    if (this.draining) return;
    const settled = () => {
      this.running.delete(done);
    };
    const done = work().then(settled, settled);
    this.running.add(done);
  }

  /** Refuses new work and resolves when everything started has settled. */
  async drain(): Promise<void> {
    this.draining = true;
    while (this.running.size > 0) await Promise.all(this.running);
  }
}

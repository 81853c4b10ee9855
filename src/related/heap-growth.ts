import v8 from 'node:v8';

/**
 * V8 lets its old generation grow to up to four times the live heap between full collections
 * when the machine has memory to spare. A rebuild holds about 60 MB live at 100,000 articles and
 * promotes each chunk's rows, lists and SQL as it writes them, so the heap swelled to 350 MB
 * before each collection: the rebuild's resident peak (docs/benchmarks.md, "eighth pass").
 * This bounds the growth to `percent` above the live heap while `work` runs, and gives V8 back its
 * own rule after (unless node's command line set the flag itself: then that is left alone).
 * V8 reads the flag at each collection; Node's documentation warns that changing V8 flags after
 * start may do nothing, which here would cost memory, never correctness.
 * @example await withBoundedHeapGrowth(50, () => rebuild());
 */
export async function withBoundedHeapGrowth<T>(percent: number, work: () => Promise<T>): Promise<T> {
  // Node's own command line only: NODE_OPTIONS does not take this V8 flag.
  const ownFlag = process.execArgv.some((a) => a.replace(/_/g, '-').startsWith('--heap-growing-percent'));
  if (ownFlag) return work();
  if (active++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  try {
    return await work();
  } finally {
    if (--active === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  }
}

/** Bounded works running now (rebuilds may overlap): the flag is reset when the last ends. */
let active = 0;

/**
 * Run counts for property tests: short enough for `npm test` (each file a few seconds), longer
 * on demand with `FUZZ_RUNS=N` (every property then runs N times, with no time limit), e.g.
 * `FUZZ_RUNS=20000 npx vitest run src/import/xml-importers.property.test.ts`.
 */
const requested = Number(process.env.FUZZ_RUNS ?? '');
const long = Number.isInteger(requested) && requested > 0;

/** fast-check parameters: `numRuns` runs in `npm test` (stopping after `seconds`), or FUZZ_RUNS. */
export function fuzz(numRuns: number, seconds = 5): { numRuns: number; interruptAfterTimeLimit?: number } {
  return long ? { numRuns: requested } : { numRuns, interruptAfterTimeLimit: seconds * 1000 };
}

/** How long a test may take: the property's own budget and room for a slow machine, or unlimited-ish with FUZZ_RUNS. */
export function fuzzTimeout(seconds = 5): number {
  return long ? 24 * 3600_000 : (seconds + 25) * 1000;
}

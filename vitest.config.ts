import pg from 'pg';
import { defineConfig } from 'vitest/config';

const PG_URL = process.env.MASTHEAD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL half of the contract suite runs when a server answers; in CI it must. */
async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI and did not answer at ${PG_URL}: ${(err as Error).message}`);
    console.warn(`Skipping the PostgreSQL half of the contract suite: no server at ${PG_URL} (${(err as Error).message})`);
    return false;
  }
}

// Tests that touch the database run on both engines; pure unit tests run once.
const CONTRACT = ['src/publish/**/*.test.ts', 'src/migrate/**/*.test.ts', 'src/directory/**/*.test.ts', 'src/related/related-service.test.ts', 'src/import/**/*.test.ts', 'src/web/**/*.test.ts', 'src/store/**/*.test.ts', 'src/search/**/*.conformance.test.ts', 'src/readers/**/*.test.ts', 'src/newsletters/**/*.test.ts', 'src/ads/**/*.test.ts', 'src/leads/**/*.test.ts', 'src/sites/**/*.test.ts', 'src/admin/media-sweep.test.ts', 'src/lib/in-flight.test.ts'];

export default defineConfig(async () => {
  const withPostgres = await postgresReachable();
  // isolate: false: a worker runs its files one after another on one module graph instead of
  // importing the app again for each file (seconds per file on a busy 2-core machine). No test
  // mocks modules or changes process.env, the modules' own state is caches, and test helpers'
  // numbering starts again before each file (test/each-file.ts).
  const shared = { pool: 'forks' as const, isolate: false, setupFiles: ['test/each-file.ts'], testTimeout: 30_000, hookTimeout: 60_000 };
  return {
    oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
    test: {
      // maxWorkers: 2. Vitest's default on two cores is one worker (cores − 1), so the suite ran one file
      // at a time while most files wait on PostgreSQL, Chromium, a child process or a socket; two
      // workers overlap those waits. Every test already owns what it touches (databases and temporary
      // folders named by process id, ports from the kernel), and the suite must pass on a busy machine.
      maxWorkers: 2,
      globalSetup: ['test/postgres-template.ts'],
      projects: [
        {
          extends: true,
          test: {
            name: 'sqlite',
            include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
            env: { MASTHEAD_TEST_DB: 'sqlite' },
            ...shared,
          },
        },
        ...(withPostgres
          ? [{ extends: true, test: { name: 'postgres', include: [...CONTRACT, 'test/multi-node.test.ts', 'test/engine-parity.test.ts', 'test/crash-consistency.test.ts', 'test/crash-retag.test.ts', 'test/crash-media.test.ts'], env: { MASTHEAD_TEST_DB: 'postgres' }, ...shared } }]
          : []),
      ],
    },
  };
});

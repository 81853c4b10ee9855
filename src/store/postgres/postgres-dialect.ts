import { createRequire } from 'node:module';
import { PostgresDialect } from 'kysely';
import type pg from 'pg';
import { copyFromStdin } from './copy-from-stdin.ts';
import { namedStatements } from './named-statements.ts';

let driver: typeof pg | undefined;

/**
 * The `pg` driver, loaded when the first connection is made: a process on SQLite (a rebuild, an
 * import) never loads it, about 10 MB resident (docs/benchmarks.md, "CLI commands load what they
 * use"). `require`, a CommonJS package's synchronous load, keeps the callers as they were.
 * Exported for the tests' own raw clients, which must read values as the store does.
 */
export function postgresDriver(): typeof pg {
  if (!driver) {
    driver = createRequire(import.meta.url)('pg') as typeof pg;
    // BIGINT (ids, epoch-ms timestamps, COUNT) as JS numbers: every value Masthead stores is far
    // below 2^53, and one numeric type keeps the repositories dialect-neutral.
    driver.types.setTypeParser(driver.types.builtins.INT8, (v) => Number(v));
    driver.types.setTypeParser(driver.types.builtins.NUMERIC, (v) => Number(v));
  }
  return driver;
}

export function createPostgresPool(url: string, max = 10): pg.Pool {
  const { Pool } = postgresDriver();
  // JIT compilation is for long analytic queries: on search's (costed high for the GIN scan and
  // the aggregate over every match) it added tens of milliseconds to queries that take a few.
  const pool = new Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, options: '-c jit=off' });
  // An idle connection the server closed (restart, failover, admin) would otherwise crash the
  // process; the pool has already dropped it, and the next query opens a new one.
  pool.on('error', () => {});
  namedStatements(pool);
  copyFromStdin(pool, postgresDriver());
  return pool;
}

export function createPostgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool });
}

/**
 * LISTEN on a channel over a dedicated connection; reconnects a second after any error, so a
 * restarted database or a dropped connection only delays notifications (the poll covers the gap).
 */
export function listenPostgres(url: string, channel: string, onNotify: () => void): { stop(): Promise<void> } {
  const { Client } = postgresDriver();
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = () => {
    if (stopped) return;
    const c = new Client({ connectionString: url });
    client = c;
    const again = () => {
      c.removeAllListeners();
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(connect, 1000);
    };
    c.on('notification', () => onNotify());
    c.on('error', again);
    c.connect()
      .then(() => c.query(`LISTEN ${channel}`))
      .catch(again);
  };
  connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

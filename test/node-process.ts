/**
 * Real `masthead` processes for tests: `serve` nodes started on a free port (read back from the
 * log line that names the address), stopped with SIGTERM, and killed if a test leaves them behind.
 */
import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';

/** The CLI as users run it (the compiled build when it is current; see bin/masthead.js). */
export const BIN = path.resolve(import.meta.dirname, '../bin/masthead.js');

/** The parent's environment without the settings a test must choose itself. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, MASTHEAD_DB: _db, DATABASE_READ_URL: _read, ...rest } = process.env;
  return { ...rest, ...env };
}

/** What a test may set on one CLI run: where it runs, what it reads on stdin, extra environment. */
export interface CliRun {
  readonly cwd?: string;
  readonly input?: string;
  readonly env?: Record<string, string>;
}

/**
 * Runs `masthead ARGS` and waits for it: the one way tests run the CLI in the foreground. Logs are
 * silenced and no database comes from the parent's environment: each test names its own (`--db`).
 */
export function runCliSync(args: readonly string[], run: CliRun = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: run.cwd, input: run.input, encoding: 'utf8', env: cleanEnv({ LOG_LEVEL: 'silent', ...run.env }) });
}

/** What one CLI run printed and its exit status, as `spawnSync` reports them. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `masthead ARGS` inside the test process, through the same `runCli` as the process's main,
 * with the same stdin, working directory and environment as `runCliSync` gives a process: no
 * process start (seconds each on a busy machine: the app's modules load once per test file).
 * stdout and stderr are captured while it runs; for a real process's behaviour (exit on a closed
 * pipe, signals, `serve`) use `runCliSync`.
 */
export async function runCliInProcess(args: readonly string[], run: CliRun = {}): Promise<CliResult> {
  const { runCli: runCommandLine } = await import('../src/cli/run-cli.ts');
  const env = cleanEnv({ LOG_LEVEL: 'silent', ...run.env });
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const savedStdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const { stdout, stderr } = process;
  const savedWrites = { out: stdout.write, err: stderr.write };
  const captured = { out: '', err: '' };
  const capture = (into: 'out' | 'err') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[into] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (done) queueMicrotask(done);
      return true;
    }) as typeof stdout.write;
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  if (run.cwd) process.chdir(run.cwd);
  // A process given no input reads an empty, closed stdin (spawnSync's pipe), never the terminal.
  Object.defineProperty(process, 'stdin', { value: Readable.from(run.input === undefined ? [] : [Buffer.from(run.input)]), configurable: true, enumerable: savedStdin.enumerable });
  stdout.write = capture('out');
  stderr.write = capture('err');
  try {
    const status = await runCommandLine(args);
    return { status: status || (Number(process.exitCode) || 0), stdout: captured.out, stderr: captured.err };
  } finally {
    stdout.write = savedWrites.out;
    stderr.write = savedWrites.err;
    Object.defineProperty(process, 'stdin', savedStdin);
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    process.exitCode = undefined;
  }
}

/** `runCliInProcess` for a command that must succeed: its stdout, or an error with its stderr. */
export async function cliOutput(args: readonly string[], run: CliRun = {}): Promise<string> {
  const r = await runCliInProcess(args, run);
  if (r.status !== 0) throw new Error(`masthead ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs a CLI command to the end (without blocking the test's event loop); rejects with its stderr when it fails. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv({ LOG_LEVEL: 'warn', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`masthead ${args.join(' ')} failed (${code}): ${err}`))));
  });
}

/**
 * Environment for a `masthead serve` that is one process: a heap bound of its own makes
 * bin/masthead.js run the server in place instead of launching it as a child (docs/operations.md,
 * "Memory of a node"). Crash tests need this: their kill -9 must hit the server mid-write, not the
 * launcher, whose death the server notices only between two pieces of synchronous work.
 */
export const SERVER_IN_ONE_PROCESS: Readonly<Record<string, string>> = { NODE_OPTIONS: '--max-old-space-size=256' };

export interface ServeNode {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the node logged, for a failing test's message. */
  readonly log: () => string;
}

const started = new Set<ChildProcess>();
// Last resort when a test run dies before its afterAll: no node outlives the test process.
process.once('exit', () => {
  for (const c of started) c.kill('SIGKILL');
});

/** Starts `masthead [globalOptions] serve` on a free port and resolves with its address once it listens. */
export function startServe(env: Record<string, string>, timeoutMs = 90_000, globalOptions: readonly string[] = []): Promise<ServeNode> {
  const child = spawn(process.execPath, [BIN, ...globalOptions, 'serve', '--port', '0'], { env: cleanEnv({ LOG_LEVEL: 'info', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`masthead serve did not listen within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = /Masthead is serving .* on (http:\/\/[^"\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, log: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`masthead serve exited with ${code} before listening:\n${output}`));
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
export async function stopServe(child: ChildProcess, graceMs = 5000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const OUT = path.join(ROOT, 'bench', '.out');
export const SHARED = path.resolve(ROOT, '..', 'shared');

export function ensureCorpus(n: number): string {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `corpus-${n}.jsonl`);
  if (!fs.existsSync(file)) {
    const gen = path.join(SHARED, 'tools', 'gen-corpus.mjs');
    if (!fs.existsSync(gen)) throw new Error(`missing ${gen}: the benchmarks need ../shared`);
    const r = spawnSyncOk(process.execPath, [gen, String(n), file]);
    process.stderr.write(r);
  }
  return file;
}

function spawnSyncOk(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Starts a child process and resolves once it prints `ready` text (or listens on the port). */
export async function startProcess(args: string[], env: Record<string, string>, port: number, waitMs = 20_000): Promise<ChildProcess> {
  // Another server on the port would answer the health check below and be measured instead.
  const before = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
  if (before) throw new Error(`port ${port} is already in use: stop what serves it, or choose another port`);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', API_RATE_LIMIT: '0', PAGE_RATE_LIMIT: '0', ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  // A bench that throws must not leave its server running (it holds the port, and the terminal's
  // pipe open, for the next run): the launcher takes the server down with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  for (let i = 0; i < waitMs / 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok || res.status === 404) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`process ${args.join(' ')} did not start on ${port}`);
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** Runs autocannon against one URL: `connections` at once for `seconds`. */
export async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * Whether `bin/masthead.js` of a checkout will run its compiled dist/ (a build newer than every
 * source file) or the sources through tsx, which costs about 50 MB more: the two must match.
 */
export function runsCompiled(checkout: string): boolean {
  const newest = (dir: string): number =>
    Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
  const stamp = path.join(checkout, 'dist', '.build-stamp');
  return fs.existsSync(stamp) && newest(path.join(checkout, 'src')) <= fs.statSync(stamp).mtimeMs;
}

#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install`'s prepare step, or `npm run build`):
// it starts in about half the time and memory of compiling TypeScript on the fly. When the sources
// are newer than the last complete build (a developer's edit), it runs them through tsx's loader
// instead, so an edit never meets a stale build; MASTHEAD_FROM_SOURCE=1 forces that.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

/** Newest modification time under a folder: about 400 stat calls, a few milliseconds. */
function newestChange(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  if (process.env.MASTHEAD_FROM_SOURCE === '1') return false;
  let built;
  try {
    built = fs.statSync(new URL('dist/.build-stamp', root)).mtimeMs;
  } catch {
    return false;
  }
  const sources = fileURLToPath(new URL('src', root));
  return !fs.existsSync(sources) || newestChange(sources) <= built;
}

/** The global options that take a value (src/cli/commands.ts), so the command after them can be found. */
const VALUE_OPTIONS = new Set(['--db', '--database-url']);

/** The command named on the command line: the first argument that is not a global option or its value. */
function commandName() {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (VALUE_OPTIONS.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/** V8's old generation in `serve`, MiB: half the node's memory budget (`MEMORY_MB`, 512 by default). */
function serveHeapLimit() {
  // `masthead serve` and `masthead --db site.db serve` alike.
  if (commandName() !== 'serve') return undefined;
  // An operator's own limit (on node's command line or in NODE_OPTIONS) wins, and so does the
  // launched server's, which carries the limit this launcher gave it. Under a debugger the server
  // runs in this process: two processes cannot hold one inspector port.
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (flags.some((a) => a.startsWith('--max-old-space-size') || a.startsWith('--inspect'))) return undefined;
  const budget = process.env.MEMORY_MB ?? '512';
  if (!/^\d+$/.test(budget) || Number(budget) < 256) {
    console.error(`MEMORY_MB must be a whole number of MiB, 256 or more: the live heap alone is 60–80 MB (got ${budget})`);
    process.exit(2);
  }
  return Math.floor(Number(budget) / 2);
}

/**
 * V8's young generation in `serve`: semi-spaces of at most 8 MiB instead of 16. Under load V8 grows
 * them to their bound and keeps both committed, 32 MiB resident for objects that live one request;
 * at 8 a 100,000-article node's peak under mixed reads was 14 MB lower, at CPU per request within
 * the noise of the same runs (docs/benchmarks.md, "Memory of a node on SQLite"). An operator's own
 * size (on node's command line or in NODE_OPTIONS) wins: the command line would override NODE_OPTIONS.
 */
function youngGeneration() {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((a) => a.startsWith('--max-semi-space-size')) ? [] : ['--max-semi-space-size=8'];
}

/**
 * V8's allocation-site pretenuring off in `serve`. V8 allocates straight into the old generation
 * the objects of a site whose objects mostly survived a scavenge; under concurrent requests the
 * sites of a page's short-lived objects (its database row, the view's element tree) qualify, so
 * every page's garbage went to the old generation: a mark-compact every 500 pages or so, and
 * scavenges that walk those old objects' pointers into the young generation. Without it an
 * uncached article page took 10–20 % less CPU on both engines, with 2–3× fewer mark-compacts
 * (docs/benchmarks.md, "Cache-off article page on PostgreSQL, ninth pass"). V8 reads the flag at
 * start and refuses it in NODE_OPTIONS; an operator's own flag on node's command line comes later
 * on the server's and wins.
 */
const PRETENURING = ['--no-allocation-site-pretenuring'];

/**
 * Runs this command in a child process with V8 flags Node reads only at start (`serve`: the ones
 * below; `related`: its young generation). The server's old generation is bounded: without a bound V8 sizes the
 * heap from the machine's memory (4 GB on 16 GB and more) and lets a 60 MB live heap grow to four
 * times that between collections, so resident memory swings by 150 MB and drifts with the site
 * (docs/operations.md, "Memory of a node"). Node reads the bound only at start. SIGINT and SIGTERM
 * are passed on (the server ignores a repeat, as when a terminal's Ctrl+C reaches both processes);
 * when this process is killed outright (kill -9), the IPC channel closes and the server dies the
 * same way.
 */
function launchBounded(v8Flags) {
  const child = spawn(process.execPath, [...v8Flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // glibc's malloc reads MALLOC_ARENA_MAX only at start, hence here. By default each thread that
    // allocates (V8's compiler and collector threads, libuv's pool) gets an arena of its own, several
    // MB resident however little it holds; two kept a 100,000-article node's peak under mixed reads
    // about 10 MB lower at the same CPU per request (docs/benchmarks.md, "Memory of a node on
    // SQLite"). An operator's own setting wins.
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.once('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
}

/**
 * `related` (a rebuild above all) runs in a child process with semi-spaces of at most 4 MiB. Its
 * garbage is almost all young (each list's candidates and scores), so V8 grew them to their 16 MiB
 * bound during startup and kept both committed: at 100,000 articles on a loaded machine the rebuild
 * peaked at 344–379 MB resident, at 4 MiB 294–302 MB, for 1–11 % more CPU in scavenges
 * (docs/benchmarks.md, "Related rebuild, tenth pass"); on the quiet machine both peaked at 348 MB
 * ("Issue 16's bars after the tenth passes"): the peak there is not the young generation's.
 * The command also builds only the core services (src/app.ts, `createCore`): 266–267 MB against
 * 295–300 MB with every service's modules loaded ("CLI commands load what they use").
 * V8 fixes the bound at start: flags set later (even the growth factor) left it at 16.
 * An operator's own size (on node's command line or in NODE_OPTIONS) wins, and so does a debugger.
 */
function relatedYoungGeneration() {
  if (commandName() !== 'related') return undefined;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (flags.some((a) => a.startsWith('--max-semi-space-size') || a.startsWith('--inspect'))) return undefined;
  return ['--max-semi-space-size=4'];
}

const heapMb = serveHeapLimit();
const relatedFlags = relatedYoungGeneration();
if (heapMb !== undefined) {
  launchBounded([`--max-old-space-size=${heapMb}`, ...youngGeneration(), ...PRETENURING]);
} else if (relatedFlags !== undefined) {
  launchBounded(relatedFlags);
} else if (buildIsCurrent()) {
  await import(new URL('dist/cli/main.js', root).href);
} else {
  const { register } = await import('tsx/esm/api');
  // The project's tsconfig is named explicitly so JSX compiles for Preact whatever the working directory.
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  await import(new URL('src/cli/main.ts', root).href);
}

#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install`'s prepare step, or `npm run build`):
// it starts in about half the time and memory of compiling TypeScript on the fly. When the sources
// are newer than the last complete build (a developer's edit), it runs them through tsx's loader
// instead, so an edit never meets a stale build; MASTHEAD_FROM_SOURCE=1 forces that.
import fs from 'node:fs';
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

if (buildIsCurrent()) {
  await import(new URL('dist/cli/main.js', root).href);
} else {
  const { register } = await import('tsx/esm/api');
  // The project's tsconfig is named explicitly so JSX compiles for Preact whatever the working directory.
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  await import(new URL('src/cli/main.ts', root).href);
}

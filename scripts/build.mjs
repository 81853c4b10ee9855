#!/usr/bin/env node
// Builds dist/ for production: tsc compiles src/ (incrementally), then every file tsc does not emit
// (demo JSONL, CSS, the admin's browser script, images, fonts) is copied beside its compiled module,
// because modules find those files relative to their own URL. A stamp written last marks a complete
// build: bin/masthead.js runs dist/ only when the stamp is newer than every source file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');

const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
if (!fs.existsSync(tsc)) {
  // A production install without dev dependencies: bin/masthead.js runs the sources through tsx.
  process.stderr.write('masthead: TypeScript is not installed; running from the sources (npm install without --omit=dev builds dist/)\n');
  process.exit(0);
}
fs.rmSync(stamp, { force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// Sources compiled into dist/ (TypeScript by tsc; WebAssembly text by `npm run build:kernel`, into a .ts).
const compiled = /\.(ts|tsx|wat)$/;
let copied = 0;
function copyAssets(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      copyAssets(from);
    } else if (!compiled.test(entry.name) && entry.name !== 'README.md') {
      const to = path.join(dist, path.relative(src, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      copied++;
    }
  }
}
copyAssets(src);
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stderr.write(`masthead: built dist/ (${copied} asset files copied)\n`);

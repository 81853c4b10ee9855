import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const STAMP = path.join(ROOT, 'dist/.build-stamp');

function newestSource(dir: string): number {
  return Math.max(...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
}

// `npm ci` builds dist/ (the prepare script); in CI the CLI tests must exercise that build, not tsx.
const built = fs.existsSync(STAMP);
if (!built && process.env.CI === 'true') throw new Error('dist/ was not built by npm ci (the prepare script)');

describe.skipIf(!built)('the production build', () => {
  it('is complete and newer than every source file, so bin/masthead.js runs it', () => {
    if (process.env.CI !== 'true' && fs.statSync(STAMP).mtimeMs < newestSource(path.join(ROOT, 'src'))) return; // a developer's edit since the last build
    expect(fs.statSync(STAMP).mtimeMs).toBeGreaterThanOrEqual(newestSource(path.join(ROOT, 'src')));
    for (const asset of ['demo/articles.jsonl', 'web/site/assets/site.css', 'cli/main.js']) expect(fs.existsSync(path.join(ROOT, 'dist', asset))).toBe(true);
  });

  it('runs compiled JavaScript without tsx', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: masthead');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

/** Packages used without an import in our code: command-line tools, type packages, loaders. */
const USED_WITHOUT_IMPORT: Record<string, string> = {
  '@biomejs/biome': 'the lint script runs it',
  typescript: 'the typecheck script runs tsc',
  '@types/node': 'types of the node: built-ins',
  // Wired through the TypeBox type provider in the typed-routes work (issue 11); kept until then.
  '@fastify/type-provider-typebox': 'to be wired into every route',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === '.out' ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

const code = ['src', 'bin', 'bench', 'scripts', 'test']
  .flatMap((d) => sourceFiles(path.join(ROOT, d)))
  .concat(path.join(ROOT, 'vitest.config.ts'))
  .map((f) => fs.readFileSync(f, 'utf8'))
  .join('\n');

function imported(name: string): boolean {
  const quoted = name.replace(/[/.@-]/g, (c) => `\\${c}`);
  return new RegExp(`(from |import\\(|require\\(|require\\.resolve\\()'${quoted}(/[^']*)?'`).test(code);
}

const advisories = JSON.parse(fs.readFileSync(path.join(ROOT, 'security/known-vulnerable.json'), 'utf8')) as {
  advisories: { package: string; range: string; id: string; what: string }[];
};

/** Every locked copy of a package (a package can be installed at several places in the tree). */
function lockedVersions(name: string): { where: string; version: string }[] {
  return Object.entries(lock.packages)
    .filter(([where]) => where === `node_modules/${name}` || where.endsWith(`/node_modules/${name}`))
    .map(([where, p]) => ({ where, version: p.version ?? '' }));
}

describe('dependencies', () => {
  it('locks no version that a known advisory names (security/known-vulnerable.json)', () => {
    // npm audit cannot reach its endpoint from these machines: the project keeps its own list.
    expect(advisories.advisories.length).toBeGreaterThan(0);
    const vulnerable = advisories.advisories.flatMap((a) =>
      lockedVersions(a.package)
        .filter((l) => semver.satisfies(l.version, a.range))
        .map((l) => `${l.where}@${l.version}: ${a.id} (${a.what})`),
    );
    expect(vulnerable).toEqual([]);
  });

  it('checks advisories only against packages the lock holds, so a misspelt entry is noticed', () => {
    expect(advisories.advisories.filter((a) => lockedVersions(a.package).length === 0).map((a) => a.package)).toEqual([]);
  });

  it('lists no package that nothing imports or runs', () => {
    const unused = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => {
      if (USED_WITHOUT_IMPORT[name]) return false;
      if (name.startsWith('@types/')) return !imported(name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2'));
      return !imported(name);
    });
    expect(unused).toEqual([]);
  });

  it('installs nothing that needs a newer Node.js than `engines` promises', () => {
    // `engines` is the oldest Node.js we promise; every locked package must run on it (npm only warns).
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    const tooNew = Object.entries(lock.packages)
      .filter(([where, p]) => where !== '' && !Array.isArray(p.engines) && p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([where, p]) => `${where}@${p.version} needs node ${(p.engines as { node: string }).node}`);
    expect(tooNew).toEqual([]);
  });

  it('keeps the oldest promised Node.js within what the lock can run', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});

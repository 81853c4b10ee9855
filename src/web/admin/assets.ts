import fs from 'node:fs';
import { contentHash } from '../content-hash.ts';

/** An admin asset under a content-hashed URL: cacheable for a year, and the only script the CSP allows. */
export interface AdminAsset {
  readonly path: string;
  readonly body: string;
  readonly type: string;
}

const JS = 'text/javascript; charset=utf-8';

function hashed(file: string, body: string, type: string): AdminAsset {
  const hash = contentHash(body);
  const [name, ext] = file.split('.');
  return { path: `/admin/assets/${name}.${hash}.${ext}`, body, type };
}

function read(file: string): string {
  return fs.readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8');
}

/** A sibling module's static import (`from './toolbar.js'`): the only import form the admin modules use. */
const SIBLING_IMPORT = /(\bfrom\s+')\.\/([a-z-]+\.js)(')/g;

/**
 * The browser modules, each under a hashed URL, its imports rewritten to its siblings' hashed URLs,
 * so that a change to any module changes the URL of every module that imports it (and of the entry)
 * and a year's immutable caching never serves a stale mix. (Hashing this way needs an import graph
 * without cycles: a cycle would fail at start-up with a stack overflow, never at a reader's request.)
 */
function modules(entry: string): Map<string, AdminAsset> {
  const done = new Map<string, AdminAsset>();
  const visit = (file: string): AdminAsset => {
    const known = done.get(file);
    if (known) return known;
    const body = read(file).replace(SIBLING_IMPORT, (_all, before: string, sibling: string, after: string) => {
      const path = visit(sibling).path;
      return `${before}./${path.slice(path.lastIndexOf('/') + 1)}${after}`;
    });
    const asset = hashed(file, body, JS);
    done.set(file, asset);
    return asset;
  };
  visit(entry);
  return done;
}

export const ADMIN_CSS = hashed('admin.css', read('admin.css'), 'text/css; charset=utf-8');
const ADMIN_MODULE_MAP = modules('admin.js');
/** The entry module the layout loads (`<script type="module">`). */
export const ADMIN_JS = ADMIN_MODULE_MAP.get('admin.js')!;
/** Every module the entry imports, directly or not: the layout preloads them to save a round trip per level. */
export const ADMIN_MODULES: readonly AdminAsset[] = [...ADMIN_MODULE_MAP.values()].filter((m) => m !== ADMIN_JS);

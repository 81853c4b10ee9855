import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** An admin asset under a content-hashed URL: cacheable for a year, and the only script the CSP allows. */
export interface AdminAsset {
  readonly path: string;
  readonly body: string;
  readonly type: string;
}

function asset(file: string, type: string): AdminAsset {
  const body = fs.readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [name, ext] = file.split('.');
  return { path: `/admin/assets/${name}.${hash}.${ext}`, body, type };
}

export const ADMIN_CSS = asset('admin.css', 'text/css; charset=utf-8');
export const ADMIN_JS = asset('admin.js', 'text/javascript; charset=utf-8');

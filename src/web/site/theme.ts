import { createHash } from 'node:crypto';
import { darker } from '../../admin/index.ts';

/**
 * The admin's accent colour as a stylesheet of its own, under a hashed URL: the CSP allows
 * style only from 'self' (no inline style), and a changed colour gets a new URL, so the file
 * may be cached for a year. Undefined when the site keeps the design's own colour.
 */
export function accentTheme(accent: string): { path: string; css: string } | undefined {
  if (!accent) return undefined;
  const css = `:root{--accent:${accent};--accent-dark:${darker(accent)}}\n`;
  return { path: `/assets/theme/${createHash('sha256').update(css).digest('hex').slice(0, 12)}.css`, css };
}

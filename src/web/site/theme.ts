import { darker } from '../../admin/index.ts';
import { contentHash } from '../content-hash.ts';
import { fontTheme } from './fonts.ts';

/** A site's theme stylesheet: its URL (named by its content's hash) and its text. */
export interface SiteTheme {
  readonly path: string;
  readonly css: string;
  /** The heading font's file, for a `<link rel=preload>`; undefined with system fonts. */
  readonly headingFont: string | undefined;
}

const themes = new Map<string, SiteTheme | undefined>();

/**
 * The admin's accent colour and fonts as a stylesheet of its own, under a hashed URL: the CSP
 * allows style only from 'self' (no inline style), and a change gets a new URL, so the file may
 * be cached for a year. Undefined when the site keeps the design's own colour and system fonts.
 * Kept per choice: the theme route asks on every request.
 */
export function siteTheme(s: { readonly accentColour: string; readonly headingFont: string; readonly bodyFont: string }): SiteTheme | undefined {
  const key = `${s.accentColour}|${s.headingFont}|${s.bodyFont}`;
  if (themes.has(key)) return themes.get(key);
  const fonts = fontTheme(s.headingFont, s.bodyFont);
  const css = (s.accentColour ? `:root{--accent:${s.accentColour};--accent-dark:${darker(s.accentColour)}}\n` : '') + fonts.css;
  const theme = css ? { path: `/assets/theme/${contentHash(css)}.css`, css, headingFont: fonts.headingFile } : undefined;
  if (themes.size > 50) themes.clear();
  themes.set(key, theme);
  return theme;
}

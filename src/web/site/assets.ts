import fs from 'node:fs';
import { contentHash } from '../content-hash.ts';

/** The site stylesheet, served under a content-hashed URL so browsers may cache it for a year. */
const css = fs.readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
const hash = contentHash(css);

export const SITE_CSS = css;
export const SITE_CSS_PATH = `/assets/site.${hash}.css`;

/** The ad rotation script (the only script public pages run, and only pages with ads). */
const adsJs = fs.readFileSync(new URL('./assets/ads.js', import.meta.url), 'utf8');
export const ADS_JS = adsJs;
export const ADS_JS_PATH = `/assets/ads.${contentHash(adsJs)}.js`;

/** The registration wall's script, served under a content hash (immutable, cached for a year). */
import fs from 'node:fs';
import { contentHash } from '../content-hash.ts';

export const WALL_JS = fs.readFileSync(new URL('./assets/wall.js', import.meta.url), 'utf8');
export const WALL_JS_PATH = `/assets/wall.${contentHash(WALL_JS)}.js`;
/** The class of the gated part of an article page, as its JSON-LD `cssSelector` names it. */
export const PAYWALL_CLASS = 'paywall';

import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { FontId } from '../../admin/index.ts';
import { contentHash } from '../content-hash.ts';

const require = createRequire(import.meta.url);

/**
 * A bundled typeface: the latin subset of its variable woff2 (one file covers every weight), the
 * family name its @font-face declares, and the system fonts that stand in until it arrives
 * (`font-display: swap`: text shows at once in the fallback).
 */
interface BundledFont {
  readonly id: Exclude<FontId, 'system'>;
  readonly family: string;
  /** The woff2 file inside its npm package (fontsource: SIL Open Font License). */
  readonly file: string;
  readonly fallback: string;
}

const SERIF_FALLBACK = 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif';
const SANS_FALLBACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

// Each path is written out whole (not built from the id) so that the dependency check sees the
// packages used, and a bundler could follow them.
const BUNDLED: readonly BundledFont[] = [
  { id: 'source-serif-4', family: 'Source Serif 4', file: require.resolve('@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-normal.woff2'), fallback: SERIF_FALLBACK },
  { id: 'merriweather', family: 'Merriweather', file: require.resolve('@fontsource-variable/merriweather/files/merriweather-latin-wght-normal.woff2'), fallback: SERIF_FALLBACK },
  { id: 'inter', family: 'Inter', file: require.resolve('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'), fallback: SANS_FALLBACK },
  { id: 'libre-franklin', family: 'Libre Franklin', file: require.resolve('@fontsource-variable/libre-franklin/files/libre-franklin-latin-wght-normal.woff2'), fallback: SANS_FALLBACK },
];

/** The latin subset fontsource cuts the files to (Basic Latin, Latin-1, common punctuation, €, ™). */
const LATIN_RANGE = 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

/** A font file as served: its bytes and its content-hashed URL (cached for a year, immutable). */
export interface FontFile {
  readonly path: string;
  readonly body: Buffer;
  readonly etag: string;
}

const files = new Map<string, FontFile & { font: BundledFont }>();

/** The served file of a bundled font, read from its package once. */
function fontFile(font: BundledFont): FontFile {
  for (const f of files.values()) if (f.font === font) return f;
  const body = fs.readFileSync(font.file);
  const hash = contentHash(body);
  const file = { path: `/assets/fonts/${font.id}.${hash}.woff2`, body, etag: `"${hash}"`, font };
  files.set(file.path, file);
  return file;
}

/** The file served at `path` (`/assets/fonts/<id>.<hash>.woff2`), or undefined. */
export function fontAt(path: string): FontFile | undefined {
  const id = /^\/assets\/fonts\/([a-z0-9-]+)\.[0-9a-f]{12}\.woff2$/.exec(path)?.[1];
  const font = BUNDLED.find((f) => f.id === id);
  if (!font) return undefined;
  const file = fontFile(font);
  return file.path === path ? file : undefined;
}

/** The font stacks and @font-face rules of a heading and body choice. */
export interface FontTheme {
  /** @font-face rules and the custom properties that apply them; empty when both are `system`. */
  readonly css: string;
  /** The heading font's file, worth preloading (headings are the largest text on first paint). */
  readonly headingFile: string | undefined;
}

/**
 * The CSS for a heading and a body typeface. Headings use `--serif` (site.css sets every heading,
 * the masthead and the brand in it); body text is `:root`'s font-family.
 * @example fontTheme('source-serif-4', 'inter').css // '@font-face{font-family:"Source Serif 4";…'
 */
export function fontTheme(heading: string, body: string): FontTheme {
  const h = BUNDLED.find((f) => f.id === heading);
  const b = BUNDLED.find((f) => f.id === body);
  const faces = [...new Set([h, b])].flatMap((f) =>
    f ? [`@font-face{font-family:"${f.family}";font-style:normal;font-weight:100 900;font-display:swap;src:url(${fontFile(f).path}) format("woff2");unicode-range:${LATIN_RANGE}}`] : [],
  );
  const root = [h && `--serif:"${h.family}",${h.fallback}`, b && `font-family:"${b.family}",${b.fallback}`].filter(Boolean);
  const css = faces.length ? `${faces.join('\n')}\n:root{${root.join(';')}}\n` : '';
  return { css, headingFile: h ? fontFile(h).path : undefined };
}

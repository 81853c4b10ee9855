/**
 * The site's icons, drawn by the project from one SVG of the site's initial (no uploaded artwork
 * needed): favicon.ico, an SVG icon, the Apple touch icon, the manifest's PNGs and the publisher
 * logo the article JSON-LD names. Made once per site title, on first request.
 */
import sharp from 'sharp';

/** Where each icon is served; `layout.tsx` links them and the manifest lists them. */
export const ICON_PATHS = {
  ico: '/favicon.ico',
  svg: '/icon.svg',
  appleTouch: '/apple-touch-icon.png',
  png192: '/icon-192.png',
  png512: '/icon-512.png',
  manifest: '/manifest.webmanifest',
} as const;

/** The brand colours of the default theme (site.css `--ink` and `--accent`). */
export const ICON_COLOURS = { background: '#0b2a4a', accent: '#e8a33d', text: '#ffffff' } as const;

export interface SiteIcons {
  readonly svg: string;
  readonly ico: Buffer;
  readonly appleTouch: Buffer;
  readonly png192: Buffer;
  readonly png512: Buffer;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The first letter or digit of the title (skipping "The "), upper case; "M" when there is none. */
export function siteInitial(title: string): string {
  const words = title.replace(/^the\s+/i, '');
  return (/[\p{L}\p{N}]/u.exec(words)?.[0] ?? 'M').toUpperCase();
}

/** A square icon: the initial in a serif capital on the brand colour, an accent rule beneath. */
export function iconSvg(title: string): string {
  const { background, accent, text } = ICON_COLOURS;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="10" fill="${background}"/><rect x="14" y="50" width="36" height="4" fill="${accent}"/><text x="32" y="44" text-anchor="middle" font-family="Georgia, 'DejaVu Serif', serif" font-weight="700" font-size="40" fill="${text}">${escapeXml(siteInitial(title))}</text></svg>`;
}

/**
 * An ICO file holding one PNG (allowed since Windows Vista, read by every current browser):
 * a 6-byte header, one 16-byte directory entry, then the PNG.
 */
export function icoFromPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // offset of the PNG
  return Buffer.concat([header, png]);
}

const made = new Map<string, Promise<SiteIcons>>();
/** Titles whose icons are kept: one per site of an installation, with room for renamed ones. */
const KEPT_TITLES = 64;

/**
 * The icons for a site title, made once (a changed title makes new ones). Several sites ask in
 * turn, so the icons of the last titles asked are kept, not only one (each takes sharp a few
 * tens of milliseconds to draw).
 */
export function siteIcons(title: string): Promise<SiteIcons> {
  let icons = made.get(title);
  if (!icons) {
    const svg = iconSvg(title);
    const png = (size: number) => sharp(Buffer.from(svg), { density: (72 * size) / 64 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
    icons = Promise.all([png(32), png(180), png(192), png(512)]).then(([p32, appleTouch, png192, png512]) => ({
      svg,
      ico: icoFromPng(p32, 32),
      appleTouch,
      png192,
      png512,
    }));
    made.set(title, icons);
    // The oldest title's icons go first (a Map keeps insertion order).
    if (made.size > KEPT_TITLES) made.delete(made.keys().next().value!);
  }
  return icons;
}

/** The web app manifest: name, colours and icons, so "Add to home screen" looks like the site. */
export function webManifest(site: { title: string; description: string }): string {
  return JSON.stringify({
    name: site.title,
    short_name: site.title.length > 12 ? (site.title.split(/\s+/)[0] ?? site.title) : site.title,
    description: site.description,
    start_url: '/',
    display: 'browser',
    background_color: '#ffffff',
    theme_color: ICON_COLOURS.background,
    icons: [
      { src: ICON_PATHS.svg, type: 'image/svg+xml', sizes: 'any' },
      { src: ICON_PATHS.png192, type: 'image/png', sizes: '192x192' },
      { src: ICON_PATHS.png512, type: 'image/png', sizes: '512x512' },
    ],
  });
}

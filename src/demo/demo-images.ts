/**
 * Illustrations for the demo site, drawn by the project: flat shapes on a gradient, a motif per
 * section (gantries for tolling, containers for freight…), placed and coloured from a hash of the
 * article's slug so every start draws the same picture. Small sources; the media library makes
 * the variants.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** The size drawn: small, because the library makes AVIF, WebP and JPEG variants of each at start-up; wide enough for a lead image. */
export const ILLUSTRATION = { width: 800, height: 450 } as const;

/** Each section's palette: sky top, sky bottom, ground, shapes, highlight. */
const PALETTES: Record<string, readonly [string, string, string, string, string]> = {
  tolling: ['#0b2a4a', '#2f6f9f', '#1c3b57', '#e8a33d', '#f4d58d'],
  enforcement: ['#2a1b3d', '#6b4f8f', '#3a2a52', '#f25f5c', '#ffe066'],
  'smart-cities': ['#0f3b3a', '#3f8f86', '#1d4f4d', '#f2c14e', '#e9f5db'],
  'electric-vehicles': ['#08344f', '#1ea0a8', '#0d4a66', '#b8f24b', '#e3ffb0'],
  freight: ['#3b2416', '#b5651d', '#4f3320', '#2f80c8', '#f2d0a4'],
  rail: ['#1f2933', '#52606d', '#323f4b', '#e12d39', '#f7d070'],
};
const FALLBACK = PALETTES.tolling!;

/** A repeatable stream of numbers in [0, 1) from a slug. */
function randomFrom(slug: string): () => number {
  let state = createHash('sha256').update(slug).digest();
  let at = 0;
  return () => {
    if (at + 4 > state.length) {
      state = createHash('sha256').update(state).digest();
      at = 0;
    }
    const n = state.readUInt32BE(at) / 2 ** 32;
    at += 4;
    return n;
  };
}

type Motif = (r: () => number, colours: readonly string[]) => string;

/** Shapes are placed on a 1200 × 675 canvas, then drawn at the ILLUSTRATION size. */
const W = 1200;
const H = 675;
const HORIZON = Math.round(H * 0.68);
const between = (r: () => number, lo: number, hi: number) => Math.round(lo + r() * (hi - lo));

/** Each section's shapes, standing on the horizon. */
const MOTIFS: Record<string, Motif> = {
  // Overhead gantries across a road, shrinking towards a vanishing point.
  tolling: (r, [, , , shape, light]) => {
    const vx = between(r, W * 0.3, W * 0.7);
    let out = `<polygon points="${vx - 8},${HORIZON} ${vx + 8},${HORIZON} ${W * 0.95},${H} ${W * 0.05},${H}" fill="#26313b"/>`;
    for (let i = 0; i < 4; i++) {
      const t = 0.35 + i * 0.2;
      const half = 60 + t * 520;
      const top = HORIZON - t * 300;
      out += `<rect x="${vx - half}" y="${top}" width="${half * 2}" height="${10 + t * 26}" fill="${shape}"/><rect x="${vx - half}" y="${top}" width="${8 + t * 10}" height="${HORIZON - top + t * 200}" fill="${shape}"/><rect x="${vx + half - (8 + t * 10)}" y="${top}" width="${8 + t * 10}" height="${HORIZON - top + t * 200}" fill="${shape}"/>`;
      out += `<circle cx="${vx}" cy="${top + 6 + t * 13}" r="${3 + t * 8}" fill="${light}"/>`;
    }
    return out;
  },
  // Camera heads on poles with their fields of view.
  enforcement: (r, [, , , shape, light]) => {
    let out = '';
    for (let i = 0; i < 3; i++) {
      const x = between(r, 120 + i * 340, 260 + i * 340);
      const top = between(r, 150, 300);
      out += `<polygon points="${x},${top + 20} ${x + between(r, 160, 320)},${HORIZON} ${x - between(r, 40, 160)},${HORIZON}" fill="${light}" opacity="0.18"/>`;
      out += `<rect x="${x - 6}" y="${top}" width="12" height="${HORIZON - top}" fill="${shape}"/><rect x="${x - 50}" y="${top - 26}" width="100" height="44" rx="8" fill="${shape}"/><circle cx="${x + 30}" cy="${top - 4}" r="12" fill="${light}"/>`;
    }
    return out;
  },
  // A skyline of blocks with lit windows.
  'smart-cities': (r, [, , , shape, light]) => {
    let out = '';
    for (let x = 0; x < W; ) {
      const w = between(r, 70, 160);
      const h = between(r, 120, 380);
      out += `<rect x="${x}" y="${HORIZON - h}" width="${w - 8}" height="${h}" fill="${shape}" opacity="${0.75 + r() * 0.25}"/>`;
      for (let wy = HORIZON - h + 18; wy < HORIZON - 20; wy += 34) {
        for (let wx = x + 12; wx < x + w - 24; wx += 26) if (r() > 0.45) out += `<rect x="${wx}" y="${wy}" width="12" height="16" fill="${light}"/>`;
      }
      x += w;
    }
    return out;
  },
  // Charging posts and a lightning bolt.
  'electric-vehicles': (r, [, , , shape, light]) => {
    let out = '';
    const count = between(r, 3, 5);
    for (let i = 0; i < count; i++) {
      const x = Math.round(((i + 0.5) * W) / count);
      const h = between(r, 160, 240);
      out += `<rect x="${x - 34}" y="${HORIZON - h}" width="68" height="${h}" rx="14" fill="${shape}"/><rect x="${x - 20}" y="${HORIZON - h + 20}" width="40" height="40" rx="6" fill="${light}"/>`;
      out += `<path d="M${x + 34} ${HORIZON - h + 90} q 60 20 40 ${h - 90}" stroke="${shape}" stroke-width="8" fill="none"/>`;
    }
    const bx = between(r, W * 0.15, W * 0.85);
    out += `<polygon points="${bx},60 ${bx - 60},200 ${bx - 10},200 ${bx - 40},320 ${bx + 60},160 ${bx + 8},160 ${bx + 40},60" fill="${light}" opacity="0.9"/>`;
    return out;
  },
  // Stacked shipping containers and a crane.
  freight: (r, [, , , shape, light]) => {
    let out = '';
    const colours = [shape, light, '#c0392b', '#e8e8e8'];
    for (let col = 0; col < 7; col++) {
      const stack = between(r, 1, 4);
      for (let row = 0; row < stack; row++) {
        const x = 80 + col * 150;
        const y = HORIZON - (row + 1) * 62;
        out += `<rect x="${x}" y="${y}" width="140" height="58" fill="${colours[Math.floor(r() * colours.length)]}"/>`;
        for (let rib = x + 14; rib < x + 140; rib += 16) out += `<rect x="${rib}" y="${y + 6}" width="4" height="46" fill="#000" opacity="0.15"/>`;
      }
    }
    const cx = between(r, 200, 1000);
    out += `<rect x="${cx}" y="90" width="18" height="${HORIZON - 90}" fill="#222"/><rect x="${cx - 220}" y="90" width="480" height="16" fill="#222"/><rect x="${cx - 150}" y="106" width="4" height="${between(r, 80, 200)}" fill="#222"/>`;
    return out;
  },
  // Rails converging on the horizon, catenary poles beside them.
  rail: (r, [, , , shape, light]) => {
    const vx = between(r, W * 0.35, W * 0.65);
    let out = `<polygon points="${vx - 4},${HORIZON} ${vx + 4},${HORIZON} ${W * 0.8},${H} ${W * 0.2},${H}" fill="#3e4c59"/>`;
    out += `<line x1="${vx - 2}" y1="${HORIZON}" x2="${W * 0.32}" y2="${H}" stroke="${light}" stroke-width="6"/><line x1="${vx + 2}" y1="${HORIZON}" x2="${W * 0.68}" y2="${H}" stroke="${light}" stroke-width="6"/>`;
    for (let i = 1; i <= 5; i++) {
      const t = i / 5;
      const y = HORIZON + t * (H - HORIZON);
      out += `<rect x="${vx - 10 - t * 360}" y="${y - 4}" width="${20 + t * 720}" height="${3 + t * 6}" fill="#1f2933"/>`;
      out += `<rect x="${vx + 30 + t * 420}" y="${HORIZON - 60 - t * 300}" width="${4 + t * 10}" height="${60 + t * 300 + t * (H - HORIZON)}" fill="${shape}"/>`;
    }
    return out;
  },
};

/** The illustration's SVG for an article: its section's palette and motif, arranged by its slug. */
export function illustrationSvg(slug: string, section: string): string {
  const r = randomFrom(slug);
  const colours = PALETTES[section] ?? FALLBACK;
  const [skyTop, skyBottom, ground] = colours;
  const motif = (MOTIFS[section] ?? MOTIFS.tolling!)(r, colours);
  const sun = `<circle cx="${between(r, 100, W - 100)}" cy="${between(r, 80, 220)}" r="${between(r, 40, 90)}" fill="#fff" opacity="0.12"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${ILLUSTRATION.width}" height="${ILLUSTRATION.height}" viewBox="0 0 ${W} ${H}"><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${skyTop}"/><stop offset="1" stop-color="${skyBottom}"/></linearGradient></defs><rect width="${W}" height="${H}" fill="url(#sky)"/>${sun}<rect y="${HORIZON}" width="${W}" height="${H - HORIZON}" fill="${ground}"/>${motif}</svg>`;
}

/** The illustration as a JPEG, ready for the media library. */
export function illustration(slug: string, section: string): Promise<Buffer> {
  return sharp(Buffer.from(illustrationSvg(slug, section))).jpeg({ quality: 85 }).toBuffer();
}

/** A portrait for a demo author: initials on a disc of their own colour (no real person's face). */
export function portraitSvg(name: string): string {
  const r = randomFrom(name);
  const hue = Math.floor(r() * 360);
  const initials = name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .slice(0, 2)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,38%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},55%,24%)"/></linearGradient></defs><rect width="400" height="400" fill="url(#g)"/><circle cx="200" cy="160" r="78" fill="#fff" opacity="0.2"/><path d="M60 400 q140 -230 280 0z" fill="#fff" opacity="0.2"/><text x="200" y="350" text-anchor="middle" font-family="'DejaVu Sans', sans-serif" font-weight="700" font-size="54" fill="#fff">${initials}</text></svg>`;
}

/** A demo author's portrait as a JPEG, ready for the media library. */
export function portrait(name: string): Promise<Buffer> {
  return sharp(Buffer.from(portraitSvg(name))).jpeg({ quality: 85 }).toBuffer();
}

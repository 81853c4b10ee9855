/**
 * The site's accent colour: links and buttons are set in it on white, so it must keep WCAG AA
 * contrast (4.5:1) against white.
 */

/** WCAG AA for normal text. */
export const MIN_ACCENT_CONTRAST = 4.5;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * A colour as `#rrggbb` in lower case, or undefined when it is not a hex colour.
 * @example normaliseHex('#0AF') // '#00aaff'
 */
export function normaliseHex(text: string): string | undefined {
  const m = HEX.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1]!.length === 3 ? [...m[1]!].map((d) => d + d).join('') : m[1]!;
  return `#${digits.toLowerCase()}`;
}

const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The contrast ratio of a `#rrggbb` colour against white, from 1 to 21.
 * @example contrastOnWhite('#000000') // 21
 */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** The colour a quarter of the way to black: links' hover and focus shade. */
export function darker(hex: string): string {
  return `#${channels(hex)
    .map((c) => Math.round(c * 0.75).toString(16).padStart(2, '0'))
    .join('')}`;
}

/**
 * The typefaces an admin may choose for headings and body text: the bundled, self-hosted ones
 * (web/site/fonts.ts serves their files) and `system`, the reader's own fonts (nothing to load).
 */

export const FONT_CHOICES = [
  { id: 'system', label: 'System fonts (nothing to download)' },
  { id: 'source-serif-4', label: 'Source Serif 4 (serif)' },
  { id: 'merriweather', label: 'Merriweather (serif)' },
  { id: 'inter', label: 'Inter (sans-serif)' },
  { id: 'libre-franklin', label: 'Libre Franklin (sans-serif)' },
] as const;

export type FontId = (typeof FONT_CHOICES)[number]['id'];

export const FONT_IDS: readonly FontId[] = FONT_CHOICES.map((f) => f.id);

export function isFontId(text: string): text is FontId {
  return (FONT_IDS as readonly string[]).includes(text);
}

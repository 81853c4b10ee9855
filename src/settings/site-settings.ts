/**
 * The site settings an admin edits in the browser, their rules and their defaults. The
 * environment (src/config) supplies the defaults; a saved value overrides its default.
 */
import type { Config } from '../config/index.ts';
import { DEFAULT_RELATED_WEIGHTS, MAX_RECENCY_STRENGTH, type RelatedWeights } from '../related/index.ts';
import { contrastOnWhite, MIN_ACCENT_CONTRAST, normaliseHex } from './accent-colour.ts';
import { isFontId } from './site-fonts.ts';

/** Every setting, flat: the form's fields, the stored keys and the effective values share these names. */
export interface SiteSettings {
  readonly title: string;
  readonly description: string;
  /** An IANA time zone: schedules in the editor and dates on the site use it. */
  readonly timeZone: string;
  readonly postsPerPage: number;
  /** How many related articles each article lists. */
  readonly relatedCount: number;
  readonly halfLifeDays: number;
  readonly recencyStrength: number;
  readonly weightText: number;
  readonly weightCompanies: number;
  readonly weightSection: number;
  readonly weightTags: number;
  readonly diversity: number;
  /** The slug of the story pinned as the home page's lead; empty: the newest. */
  readonly leadStory: string;
  /** Slugs of the stories pinned under the lead, in order; empty ones are filled with the newest. */
  readonly featuredStory1: string;
  readonly featuredStory2: string;
  readonly featuredStory3: string;
  readonly featuredStory4: string;
  /** Links and buttons (`#rrggbb`); empty: the design's own blue. */
  readonly accentColour: string;
  /** Headings' typeface: a bundled font's id (`FONT_CHOICES`) or `system`. */
  readonly headingFont: string;
  /** Body text's typeface, likewise. */
  readonly bodyFont: string;
  /** The media-library image shown as the masthead's logo (its id); empty: the title in type. */
  readonly logoMedia: string;
  /** The publisher's profiles elsewhere (LinkedIn, X, Mastodon…), full URLs, shown in the footer. */
  readonly socialLink1: string;
  readonly socialLink2: string;
  readonly socialLink3: string;
  /** The reader profile fields a reader must fill in, comma-separated (`name, company, jobTitle, industry, country`); empty: none. */
  readonly readerRequiredFields: string;
  /** The sections the header names, in order (slugs); all empty: the busiest few, automatically. */
  readonly menuSection1: string;
  readonly menuSection2: string;
  readonly menuSection3: string;
  readonly menuSection4: string;
  readonly menuSection5: string;
  readonly menuSection6: string;
  /** The publisher's static pages the footer lists, in order (slugs); all empty: every page. */
  readonly footerPage1: string;
  readonly footerPage2: string;
  readonly footerPage3: string;
  readonly footerPage4: string;
  readonly footerPage5: string;
  readonly footerPage6: string;
  /** The registration wall: articles a browser may read each month before being asked to sign in; 0: no wall. */
  readonly freeArticlesPerMonth: number;
}

export type SettingsField = keyof SiteSettings;
/** The form as posted: every value a string. */
export type SettingsForm = Record<SettingsField, string>;
export type SettingsErrors = Partial<Record<SettingsField, string>>;

type NumberRule = { readonly min: number; readonly max: number; readonly integer?: boolean };

/** The numeric settings and their ranges (the related engine's own limits where it has them). */
/** The home page's pins: the lead, then the featured stories in order. */
export const PIN_FIELDS = ['leadStory', 'featuredStory1', 'featuredStory2', 'featuredStory3', 'featuredStory4'] as const satisfies readonly SettingsField[];
type PinField = (typeof PIN_FIELDS)[number];

export const SOCIAL_FIELDS = ['socialLink1', 'socialLink2', 'socialLink3'] as const satisfies readonly SettingsField[];
type SocialField = (typeof SOCIAL_FIELDS)[number];

/** The header's sections, in order; as many as the header has room for (web/site PRIMARY_SECTIONS). */
export const MENU_FIELDS = ['menuSection1', 'menuSection2', 'menuSection3', 'menuSection4', 'menuSection5', 'menuSection6'] as const satisfies readonly SettingsField[];
/** The footer's publisher pages, in order. */
export const FOOTER_FIELDS = ['footerPage1', 'footerPage2', 'footerPage3', 'footerPage4', 'footerPage5', 'footerPage6'] as const satisfies readonly SettingsField[];
type MenuField = (typeof MENU_FIELDS)[number] | (typeof FOOTER_FIELDS)[number];

export const FONT_FIELDS = ['headingFont', 'bodyFont'] as const satisfies readonly SettingsField[];
type FontField = (typeof FONT_FIELDS)[number];

export const NUMBER_RULES: Readonly<Record<Exclude<SettingsField, 'title' | 'description' | 'timeZone' | 'accentColour' | FontField | 'logoMedia' | 'readerRequiredFields' | PinField | SocialField | MenuField>, NumberRule>> = {
  postsPerPage: { min: 1, max: 100, integer: true },
  relatedCount: { min: 1, max: 50, integer: true },
  halfLifeDays: { min: 1, max: 36_500 },
  recencyStrength: { min: 0, max: MAX_RECENCY_STRENGTH },
  weightText: { min: 0, max: 10 },
  weightCompanies: { min: 0, max: 10 },
  weightSection: { min: 0, max: 10 },
  weightTags: { min: 0, max: 10 },
  diversity: { min: 0, max: 1 },
  freeArticlesPerMonth: { min: 0, max: 1000, integer: true },
};

export const SETTINGS_FIELDS = ['title', 'description', 'timeZone', ...Object.keys(NUMBER_RULES), ...PIN_FIELDS, 'accentColour', ...FONT_FIELDS, 'logoMedia', ...SOCIAL_FIELDS, 'readerRequiredFields', ...MENU_FIELDS, ...FOOTER_FIELDS] as readonly SettingsField[];

/**
 * What each site sets for itself (docs/sites.md); a site other than the first that never saved
 * one has the first site's. Title, description and time zone are the `sites` row's name,
 * description and zone. The rest (related tuning, reader fields, the registration wall) is the
 * installation's.
 */
export const SITE_FIELDS = ['title', 'description', 'timeZone', 'postsPerPage', ...PIN_FIELDS, 'accentColour', ...FONT_FIELDS, 'logoMedia', ...SOCIAL_FIELDS, ...MENU_FIELDS, ...FOOTER_FIELDS] as readonly SettingsField[];

/** The reader profile fields (src/readers names the same ones; the admin only checks the names). */
const READER_PROFILE_FIELDS = ['name', 'company', 'jobTitle', 'industry', 'country'];

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The stories pinned on the home page, as stored: the lead's slug (or none) and the featured slugs in order. */
export function homePins(s: SiteSettings): { lead: string | undefined; featured: string[] } {
  return { lead: s.leadStory || undefined, featured: PIN_FIELDS.slice(1).flatMap((f) => s[f] || []) };
}

/**
 * The menus as an editor chose them: the header's section slugs and the footer's page slugs, in
 * order, empty fields left out. An empty list means "not chosen": the site's automatic default.
 */
export function menus(s: SiteSettings): { sections: string[]; pages: string[] } {
  return { sections: MENU_FIELDS.flatMap((f) => s[f] || []), pages: FOOTER_FIELDS.flatMap((f) => s[f] || []) };
}

/** The settings that change related lists: saving a change to one recomputes them. */
export const RELATED_FIELDS: readonly SettingsField[] = ['relatedCount', 'halfLifeDays', 'recencyStrength', 'weightText', 'weightCompanies', 'weightSection', 'weightTags', 'diversity'];

export const TEXT_LIMITS = { title: 120, description: 300 } as const;

let zones: readonly string[] | undefined;

/** The time zones an admin may choose: UTC, then every zone this runtime knows (IANA names). */
export function timeZones(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

/** The typefaces a new site starts with (measured in Lighthouse: see docs/design.md). */
export const DEFAULT_FONTS = { headingFont: 'source-serif-4', bodyFont: 'inter' } as const;

/** The environment's values, the defaults until an admin saves. */
export function settingsFromConfig(config: Config): SiteSettings {
  const w = DEFAULT_RELATED_WEIGHTS;
  return {
    title: config.site.title,
    description: config.site.description,
    timeZone: config.site.timeZone,
    postsPerPage: config.site.postsPerPage,
    relatedCount: config.related.count,
    halfLifeDays: config.related.halfLifeDays,
    recencyStrength: w.recencyStrength,
    weightText: w.text,
    weightCompanies: w.companies,
    weightSection: w.section,
    weightTags: w.tags,
    diversity: w.diversity,
    leadStory: '',
    featuredStory1: '',
    featuredStory2: '',
    featuredStory3: '',
    featuredStory4: '',
    accentColour: '',
    headingFont: DEFAULT_FONTS.headingFont,
    bodyFont: DEFAULT_FONTS.bodyFont,
    logoMedia: '',
    socialLink1: '',
    socialLink2: '',
    socialLink3: '',
    readerRequiredFields: '',
    ...(Object.fromEntries([...MENU_FIELDS, ...FOOTER_FIELDS].map((f) => [f, ''])) as Record<MenuField, string>),
    freeArticlesPerMonth: 0,
  };
}

/** What the related engine takes from the settings. */
export function relatedOptions(s: SiteSettings): { count: number; weights: Partial<RelatedWeights> } {
  return {
    count: s.relatedCount,
    weights: {
      recencyHalfLifeDays: s.halfLifeDays,
      recencyStrength: s.recencyStrength,
      text: s.weightText,
      companies: s.weightCompanies,
      section: s.weightSection,
      tags: s.weightTags,
      diversity: s.diversity,
    },
  };
}

export function settingsForm(s: SiteSettings): SettingsForm {
  return Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, String(s[f])])) as SettingsForm;
}

/**
 * The posted fields: missing ones empty, text trimmed, runs of spaces in the title collapsed, and a
 * pasted article address reduced to its slug.
 * @example readSettingsForm({ leadStory: 'https://example.com/news/port-strike?x=1' }).leadStory // 'port-strike'
 */
export function readSettingsForm(body: Record<string, unknown>): SettingsForm {
  const out = Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, typeof body[f] === 'string' ? (body[f] as string).trim() : ''])) as SettingsForm;
  out.title = out.title.replace(/\s+/g, ' ');
  out.accentColour = normaliseHex(out.accentColour) ?? out.accentColour;
  for (const f of PIN_FIELDS) out[f] = (/\/news\/([^/?#]+)/.exec(out[f])?.[1] ?? out[f]).toLowerCase();
  return out;
}

function webAddress(text: string): URL | undefined {
  if (text.length > 300) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** What a footer calls a profile: the network's name for the big ones, else the host (a Mastodon server). */
const NETWORKS: Readonly<Record<string, string>> = {
  'linkedin.com': 'LinkedIn',
  'x.com': 'X',
  'twitter.com': 'X',
  'facebook.com': 'Facebook',
  'instagram.com': 'Instagram',
  'youtube.com': 'YouTube',
  'bsky.app': 'Bluesky',
  'threads.net': 'Threads',
};

/**
 * The social links to show, labelled, in the admin's order.
 * @example socialLinks({ ...s, socialLink1: 'https://www.linkedin.com/company/acme' }) // [{ url: '…', label: 'LinkedIn' }]
 */
export function socialLinks(s: SiteSettings): { url: string; label: string }[] {
  return SOCIAL_FIELDS.flatMap((f) => {
    const url = s[f] ? webAddress(s[f]) : undefined;
    if (!url) return [];
    const host = url.hostname.replace(/^www\./, '');
    return [{ url: url.href, label: NETWORKS[host] ?? host }];
  });
}

function accentProblem(text: string): string | undefined {
  if (!text) return undefined;
  const hex = normaliseHex(text);
  if (!hex) return 'Give a colour as # and six hex digits, such as #0b5cad, or leave it empty for the default.';
  const ratio = contrastOnWhite(hex);
  return ratio < MIN_ACCENT_CONTRAST
    ? `${hex} has a contrast of ${ratio.toFixed(2)}:1 on white; links and buttons need at least ${MIN_ACCENT_CONTRAST}:1 (WCAG AA). Choose a darker colour.`
    : undefined;
}

/** What is wrong with one field's text, or undefined. */
function fieldProblem(field: SettingsField, text: string): string | undefined {
  if (field === 'title') {
    if (!text) return 'Give the site a title.';
    return text.length > TEXT_LIMITS.title ? `Keep the title to ${TEXT_LIMITS.title} characters or fewer.` : undefined;
  }
  if (field === 'description') return text.length > TEXT_LIMITS.description ? `Keep the description to ${TEXT_LIMITS.description} characters or fewer.` : undefined;
  if ((PIN_FIELDS as readonly string[]).includes(field)) return !text || SLUG.test(text) ? undefined : 'Give the slug of a published article (the part of its address after /news/), or leave it empty.';
  if (field === 'accentColour') return accentProblem(text);
  if ((FONT_FIELDS as readonly string[]).includes(field)) return isFontId(text) ? undefined : 'Choose a font from the list.';
  if ((MENU_FIELDS as readonly string[]).includes(field) || (FOOTER_FIELDS as readonly string[]).includes(field)) return !text || SLUG.test(text) ? undefined : 'Choose from the list.';
  if ((SOCIAL_FIELDS as readonly string[]).includes(field)) return !text || webAddress(text) ? undefined : 'Give a full web address starting with https://, or leave it empty.';
  if (field === 'readerRequiredFields') {
    const unknown = text.split(/[\s,]+/).filter((f) => f && !READER_PROFILE_FIELDS.includes(f));
    return unknown.length ? `Unknown field ${unknown.join(', ')}: choose among ${READER_PROFILE_FIELDS.join(', ')}.` : undefined;
  }
  if (field === 'logoMedia') return !text || /^[1-9]\d{0,11}$/.test(text) ? undefined : 'Choose an image from the list.';
  if (field === 'timeZone') return timeZones().includes(text) ? undefined : 'Choose a time zone from the list (an IANA name such as Europe/London).';
  const rule = NUMBER_RULES[field as keyof typeof NUMBER_RULES];
  const n = text === '' ? Number.NaN : Number(text);
  const ok = Number.isFinite(n) && n >= rule.min && n <= rule.max && (!rule.integer || Number.isInteger(n));
  return ok ? undefined : `Give a ${rule.integer ? 'whole number' : 'number'} from ${rule.min} to ${rule.max.toLocaleString('en-US')}.`;
}

const parseField = (field: SettingsField, text: string) => (field in NUMBER_RULES ? Number(text) : text);

/**
 * Checks every field; returns the settings, or one message per failing field.
 * @example validateSettings({ ...form, timeZone: 'Mars/Olympus' }).errors // { timeZone: 'Choose…' }
 */
export function validateSettings(form: SettingsForm): { settings: SiteSettings; errors?: undefined } | { settings?: undefined; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  for (const field of SETTINGS_FIELDS) {
    const problem = fieldProblem(field, form[field]);
    if (problem) errors[field] = problem;
  }
  // A story shows once on the home page, so it is pinned once.
  PIN_FIELDS.forEach((f, i) => {
    if (form[f] && !errors[f] && PIN_FIELDS.slice(0, i).some((g) => form[g] === form[f])) errors[f] = 'This story is already pinned above; choose another.';
  });
  for (const fields of [MENU_FIELDS, FOOTER_FIELDS] as const) {
    fields.forEach((f, i) => {
      if (form[f] && !errors[f] && fields.slice(0, i).some((g) => form[g] === form[f])) errors[f] = 'Already chosen above; choose another or leave it empty.';
    });
  }
  if (Object.keys(errors).length) return { errors };
  return { settings: Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, parseField(f, form[f])])) as unknown as SiteSettings };
}

/**
 * The effective settings: each stored value that still passes the rules, else its default (a
 * stored zone this runtime no longer knows falls back rather than breaking every page).
 */
export function effectiveSettings(defaults: SiteSettings, stored: Record<string, unknown>): SiteSettings {
  const out: Record<string, unknown> = { ...defaults };
  for (const field of SETTINGS_FIELDS) {
    const v = stored[field];
    if ((typeof v === 'string' || typeof v === 'number') && !fieldProblem(field, String(v))) out[field] = parseField(field, String(v));
  }
  return out as unknown as SiteSettings;
}

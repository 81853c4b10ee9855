import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { effectiveSettings, homePins, readSettingsForm, relatedOptions, settingsForm, settingsFromConfig, socialLinks, timeZones, validateSettings } from './site-settings.ts';

const defaults = settingsFromConfig(loadConfig({ SITE_TITLE: 'Env title', POSTS_PER_PAGE: '12', RELATED_COUNT: '6' }));

describe('site settings', () => {
  it('takes its defaults from the environment and the related engine', () => {
    expect(defaults).toMatchObject({ title: 'Env title', timeZone: 'UTC', postsPerPage: 12, relatedCount: 6, halfLifeDays: 365, weightCompanies: 0.3, diversity: 0.5 });
    expect(relatedOptions(defaults)).toEqual({
      count: 6,
      weights: { recencyHalfLifeDays: 365, recencyStrength: 0.3, text: 1, companies: 0.3, section: 0.05, tags: 0.15, diversity: 0.5 },
    });
  });

  it('offers UTC first, then the runtime’s IANA zones', () => {
    expect(timeZones()[0]).toBe('UTC');
    expect(timeZones()).toContain('America/New_York');
    expect(timeZones().filter((z) => z === 'UTC')).toHaveLength(1);
  });

  it('parses a valid form into typed settings', () => {
    const form = { ...settingsForm(defaults), postsPerPage: '20', weightTags: '0.25', timeZone: 'Asia/Tokyo' };
    expect(validateSettings(form).settings).toEqual({ ...defaults, postsPerPage: 20, weightTags: 0.25, timeZone: 'Asia/Tokyo' });
  });

  it('wants whole numbers where a count is meant', () => {
    expect(validateSettings({ ...settingsForm(defaults), relatedCount: '2.5', halfLifeDays: '' }).errors).toEqual({
      relatedCount: 'Give a whole number from 1 to 50.',
      halfLifeDays: 'Give a number from 1 to 36,500.',
    });
  });

  it('overrides each default with a stored value that still passes, and ignores one that does not', () => {
    const stored = { title: 'Saved title', postsPerPage: 30, timeZone: 'Nowhere/Gone', weightText: 'x', unknown: 1 };
    expect(effectiveSettings(defaults, stored)).toEqual({ ...defaults, title: 'Saved title', postsPerPage: 30 });
  });

  describe('home-page pins', () => {
    it('pins nothing by default', () => {
      expect(homePins(defaults)).toEqual({ lead: undefined, featured: [] });
    });

    it('keeps the featured stories in their order, skipping empty places', () => {
      const form = { ...settingsForm(defaults), leadStory: 'port-strike', featuredStory2: 'toll-rise', featuredStory4: 'rail-plan' };
      expect(homePins(validateSettings(form).settings!)).toEqual({ lead: 'port-strike', featured: ['toll-rise', 'rail-plan'] });
    });

    it('reads a pasted article address as its slug', () => {
      const form = readSettingsForm({ ...settingsForm(defaults), leadStory: ' https://news.example.com/news/Port-Strike?utm=x ', featuredStory1: '/news/toll-rise#top' });
      expect([form.leadStory, form.featuredStory1]).toEqual(['port-strike', 'toll-rise']);
    });

    it('refuses what is not a slug, and a story pinned twice', () => {
      const form = { ...settingsForm(defaults), leadStory: 'port-strike', featuredStory1: 'not a slug', featuredStory2: 'toll-rise', featuredStory3: 'port-strike', featuredStory4: 'toll-rise' };
      expect(validateSettings(form).errors).toEqual({
        featuredStory1: 'Give the slug of a published article (the part of its address after /news/), or leave it empty.',
        featuredStory3: 'This story is already pinned above; choose another.',
        featuredStory4: 'This story is already pinned above; choose another.',
      });
    });
  });

  describe('accent colour', () => {
    it('takes a dark enough hex colour, normalised', () => {
      const form = readSettingsForm({ ...settingsForm(defaults), accentColour: ' #7A1F5C ' });
      expect(validateSettings(form).settings?.accentColour).toBe('#7a1f5c');
      expect(readSettingsForm({ ...settingsForm(defaults), accentColour: '#06c' }).accentColour).toBe('#0066cc');
    });

    it('refuses what is not a hex colour, and a colour too light for links on white', () => {
      expect(validateSettings({ ...settingsForm(defaults), accentColour: 'teal' }).errors).toEqual({
        accentColour: 'Give a colour as # and six hex digits, such as #0b5cad, or leave it empty for the default.',
      });
      expect(validateSettings({ ...settingsForm(defaults), accentColour: '#ffcc00' }).errors?.accentColour).toBe(
        '#ffcc00 has a contrast of 1.51:1 on white; links and buttons need at least 4.5:1 (WCAG AA). Choose a darker colour.',
      );
      // Just either side of 4.5:1: #767676 is 4.54:1, #777777 is 4.48:1.
      expect(validateSettings({ ...settingsForm(defaults), accentColour: '#767676' }).errors).toBeUndefined();
      expect(validateSettings({ ...settingsForm(defaults), accentColour: '#777777' }).errors?.accentColour).toContain('4.48:1');
    });
  });

  describe('social links', () => {
    it('labels the big networks by name and others by host, in order, skipping empty places', () => {
      const form = { ...settingsForm(defaults), socialLink1: 'https://www.linkedin.com/company/acme', socialLink3: 'https://mastodon.social/@acme' };
      expect(socialLinks(validateSettings(form).settings!)).toEqual([
        { url: 'https://www.linkedin.com/company/acme', label: 'LinkedIn' },
        { url: 'https://mastodon.social/@acme', label: 'mastodon.social' },
      ]);
    });

    it('refuses what is not a web address', () => {
      expect(validateSettings({ ...settingsForm(defaults), socialLink2: 'javascript:alert(1)' }).errors).toEqual({ socialLink2: 'Give a full web address starting with https://, or leave it empty.' });
    });
  });
});

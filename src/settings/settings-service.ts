import { Forbidden } from '../lib/errors.ts';
import type { Repositories, Store, UserRecord } from '../store/index.ts';
import { effectiveSettings, FOOTER_FIELDS, MENU_FIELDS, PIN_FIELDS, RELATED_FIELDS, SETTINGS_FIELDS, type SettingsErrors, type SettingsForm, SITE_FIELDS, type SiteSettings, validateSettings } from './site-settings.ts';

export interface SettingsServiceDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'sites' | 'state' | 'media' | 'articles' | 'taxonomy' | 'pages'>;
  readonly clock: () => number;
  /** The environment's values: what applies to every setting no admin has saved. */
  readonly defaults: SiteSettings;
  /** Recomputes every related list (RelatedService.rebuild); run after a related setting changes. */
  readonly rebuildRelated?: () => Promise<unknown>;
  readonly onError?: (err: unknown) => void;
  /** A site's own name, description and zone (the `sites` row), for a site other than the first. */
  readonly site?: (id: number) => { readonly name: string; readonly description: string; readonly timeZone: string | null } | undefined;
}

/** The site whose values `site_settings` holds: the first (every other site's start from them). */
const FIRST_SITE = 1;
/** Kept in the `sites` row rather than with the other settings. */
const SITE_ROW_FIELDS: readonly string[] = ['title', 'description', 'timeZone'];

export type SettingsListener = (next: SiteSettings, previous: SiteSettings) => void;

export type SaveSettingsResult = { readonly ok: true; readonly changed: readonly string[]; readonly rebuilding: boolean } | { readonly ok: false; readonly errors: SettingsErrors };

/**
 * Site settings in the database over the environment's defaults. Every node keeps the effective
 * values in memory (`current`, read synchronously by page handlers) and re-reads them when the
 * content version moves: saving bumps it, so every node's settings and page cache follow.
 * A change to a related-content setting recomputes every related list in the background on the
 * node that saved it (then bumps the version again so cached pages show the new lists).
 */
export class SettingsService {
  private snapshot: SiteSettings;
  private readonly listeners: SettingsListener[] = [];
  private job: Promise<void> | undefined;
  private again = false;
  /** What each site other than the first saved (by site id), and its effective settings made from them. */
  private siteValues = new Map<number, Record<string, unknown>>();
  private readonly siteSnapshots = new Map<number, SiteSettings>();

  constructor(private readonly deps: SettingsServiceDeps) {
    this.snapshot = deps.defaults;
  }

  /** The effective settings now. */
  get current(): SiteSettings {
    return this.snapshot;
  }

  get defaults(): SiteSettings {
    return this.deps.defaults;
  }

  /** Whether related lists are being recomputed after a change. */
  get rebuilding(): boolean {
    return this.job !== undefined;
  }

  /** Told whenever the effective settings change (saved here, or seen after another node saved). */
  onChange(listener: SettingsListener): void {
    this.listeners.push(listener);
  }

  /**
   * The settings of one site: the first site's (`current`) for the first or none; for another, its
   * own saved values over the first site's, with its name, description and zone.
   */
  forSite(siteId: number | undefined): SiteSettings {
    if (siteId === undefined || siteId === FIRST_SITE) return this.snapshot;
    let own = this.siteSnapshots.get(siteId);
    if (!own) {
      const saved = this.siteValues.get(siteId) ?? {};
      own = effectiveSettings(this.snapshot, Object.fromEntries(SITE_FIELDS.filter((f) => f in saved && !SITE_ROW_FIELDS.includes(f)).map((f) => [f, saved[f]])));
      this.siteSnapshots.set(siteId, own);
    }
    const row = this.deps.site?.(siteId);
    return row ? { ...own, title: row.name, description: row.description, timeZone: row.timeZone ?? this.snapshot.timeZone } : own;
  }

  /** Re-reads the stored settings; true when something changed. */
  async refresh(): Promise<boolean> {
    const siteValues = await this.deps.store.sites.settingValues();
    const sitesChanged = JSON.stringify([...siteValues]) !== JSON.stringify([...this.siteValues]);
    this.siteValues = siteValues;
    this.siteSnapshots.clear();
    return this.apply(effectiveSettings(this.deps.defaults, await this.deps.store.state.settings())) || sitesChanged;
  }

  /**
   * Saves the settings page of a site other than the first (admins only): its own fields for it
   * (name, description and zone in its `sites` row), the installation's for every site.
   */
  async saveSite(siteId: number, form: SettingsForm, user: UserRecord): Promise<SaveSettingsResult> {
    if (siteId === FIRST_SITE) return this.save(form, user);
    if (user.role !== 'admin') throw Forbidden('change the site settings');
    const checked = validateSettings(form);
    if (!checked.settings) return { ok: false, errors: checked.errors };
    const next = checked.settings;
    const before = this.forSite(siteId);
    const menuErrors = { ...(await this.unpublishedPins(next, before, siteId)), ...(await this.missingMenuItems(next, before, siteId)) };
    if (Object.keys(menuErrors).length) return { ok: false, errors: menuErrors };
    if (next.logoMedia && next.logoMedia !== before.logoMedia && !(await this.deps.store.media.byId(Number(next.logoMedia)))) {
      return { ok: false, errors: { logoMedia: 'That image is no longer in the media library; choose another.' } };
    }
    const changed = SETTINGS_FIELDS.filter((f) => next[f] !== before[f]);
    const shared = Object.fromEntries(SETTINGS_FIELDS.filter((f) => !SITE_FIELDS.includes(f)).map((f) => [f, next[f]]));
    const own = Object.fromEntries(SITE_FIELDS.filter((f) => !SITE_ROW_FIELDS.includes(f)).map((f) => [f, next[f]]));
    const { store, clock } = this.deps;
    await store.transaction(async (repos) => {
      await repos.state.putSettings(shared, clock(), user.email);
      await repos.sites.putSettingValues(siteId, own, clock(), user.email);
      await repos.sites.update(siteId, { name: next.title, description: next.description, timeZone: next.timeZone });
      await repos.state.bumpContentVersion();
      const details = Object.fromEntries(changed.map((f) => [f, { from: before[f], to: next[f] }]));
      await repos.operations.audit({ at: clock(), actor: user.email, action: 'settings.update', subject: `settings:site:${siteId}`, details });
    });
    await this.refresh();
    const rebuilding = changed.some((f) => RELATED_FIELDS.includes(f)) && this.startRebuild();
    return { ok: true, changed, rebuilding };
  }

  /** Validates and stores every field (admins only); audited with what changed. */
  async save(form: SettingsForm, user: UserRecord): Promise<SaveSettingsResult> {
    if (user.role !== 'admin') throw Forbidden('change the site settings');
    const checked = validateSettings(form);
    if (!checked.settings) return { ok: false, errors: checked.errors };
    const next = checked.settings;
    const before = this.snapshot;
    const pinErrors = { ...(await this.unpublishedPins(next, before)), ...(await this.missingMenuItems(next, before)) };
    if (Object.keys(pinErrors).length) return { ok: false, errors: pinErrors };
    if (next.logoMedia && next.logoMedia !== before.logoMedia && !(await this.deps.store.media.byId(Number(next.logoMedia)))) {
      return { ok: false, errors: { logoMedia: 'That image is no longer in the media library; choose another.' } };
    }
    const changed = SETTINGS_FIELDS.filter((f) => next[f] !== before[f]);
    const { store, clock } = this.deps;
    await store.transaction(async (repos) => {
      await repos.state.putSettings({ ...next }, clock(), user.email);
      await repos.state.bumpContentVersion();
      const details = Object.fromEntries(changed.map((f) => [f, { from: before[f], to: next[f] }]));
      await repos.operations.audit({ at: clock(), actor: user.email, action: 'settings.update', subject: 'settings:site', details });
    });
    this.apply(next);
    const rebuilding = changed.some((f) => RELATED_FIELDS.includes(f)) && this.startRebuild();
    return { ok: true, changed, rebuilding };
  }

  /**
   * Newly pinned stories that are not published articles. A pin kept from before is not checked
   * again: its story may have been unpublished since, and the home page already falls back to the
   * newest for it, so it must not stop the admin saving anything else.
   */
  private async unpublishedPins(next: SiteSettings, before: SiteSettings, siteId?: number): Promise<SettingsErrors | undefined> {
    const errors: SettingsErrors = {};
    for (const f of PIN_FIELDS) {
      if (!next[f] || next[f] === before[f]) continue;
      const row = await this.deps.store.articles.findBySlug(next[f]);
      // Another site's home page pins only a story on that site (its own, or cross-published there).
      const onSite = row && (siteId === undefined || Number(row.site_id) === siteId || (await this.deps.store.sites.crossPublished(Number(row.id))).includes(siteId));
      if (row?.status !== 'published' || !onSite) errors[f] = `No published article has the slug “${next[f]}”.`;
    }
    return Object.keys(errors).length ? errors : undefined;
  }

  /**
   * Newly chosen menu sections and footer pages that do not exist. One kept from before is not
   * checked again (the site skips it once it is gone), so it never stops an admin saving the rest.
   */
  /** `siteId`: the site whose menu it is (its own sections and pages; absent: the first site's). */
  private async missingMenuItems(next: SiteSettings, before: SiteSettings, siteId?: number): Promise<SettingsErrors> {
    const errors: SettingsErrors = {};
    const { store } = this.deps;
    for (const f of MENU_FIELDS) {
      if (next[f] && next[f] !== before[f] && !(await store.taxonomy.sectionBySlug(next[f], siteId))) errors[f] = `No section has the slug “${next[f]}”.`;
    }
    for (const f of FOOTER_FIELDS) {
      if (next[f] && next[f] !== before[f] && !(await store.pages.bySlug(next[f], siteId))) errors[f] = `No page has the slug “${next[f]}”.`;
    }
    return errors;
  }

  /**
   * What the settings page of a site (undefined: the first, or the only one) offers to choose
   * from: its latest stories to pin, the library's latest images for the logo, its sections and
   * pages for the menus.
   */
  async choices(siteId: number | undefined, limit: number) {
    const { store } = this.deps;
    const [recent, images, sections, pages] = await Promise.all([
      store.articles.listPublished(siteId === undefined ? {} : { siteId }, limit, 0),
      store.media.list(limit, 0),
      store.taxonomy.sections(siteId),
      store.pages.all(siteId),
    ]);
    return { recent: recent.items, images: images.items, sections, pages };
  }

  /** Resolves once no rebuild is running (tests, and closing the app without cutting one short). */
  async idle(): Promise<void> {
    while (this.job) await this.job;
  }

  private apply(next: SiteSettings): boolean {
    const previous = this.snapshot;
    if (SETTINGS_FIELDS.every((f) => next[f] === previous[f])) return false;
    this.snapshot = Object.freeze({ ...next });
    this.siteSnapshots.clear();
    for (const l of this.listeners) l(this.snapshot, previous);
    return true;
  }

  /** One rebuild at a time; a change saved during one runs one more after it. */
  private startRebuild(): boolean {
    const rebuild = this.deps.rebuildRelated;
    if (!rebuild) return false;
    if (this.job) {
      this.again = true;
      return true;
    }
    this.job = (async () => {
      do {
        this.again = false;
        await rebuild();
        await this.deps.store.transaction((repos) => repos.state.bumpContentVersion());
      } while (this.again);
    })()
      .catch((err) => this.deps.onError?.(err))
      .finally(() => {
        this.job = undefined;
      });
    return true;
  }
}

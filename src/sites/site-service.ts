import { slugify } from '../domain/index.ts';
import type { Repositories, SiteRecord, Store } from '../store/index.ts';
import { HostTaken, InvalidSite, SiteNotFound } from './errors.ts';
import { normalHost } from './host-name.ts';

export interface SiteDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'sites' | 'state'>;
  readonly clock: () => number;
}

/** Where a request goes: its site, and the primary host to redirect to when it came by another. */
export interface Resolved {
  readonly site: SiteRecord;
  readonly redirectTo?: string;
}

export interface SiteChanges {
  readonly name?: string;
  readonly description?: string;
  /** Replaces the hosts; the first is primary. */
  readonly hosts?: readonly string[];
  readonly timeZone?: string | null;
  readonly slug?: string;
}

/**
 * The titles this installation serves, held in memory on each node (read on every request, so a
 * host lookup is a Map get). Changes bump the content version, so every node reloads them.
 */
export class SiteService {
  private list: readonly SiteRecord[] = [];
  private byHost = new Map<string, SiteRecord>();

  constructor(private readonly deps: SiteDeps) {}

  /** Reads the sites again (at boot, and when the content version moves). */
  async refresh(): Promise<void> {
    const list = await this.deps.store.sites.all();
    this.list = list;
    this.byHost = new Map(list.flatMap((s) => s.hosts.map((h) => [h, s] as const)));
  }

  /** Every site, the first (the default) first. */
  all(): readonly SiteRecord[] {
    return this.list;
  }

  /** The site content commands use when none is named. */
  first(): SiteRecord {
    const first = this.list[0];
    if (!first) throw SiteNotFound('(none: the database is not migrated)');
    return first;
  }

  /** More than one site: reads must be filtered by site (one site reads everything, as before sites). */
  get several(): boolean {
    return this.list.length > 1;
  }

  bySlug(slug: string): SiteRecord {
    const site = this.list.find((s) => s.slug === slug);
    if (!site) throw SiteNotFound(slug);
    return site;
  }

  byId(id: number): SiteRecord | undefined {
    return this.list.find((s) => s.id === id);
  }

  /**
   * The site for a request's Host. An unknown host gets the first site (a one-site installation
   * answers every host, as it always did); a site's non-primary host redirects to the primary.
   */
  resolve(rawHost: string | undefined): Resolved {
    const host = normalHost(rawHost);
    const site = host === undefined ? undefined : this.byHost.get(host);
    if (!site) return { site: this.first() };
    const primary = site.hosts[0];
    return primary && primary !== host ? { site, redirectTo: primary } : { site };
  }

  async add(input: { name: string; hosts: readonly string[]; slug?: string; description?: string }): Promise<SiteRecord> {
    const name = input.name.trim();
    if (!name || name.length > 200) throw InvalidSite('give a name of 1 to 200 characters');
    const hosts = this.checkHosts(input.hosts);
    if (hosts.length === 0) throw InvalidSite('give at least one host (--host), or readers cannot reach the site');
    const slug = slugify(input.slug?.trim() || name);
    if (!slug) throw InvalidSite('the slug is empty');
    await this.refresh();
    if (this.list.some((s) => s.slug === slug)) throw InvalidSite(`the slug ${slug} is taken`);
    await this.deps.store.transaction(async (repos) => {
      await this.ensureHostsFree(repos, hosts, undefined);
      const id = await repos.sites.insert({ slug, name, description: input.description?.trim() ?? '', timeZone: null, createdAt: this.deps.clock() });
      await repos.sites.setHosts(id, hosts);
      await repos.state.bumpContentVersion();
    });
    await this.refresh();
    return this.bySlug(slug);
  }

  async set(slug: string, changes: SiteChanges): Promise<SiteRecord> {
    await this.refresh();
    const site = this.bySlug(slug);
    const hosts = changes.hosts ? this.checkHosts(changes.hosts) : undefined;
    const name = changes.name?.trim();
    if (name !== undefined && (!name || name.length > 200)) throw InvalidSite('give a name of 1 to 200 characters');
    const newSlug = changes.slug === undefined ? undefined : slugify(changes.slug);
    if (newSlug !== undefined && (!newSlug || this.list.some((s) => s.slug === newSlug && s.id !== site.id))) throw InvalidSite(`the slug ${changes.slug} is empty or taken`);
    if (changes.timeZone && !Intl.supportedValuesOf('timeZone').includes(changes.timeZone) && changes.timeZone !== 'UTC') {
      throw InvalidSite(`unknown time zone ${changes.timeZone}`);
    }
    await this.deps.store.transaction(async (repos) => {
      await repos.sites.update(site.id, {
        ...(name === undefined ? {} : { name }),
        ...(changes.description === undefined ? {} : { description: changes.description.trim() }),
        ...(changes.timeZone === undefined ? {} : { timeZone: changes.timeZone || null }),
        ...(newSlug === undefined ? {} : { slug: newSlug }),
      });
      if (hosts) {
        await this.ensureHostsFree(repos, hosts, site.id);
        await repos.sites.setHosts(site.id, hosts);
      }
      await repos.state.bumpContentVersion();
    });
    await this.refresh();
    return this.bySlug(newSlug ?? slug);
  }

  private checkHosts(raw: readonly string[]): string[] {
    const hosts = [...new Set(raw.map((h) => normalHost(h)))];
    const bad = raw.find((h) => normalHost(h) === undefined);
    if (bad !== undefined || hosts.includes(undefined)) throw InvalidSite(`${JSON.stringify(bad)} is not a host name`);
    return hosts as string[];
  }

  private async ensureHostsFree(repos: Pick<Repositories, 'sites'>, hosts: readonly string[], siteId: number | undefined): Promise<void> {
    const owners = await repos.sites.hostOwners(hosts);
    for (const [host, owner] of owners) {
      if (owner !== siteId) throw HostTaken(host, this.list.find((s) => s.id === owner)?.slug ?? String(owner));
    }
  }
}

import type { Repositories, UserRecord } from '../store/index.ts';
import { Forbidden } from './errors.ts';

export interface RedirectAdminDeps {
  readonly store: Pick<Repositories, 'adminRedirects' | 'operations' | 'redirects'>;
  readonly clock: () => number;
}

export interface RedirectForm {
  readonly from: string;
  readonly to: string;
  readonly status: string;
}

export type RedirectErrors = Partial<Record<'from' | 'to' | 'status', string>>;

const PATH = /^\/[^\s?#]*$/;
const TARGET = /^(\/[^\s]*|https?:\/\/[^\s/]+[^\s]*)$/;

/** Redirect management: old URL → new URL (301) or gone (410). Editors and admins only; audited. */
export class RedirectAdminService {
  constructor(private readonly deps: RedirectAdminDeps) {}

  /** `siteId`: the admin's current site (undefined with one site: every redirect). */
  list(page: number, perPage: number, user: UserRecord, siteId?: number) {
    editorOnly(user);
    checkSite(user, siteId);
    return this.deps.store.adminRedirects.list(perPage, (page - 1) * perPage, siteId);
  }

  /** Adds or replaces a redirect; returns errors by field instead when the form is wrong. */
  async put(form: RedirectForm, user: UserRecord, siteId?: number): Promise<RedirectErrors> {
    editorOnly(user);
    checkSite(user, siteId);
    const errors = validateRedirect(form);
    if (Object.keys(errors).length) return errors;
    const { store, clock } = this.deps;
    const status = form.status === '410' ? 410 : 301;
    const to = status === 410 ? null : form.to.trim();
    await store.redirects.put(form.from.trim(), to, status, clock(), siteId);
    await store.operations.audit({ at: clock(), actor: user.email, action: 'redirect.put', subject: `redirect:${form.from.trim()}`, details: { to, status } });
    return {};
  }

  async remove(from: string, user: UserRecord, siteId?: number): Promise<void> {
    editorOnly(user);
    checkSite(user, siteId);
    const { store, clock } = this.deps;
    await store.redirects.remove(from, siteId);
    await store.operations.audit({ at: clock(), actor: user.email, action: 'redirect.remove', subject: `redirect:${from}`, details: {} });
  }
}

export function validateRedirect(form: RedirectForm): RedirectErrors {
  const errors: RedirectErrors = {};
  const from = form.from.trim();
  const to = form.to.trim();
  if (!PATH.test(from)) errors.from = 'Give a path on this site, starting with / (no query string).';
  else if (from === '/' || from.startsWith('/admin') || from.startsWith('/api/')) errors.from = 'The home page, the admin and the API cannot be redirected.';
  if (form.status !== '301' && form.status !== '410') errors.status = 'Choose 301 (moved) or 410 (gone).';
  if (form.status === '301') {
    if (!TARGET.test(to)) errors.to = 'Give a path starting with / or a full http(s) URL.';
    else if (to === from) errors.to = 'A redirect cannot point at itself.';
  }
  return errors;
}

/** A user limited to some sites works only on those (with one site, `siteId` is undefined and they all are). */
function checkSite(user: UserRecord, siteId: number | undefined): void {
  if (user.sites && siteId !== undefined && !user.sites.includes(siteId)) throw Forbidden('manage this site’s redirects');
}

function editorOnly(user: UserRecord): void {
  if (user.role === 'contributor') throw Forbidden('manage redirects');
}

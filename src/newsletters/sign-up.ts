import { createHash } from 'node:crypto';
import type { MailTransport } from '../mail/index.ts';
import type { NewsletterList, Repositories, Store } from '../store/index.ts';
import { InvalidConfirmLink, InvalidSignUp, SignUpRateLimited } from './errors.ts';
import { confirmToken, readConfirmToken } from './unsubscribe-token.ts';

/** How long a sign-up's confirmation link works. */
export const CONFIRM_LINK_MS = 7 * 86_400_000;

/** Sign-ups a client address, and an address, may make per window (each sends a confirmation mail). */
export const SIGN_UP_LIMITS = { perIp: 10, perAddress: 3, windowMs: 10 * 60_000 } as const;

/** The most lists one sign-up may name. */
export const MAX_SIGN_UP_LISTS = 20;

export const EMAIL = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]+$/;

/** What the sign-up needs of the newsletter service. */
export interface SignUpContext {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'newsletters' | 'readerAccess' | 'readers'>;
  readonly clock: () => number;
  /** The site a list belongs to (its URL and title name the confirmation mail). */
  readonly site: (list: NewsletterList) => { readonly url: string; readonly title: string };
  readonly transport: MailTransport;
  readonly secret: () => Promise<string>;
  /** The list by slug, or MH_NEWSLETTER_LIST_NOT_FOUND. */
  readonly list: (slug: string) => Promise<NewsletterList>;
  /** Only this site's lists (undefined: every list). */
  readonly siteId?: number | undefined;
}

/** A list as the account page shows it: the reader's own state on it. */
export interface ReaderListState {
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly status: 'active' | 'unsubscribed' | 'bounced' | 'none';
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A sign-up from the site (double opt-in) to one or several lists: the reader is made pending (an
 * existing one is left as it is) and one confirmation link for all the chosen lists is mailed;
 * nothing is sent until it is followed. The answer is the same whether or not the address is
 * known, subscribed or suppressed (no enumeration); a suppressed address gets no mail at all.
 * Limited per client address and per address (hashed), in the database, so every node counts alike
 * and nobody can use the form to flood one inbox from many addresses.
 */
export async function requestSubscription(ctx: SignUpContext, slugs: string | readonly string[], rawEmail: string, client: string): Promise<void> {
  const email = rawEmail.trim();
  if (email.length > 254 || !EMAIL.test(email)) throw InvalidSignUp('Give a valid email address.');
  const wanted = [...new Set(typeof slugs === 'string' ? [slugs] : slugs)];
  if (!wanted.length) throw InvalidSignUp('Choose at least one newsletter.');
  if (wanted.length > MAX_SIGN_UP_LISTS) throw InvalidSignUp(`Choose at most ${MAX_SIGN_UP_LISTS} newsletters.`);
  const lists = await Promise.all(wanted.map((slug) => ctx.list(slug)));
  const now = ctx.clock();
  const access = ctx.store.readerAccess;
  const hashed = createHash('sha256').update(email.toLowerCase()).digest('base64url');
  const overIp = (await access.hit(`newsletter-ip:${client}`, now, SIGN_UP_LIMITS.windowMs)) > SIGN_UP_LIMITS.perIp;
  if (overIp || (await access.hit(`newsletter-email:${hashed}`, now, SIGN_UP_LIMITS.windowMs)) > SIGN_UP_LIMITS.perAddress) {
    throw SignUpRateLimited(`${Math.round(SIGN_UP_LIMITS.windowMs / 60_000)} minutes`);
  }
  const { reader } = await ctx.store.readers.ensure({ email, status: 'pending', source: 'signup', now });
  if (reader.suppressedAt !== null) return;
  const site = ctx.site(lists[0]!);
  const names = lists.map((l) => l.name).join(', ');
  const url = `${site.url}/newsletters/confirm?t=${confirmToken(await ctx.secret(), reader.id, lists.map((l) => l.id), now + CONFIRM_LINK_MS)}`;
  await ctx.transport.send({
    to: reader.email,
    subject: `Confirm your subscription to ${names}`,
    text: `Someone, we hope you, asked to receive ${names} from ${site.title} at this address.\n\nConfirm: ${url}\n\nIf it was not you, ignore this message: nothing will be sent.\n`,
    html: `<p>Someone, we hope you, asked to receive ${esc(names)} from ${esc(site.title)} at this address.</p><p><a href="${esc(url)}">Confirm your subscription</a></p><p>If it was not you, ignore this message: nothing will be sent.</p>`,
  });
}

/** The lists a confirmation link is for (its page asks before confirming), or MH_INVALID_CONFIRM_LINK. */
export async function confirmTarget(ctx: SignUpContext, token: string): Promise<NewsletterList[]> {
  const claim = readConfirmToken(await ctx.secret(), token, ctx.clock());
  const lists = claim ? (await Promise.all(claim.listIds.map((id) => ctx.store.newsletters.listById(id)))).filter((l): l is NewsletterList => l !== undefined) : [];
  if (!lists.length) throw InvalidConfirmLink();
  return lists;
}

/** Follows a confirmation link: the address is confirmed and the reader subscribed to each list (again, if they had unsubscribed; a bounce stays). */
export async function confirmSubscription(ctx: SignUpContext, token: string): Promise<{ lists: NewsletterList[] }> {
  const lists = await confirmTarget(ctx, token);
  const claim = readConfirmToken(await ctx.secret(), token, ctx.clock())!;
  if (!(await ctx.store.readers.byId(claim.readerId))) throw InvalidConfirmLink();
  const now = ctx.clock();
  await ctx.store.transaction(async (repos) => {
    await repos.readers.confirm(claim.readerId, now);
    for (const list of lists) {
      const sub = await repos.newsletters.subscribe(list.id, claim.readerId, 'signup', now);
      if (!sub.created && sub.status === 'unsubscribed') await repos.newsletters.resubscribe(list.id, claim.readerId, now);
    }
  });
  return { lists };
}

/** Every list and whether the reader receives it (the account page). */
export async function readerLists(ctx: SignUpContext, readerId: number): Promise<ReaderListState[]> {
  const lists = await ctx.store.newsletters.lists(ctx.siteId);
  const mine = await ctx.store.newsletters.subscriptionsOf(readerId);
  return lists.map((l) => ({ slug: l.slug, name: l.name, description: l.description, status: mine.get(l.id) ?? 'none' }));
}

/**
 * A signed-in reader's toggle on the account page. Their address is confirmed (they signed in by a
 * link sent to it), so subscribing needs no second opt-in; a bounced subscription stays bounced
 * (the address did not take mail: the reader must fix that first, and suppression is never undone).
 */
export async function setSubscription(ctx: SignUpContext, readerId: number, slug: string, on: boolean): Promise<void> {
  const list = await ctx.list(slug);
  const now = ctx.clock();
  if (!on) {
    await ctx.store.newsletters.end(list.id, readerId, 'unsubscribed', now);
    return;
  }
  const sub = await ctx.store.newsletters.subscribe(list.id, readerId, 'signup', now);
  if (!sub.created && sub.status === 'unsubscribed') await ctx.store.newsletters.resubscribe(list.id, readerId, now);
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Repositories, Store } from '../store/index.ts';
import { InvalidWebhook, WebhookBadSignature, WebhookNotConfigured, WebhookRateLimited, WebhookUnsigned } from './errors.ts';
import { HARD_BOUNCE_LIMIT } from './issue-handler.ts';
import { readUnsubscribeToken } from './unsubscribe-token.ts';

/** What an ESP tells us about an address: it hard-bounced, or its owner reported spam. */
export interface EspEvent {
  readonly kind: 'bounce' | 'complaint';
  readonly email: string;
}

/** The keys the webhooks are verified with; null: that webhook is off (404). */
export interface WebhookKeys {
  /** Mailgun's HTTP webhook signing key (Sending → Webhooks). */
  readonly mailgun: string | null;
  /** A shared secret for the generic JSON form (any ESP, or a relay of your own). */
  readonly generic: string | null;
}

/**
 * A signed request older than this, or more than `WEBHOOK_MAX_AHEAD_MS` ahead, is refused. Inside
 * that window a replay is caught by its remembered token, kept in `reader_rate_limits`, whose
 * housekeeping forgets rows after 15 minutes: 13 + 1 < 15, so no replay is both fresh and forgotten.
 */
export const WEBHOOK_MAX_AGE_MS = 13 * 60_000;
export const WEBHOOK_MAX_AHEAD_MS = 60_000;
/** Requests a minute from one client address. */
export const WEBHOOK_RATE = { perMinute: 600 } as const;

const hmacHex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');
function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
const asObject = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const address = (v: unknown) => (typeof v === 'string' && /^[^\s<>@]+@[^\s<>@]+$/.test(v.trim()) ? v.trim().toLowerCase() : undefined);

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw InvalidWebhook('The body is not JSON');
  }
}

function checkTime(seconds: number, now: number): void {
  const at = seconds * 1000;
  if (!Number.isFinite(at) || at < now - WEBHOOK_MAX_AGE_MS || at > now + WEBHOOK_MAX_AHEAD_MS) throw WebhookBadSignature('the timestamp is missing, over 13 minutes old or ahead of our clock');
}

/**
 * A Mailgun webhook (JSON, "webhooks" since 2018): `{"signature": {"timestamp", "token",
 * "signature"}, "event-data": {…}}`, signed with HMAC-SHA256 of timestamp + token under the webhook
 * signing key. `failed` with `severity: permanent` is a hard bounce; `complained` a complaint;
 * anything else (delivered, temporary failures, opens) is acknowledged and ignored. Returns the
 * events and the token (a replayed token is ignored by the caller).
 */
export function mailgunEvents(raw: string, key: string, now: number): { events: EspEvent[]; replayKey: string } {
  const body = asObject(parse(raw));
  const sig = asObject(body.signature);
  const { timestamp, token, signature } = sig;
  if (typeof timestamp !== 'string' || typeof token !== 'string' || typeof signature !== 'string') throw WebhookUnsigned();
  if (!sameHex(hmacHex(key, timestamp + token), signature.toLowerCase())) throw WebhookBadSignature('it does not match the signing key');
  checkTime(Number(timestamp), now);
  const data = asObject(body['event-data']);
  const email = address(data.recipient);
  const kind = data.event === 'complained' ? 'complaint' : data.event === 'failed' && data.severity === 'permanent' ? 'bounce' : undefined;
  return { events: kind && email ? [{ kind, email }] : [], replayKey: `mailgun:${token}` };
}

/**
 * The generic form, for any ESP through a small relay, or your own MTA's bounce processor:
 * `X-Masthead-Timestamp: <unix seconds>` and `X-Masthead-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>" under the secret>`, body `{"events": [{"type": "bounce" | "complaint",
 * "email": "…"}]}` (up to 1,000). A bounce here is a hard bounce: send only permanent ones.
 */
export function genericEvents(raw: string, headers: { timestamp?: string | undefined; signature?: string | undefined }, secret: string, now: number): { events: EspEvent[]; replayKey: string } {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(headers.signature ?? '')?.[1];
  if (!given || !headers.timestamp) throw WebhookUnsigned();
  if (!sameHex(hmacHex(secret, `${headers.timestamp}.${raw}`), given.toLowerCase())) throw WebhookBadSignature('it does not match the secret');
  checkTime(Number(headers.timestamp), now);
  const list = asObject(parse(raw)).events;
  if (!Array.isArray(list) || list.length > 1000) throw InvalidWebhook('"events" must be an array of at most 1,000');
  const events = list.flatMap((e): EspEvent[] => {
    const o = asObject(e);
    const email = address(o.email);
    return email && (o.type === 'bounce' || o.type === 'complaint') ? [{ kind: o.type, email }] : [];
  });
  return { events, replayKey: `generic:${given.toLowerCase()}` };
}

export interface EspWebhookDeps {
  readonly store: Pick<Store, 'transaction'> & Pick<Repositories, 'readerAccess' | 'readers'>;
  readonly clock: () => number;
  readonly keys: WebhookKeys;
  /** The secret that signs unsubscribe links (to read one an ESP echoes back). */
  readonly secret: () => Promise<string>;
  /** The service's complaint handling (suppress, and unsubscribe from the list a token names). */
  readonly complaint: (input: { report: string } | { email: string }) => Promise<unknown>;
}

/**
 * Bounces and complaints reported by an ESP's webhook stop mail as the SMTP conversation's own
 * do: a hard bounce ends the subscription (the list our signed unsubscribe link in the payload
 * names, else every list, since the mailbox is gone for all of them) and counts toward suppression
 * (`HARD_BOUNCE_LIMIT`); a complaint suppresses the address for all mail at once.
 */
export class EspWebhooks {
  constructor(private readonly deps: EspWebhookDeps) {}

  /** Verifies and applies one webhook request; returns how many events it applied. */
  async receive(provider: 'mailgun' | 'generic', raw: string, headers: { timestamp?: string; signature?: string }, client: string): Promise<number> {
    const { store, clock, keys } = this.deps;
    const key = keys[provider];
    if (!key) throw WebhookNotConfigured(provider === 'mailgun' ? 'Mailgun' : 'generic');
    const now = clock();
    if ((await store.readerAccess.hit(`esp-webhook:${client}`, now, 60_000)) > WEBHOOK_RATE.perMinute) throw WebhookRateLimited();
    const { events, replayKey } = provider === 'mailgun' ? mailgunEvents(raw, key, now) : genericEvents(raw, headers, key, now);
    // A signed request seen before (within the window its timestamp is accepted in) changes nothing again.
    if ((await store.readerAccess.hit(`esp-replay:${replayKey}`, now, WEBHOOK_MAX_AGE_MS + WEBHOOK_MAX_AHEAD_MS)) > 1) return 0;
    const claim = await this.tokenIn(raw);
    let applied = 0;
    for (const event of events) if (await this.apply(event, claim && events.length === 1 ? claim : undefined, raw)) applied++;
    return applied;
  }

  private async apply(event: EspEvent, claim: { readerId: number; listId: number } | undefined, raw: string): Promise<boolean> {
    const { store, clock } = this.deps;
    if (event.kind === 'complaint') return (await this.deps.complaint(claim ? { report: raw } : { email: event.email })) !== undefined;
    const reader = claim ? await store.readers.byId(claim.readerId) : await store.readers.byEmail(event.email);
    if (!reader) return false;
    const now = clock();
    await store.transaction(async (repos) => {
      if (claim) await repos.newsletters.end(claim.listId, reader.id, 'bounced', now);
      else await repos.newsletters.endAll(reader.id, 'bounced', now);
      await repos.readers.recordHardBounce(reader.id, now, HARD_BOUNCE_LIMIT);
    });
    return true;
  }

  /** Our own signed unsubscribe token, when the payload echoes the message's headers or variables. */
  private async tokenIn(raw: string): Promise<{ readerId: number; listId: number } | undefined> {
    const secret = await this.deps.secret();
    for (const m of raw.matchAll(/\/newsletters\/unsubscribe\?t=(u1\.\d{1,15}\.\d{1,15}\.[A-Za-z0-9_-]{43})/g)) {
      const claim = readUnsubscribeToken(secret, m[1] ?? '');
      if (claim) return claim;
    }
    return undefined;
  }
}

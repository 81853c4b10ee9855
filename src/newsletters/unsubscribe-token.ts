import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link names: one reader, one list. */
export interface UnsubscribeClaim {
  readonly readerId: number;
  readonly listId: number;
}

const VERSION = 'u1';

function mac(secret: string, readerId: number, listId: number): string {
  return createHmac('sha256', secret).update(`unsubscribe:${readerId}:${listId}`).digest('base64url');
}

/**
 * A token for a one-click unsubscribe link: the reader and list in the clear, HMAC-SHA256-signed.
 * It does not expire: a link in a mail read months later must still work (RFC 8058 asks the URL to
 * keep working; mailbox providers call it long after delivery).
 * @example unsubscribeToken('secret…', 12, 3) // 'u1.12.3.Jx…'
 */
export function unsubscribeToken(secret: string, readerId: number, listId: number): string {
  return `${VERSION}.${readerId}.${listId}.${mac(secret, readerId, listId)}`;
}

/** The claim a token makes, or undefined when it is malformed or not signed with `secret`. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | undefined {
  const m = /^u1\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const readerId = Number(m[1]);
  const listId = Number(m[2]);
  const expected = Buffer.from(mac(secret, readerId, listId));
  const given = Buffer.from(m[3] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { readerId, listId } : undefined;
}

/** What a double opt-in link names: one reader and the lists they chose (one or several). */
export interface ConfirmClaim {
  readonly readerId: number;
  readonly listIds: readonly number[];
}

function confirmMac(secret: string, readerId: number, lists: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`confirm:${readerId}:${lists}:${expiresAt}`).digest('base64url');
}

/**
 * A double opt-in link's token: reader, the chosen lists (ids joined by `-`) and expiry, signed (a
 * different purpose from unsubscribing, so one cannot pass for the other). A one-list token reads
 * exactly as the first version did, so links mailed before several lists could be chosen still work.
 */
export function confirmToken(secret: string, readerId: number, listIds: number | readonly number[], expiresAt: number): string {
  const lists = (typeof listIds === 'number' ? [listIds] : [...listIds]).join('-');
  return `c1.${readerId}.${lists}.${expiresAt}.${confirmMac(secret, readerId, lists, expiresAt)}`;
}

/** The claim of a confirmation token still valid at `now`, or undefined. */
export function readConfirmToken(secret: string, token: string, now: number): ConfirmClaim | undefined {
  const m = /^c1\.(\d{1,15})\.(\d{1,15}(?:-\d{1,15}){0,19})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const [readerId, lists, expiresAt] = [Number(m[1]), m[2] ?? '', Number(m[3])];
  const expected = Buffer.from(confirmMac(secret, readerId, lists, expiresAt));
  const given = Buffer.from(m[4] ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || expiresAt < now) return undefined;
  return { readerId, listIds: lists.split('-').map(Number) };
}

import { hash } from 'node:crypto';

/**
 * The name part of a content-addressed asset URL (`/assets/site.<hash>.css`): 12 hex digits of the
 * body's SHA-256. A changed body changes its URL, so an asset can be cached for a year as
 * immutable without a reader ever mixing two versions; 48 bits make two versions of one asset
 * sharing a name vanishingly unlikely.
 */
export function contentHash(body: string | Buffer): string {
  return hash('sha256', body, 'hex').slice(0, 12);
}

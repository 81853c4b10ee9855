/**
 * An issue's sponsor slot: a creative of the advertising `newsletter` slot that bought it. The
 * issue keeps the choice as JSON (0024), so what was sent is what the archive shows.
 */

/** A creative that may take an issue's sponsor slot. */
export interface SponsorOffer {
  readonly creativeId: number;
  readonly advertiser: string;
  readonly alt: string;
  /** Its campaign's weight: a new issue takes the heaviest (then the oldest creative). */
  readonly weight: number;
}

/** The sponsor an issue carries, as it was chosen (kept with the issue as JSON). */
export interface IssueSponsor {
  readonly creativeId: number;
  readonly advertiser: string;
  readonly alt: string;
}

export function sponsorJson(sponsor: IssueSponsor | null): string | null {
  return sponsor ? JSON.stringify({ creativeId: sponsor.creativeId, advertiser: sponsor.advertiser, alt: sponsor.alt }) : null;
}

export function parseSponsor(json: string | null): IssueSponsor | null {
  return json ? (JSON.parse(json) as IssueSponsor) : null;
}

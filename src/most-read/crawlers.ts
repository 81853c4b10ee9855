/**
 * User agents that are not readers: search and social crawlers, link previews, monitors and
 * command-line clients. Matched case-insensitively anywhere in the header; a request without a
 * user agent is not a reader either.
 */
const NOT_READERS =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|quora link preview|whatsapp|telegram|skypeuripreview|bingpreview|headlesschrome|lighthouse|pingdom|uptime|monitor|curl\/|wget\/|python-requests|python-urllib|go-http-client|java\/|okhttp|axios|node-fetch|undici|libwww|httpclient|feedfetcher|feedly|inoreader|newsblur/i;

/**
 * Whether a request's user agent is a known crawler, preview fetcher or script (not counted).
 * @example isCrawler('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)') // true
 */
export function isCrawler(userAgent: string | undefined): boolean {
  return !userAgent?.trim() || NOT_READERS.test(userAgent);
}

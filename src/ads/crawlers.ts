/**
 * Known crawlers and tools, by user agent: their requests are answered but never counted. An empty
 * user agent counts as a tool. Headless browsers are not in the list: a page loaded by one did
 * load the creative (and the site's own browser tests use one).
 */
const CRAWLER =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|quora link preview|outbrain|pinterest|vkshare|w3c_validator|whatsapp|preview|curl\/|wget\/|python-requests|python-urllib|go-http-client|java\/|okhttp|libwww|httpclient|axios\/|node-fetch|undici|lighthouse|pingdom|uptimerobot|monitor/i;

export function isCrawler(userAgent: string | undefined): boolean {
  return !userAgent || CRAWLER.test(userAgent);
}

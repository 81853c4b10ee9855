/**
 * A request's `Host` as sites store it: lower case, without port or trailing dot. Undefined for
 * anything that is not a plain DNS name or IP address (then the first site answers).
 */
export function normalHost(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let host = raw.trim().toLowerCase();
  // [::1]:3000 → ::1; name:3000 → name
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  else host = host.replace(/:\d*$/, '');
  host = host.replace(/\.$/, '');
  return HOST.test(host) ? host : undefined;
}

// Labels of letters, digits and hyphens (IDNs arrive punycoded), or an IPv6 address.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|[0-9a-f:.]+)$/;

/**
 * Sites as the browser draws their borders: a scheme plus a registrable domain, found with the public suffix list
 * (tldts ships its own copy, so this works offline), private registries included, since `github.io` pages belong
 * to different people just as `co.uk` sites do.
 */
import { getDomain, parse } from 'tldts';

const OPTIONS = { allowPrivateDomains: true } as const;

/** The registrable domain of a hostname ("a.b.example.co.uk" → "example.co.uk"); IPs and single labels as they are. */
export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return host;
  return getDomain(host, OPTIONS) ?? host;
}

/**
 * True when the host is itself on the public suffix list ("co.uk", "com", "github.io"): no one site owns what is
 * under it. Names the list doesn't know ("localhost", "intranet") aren't.
 */
export function isPublicSuffix(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || host.startsWith('[')) return false;
  const parsed = parse(host, OPTIONS);
  return (
    !parsed.isIp &&
    parsed.domain === null &&
    parsed.publicSuffix === host &&
    (parsed.isIcann || parsed.isPrivate) === true
  );
}

/** Whether two http(s) URLs are the same site (scheme and registrable domain; ports don't count, as for cookies). */
export function sameSite(a: string, b: string): boolean {
  let x: URL;
  let y: URL;
  try {
    x = new URL(a);
    y = new URL(b);
  } catch {
    return false;
  }
  const web = (u: URL) => u.protocol === 'http:' || u.protocol === 'https:';
  return (
    web(x) &&
    web(y) &&
    x.protocol === y.protocol &&
    registrableDomain(x.hostname) === registrableDomain(y.hostname)
  );
}

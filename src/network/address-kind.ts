/**
 * How far from the public internet an address is, read from the URL alone (no DNS): 'loopback' (this device),
 * 'private' (the local network: RFC 1918, carrier-grade NAT, IPv6 unique-local, link-local) or 'public'. URL
 * parsing has already turned every spelling of an IPv4 address (2130706433, 0x7f.1, 0177.0.0.1, 127.1) into dotted
 * decimal and put IPv6 in brackets, so only those forms are read here.
 */

export type AddressKind = 'public' | 'private' | 'loopback';

/** Dotted-decimal IPv4 → its four octets; null for anything else. */
function ipv4(host: string): [number, number, number, number] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const [a = 0, b = 0, c = 0, d = 0] = parts.map(Number);
  return [a, b, c, d].every((n) => n <= 255) ? [a, b, c, d] : null;
}

function ipv4Kind([a, b]: [number, number, number, number]): AddressKind {
  if (a === 127) return 'loopback';
  // "This network" (0.0.0.0 reaches this device on most systems).
  if (a === 0) return 'loopback';
  if (a === 10) return 'private';
  if (a === 172 && b >= 16 && b <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  // Link-local (where cloud metadata services answer) and carrier-grade NAT.
  if (a === 169 && b === 254) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  // Multicast, reserved and broadcast: never a web page's image.
  if (a >= 224) return 'private';
  return 'public';
}

/** "[fe80::1]" → its eight 16-bit groups; null when it isn't a bracketed IPv6 address. */
function ipv6(host: string): number[] | null {
  const m = /^\[([0-9a-f:.]+)\]$/i.exec(host);
  if (!m?.[1]) return null;
  let text = m[1];
  // An IPv4 tail (URL parsing writes these in hex, but be safe): a.b.c.d → two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const v4 = ipv4(tail);
    if (!v4) return null;
    text = `${text.slice(0, -tail.length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 0) return null;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function ipv6Kind(g: number[]): AddressKind {
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && (g7 === 1 || g7 === 0)) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address decides.
  if (zeroTo(5) && g5 === 0xffff) return ipv4Kind([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  // Unique-local fc00::/7, link-local fe80::/10, the old site-local fec0::/10, multicast ff00::/8.
  if ((g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xff00) === 0xff00) return 'private';
  return 'public';
}

/** The kind of a URL's hostname (`new URL(u).hostname`); names other than localhost count as public. */
export function addressKind(hostname: string): AddressKind {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  const v4 = ipv4(host);
  if (v4) return ipv4Kind(v4);
  const v6 = ipv6(host);
  if (v6) return ipv6Kind(v6);
  return 'public';
}

const REACH: Record<AddressKind, number> = { public: 0, private: 1, loopback: 2 };

/**
 * Whether a page at `from` may have the extension fetch from `to`: only towards addresses no more private than
 * its own (a public page reaches public addresses; a page on the local network reaches it and the internet; a
 * page on this device reaches everything), as Chrome's Private Network Access rules do for the page itself.
 */
export function mayReach(from: AddressKind, to: AddressKind): boolean {
  return REACH[to] <= REACH[from];
}

/**
 * Which IP addresses the scanner may connect to. The scanner follows addresses it learned from
 * the web, so anything that is not a globally reachable unicast address is refused: loopback,
 * private networks, link-local (the cloud metadata service at 169.254.169.254), carrier-grade
 * NAT, multicast, reserved and documentation ranges. Addresses that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) are judged by the embedded address, so a
 * private target cannot be smuggled in through an IPv6 spelling.
 *
 * Ranges: IANA IPv4/IPv6 Special-Purpose Address Registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry/,
 * https://www.iana.org/assignments/iana-ipv6-special-registry/).
 */
import { isIP } from 'node:net';

/** IPv4 ranges that are never a public web server, as [network, prefix length]. */
const NON_PUBLIC_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes the cloud metadata service
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation TEST-NET-1
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation TEST-NET-2
  ['203.0.113.0', 24], // documentation TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes the limited broadcast 255.255.255.255
];

/**
 * IPv6 ranges refused outright (inside the global unicast block 2000::/3; everything outside
 * it is refused anyway, apart from the IPv4-embedding prefixes handled separately).
 */
const NON_PUBLIC_V6: ReadonlyArray<readonly [string, number]> = [
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID (deprecated)
  ['2001:20::', 28], // ORCHIDv2
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
];

const V4_RANGES = NON_PUBLIC_V4.map(([net, bits]) => ({ net: parseV4(net) as number, bits }));
const V6_RANGES = NON_PUBLIC_V6.map(([net, bits]) => ({ net: parseV6(net) as number[], bits }));

/**
 * Whether `ip` (an IPv4 or IPv6 literal, optionally in brackets or with a `%zone`) is a public
 * unicast address the scanner may connect to. Anything unparsable is not public.
 */
export function isPublicAddress(ip: string): boolean {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  // A zone id only exists on link-local (scoped) addresses, which are refused anyway.
  if (text.includes('%')) return false;
  const version = isIP(text);
  if (version === 4) return isPublicV4(parseV4(text) as number);
  if (version === 6) {
    const words = parseV6(text);
    return words !== undefined && isPublicV6(words);
  }
  return false;
}

function isPublicV4(addr: number): boolean {
  return !V4_RANGES.some(({ net, bits }) => inV4Range(addr, net, bits));
}

function isPublicV6(w: number[]): boolean {
  const embeddedAt96 = ((w[6] << 16) | w[7]) >>> 0;
  const upperZero = (n: number): boolean => w.slice(0, n).every((x) => x === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (deprecated IPv4-compatible; also covers :: and ::1,
  // whose embedded "addresses" 0.0.0.0 and 0.0.0.1 are refused as "this network").
  if (upperZero(5) && (w[5] === 0xffff || w[5] === 0)) return isPublicV4(embeddedAt96);
  // 64:ff9b::/96 well-known NAT64 prefix: the gateway would connect to the embedded IPv4.
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) return isPublicV4(embeddedAt96);
  // 6to4 (2002::/16): the IPv4 address of the tunnel end point sits in bits 16..47.
  if (w[0] === 0x2002) return isPublicV4(((w[1] << 16) | w[2]) >>> 0);
  // Teredo (2001::/32): the client's IPv4 address is stored inverted in the last 32 bits.
  if (w[0] === 0x2001 && w[1] === 0) return isPublicV4(~embeddedAt96 >>> 0) && isPublicV4(((w[2] << 16) | w[3]) >>> 0);
  // Only the global unicast block 2000::/3 holds public addresses; this excludes ::/8, 64:ff9b:1::/48,
  // 100::/64 (discard), fc00::/7 (ULA), fe80::/10 (link-local), fec0::/10 and ff00::/8 (multicast).
  if ((w[0] & 0xe000) !== 0x2000) return false;
  return !V6_RANGES.some(({ net, bits }) => inV6Range(w, net, bits));
}

function inV4Range(addr: number, net: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((addr & mask) >>> 0) === ((net & mask) >>> 0);
}

function inV6Range(addr: number[], net: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i += 1, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((addr[i] & mask) !== (net[i] & mask)) return false;
  }
  return true;
}

/** Dotted-quad IPv4 to an unsigned 32-bit number (undefined when malformed). */
function parseV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0);
}

/** IPv6 text (already validated by `isIP`, or one of our constants) to eight 16-bit words. */
function parseV6(text: string): number[] | undefined {
  let head = text;
  const tailWords: number[] = [];
  const lastColon = head.lastIndexOf(':');
  if (head.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(head.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tailWords.push(v4 >>> 16, v4 & 0xffff);
    // Keep the colon so that "::1.2.3.4" still ends in "::".
    head = head.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const toWords = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const gap = head.indexOf('::');
  let words: number[];
  if (gap >= 0) {
    const left = toWords(head.slice(0, gap));
    const right = [...toWords(head.slice(gap + 2)), ...tailWords];
    const zeros = 8 - left.length - right.length;
    if (zeros < 0) return undefined;
    words = [...left, ...new Array<number>(zeros).fill(0), ...right];
  } else {
    words = [...toWords(head), ...tailWords];
  }
  if (words.length !== 8 || words.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffff)) return undefined;
  return words;
}

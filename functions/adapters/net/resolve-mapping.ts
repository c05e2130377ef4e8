/**
 * Operator host mappings in curl's `--resolve host:port:address` syntax
 * (https://curl.se/docs/manpage.html#--resolve). A mapped host:port connects to the mapped
 * address without DNS, and is the only way the fetcher reaches a non-public address: tests, the
 * demo and the benchmark point fake government host names at servers on 127.0.0.1.
 */
import { isIP } from 'node:net';

/** One `host:port:address` mapping. */
export interface ResolveMapping {
  /** Lower-case ASCII (punycode) host name, or `*` for any host on that port. */
  host: string;
  port: number;
  /** IPv4 or IPv6 literal, without brackets. */
  address: string;
}

/**
 * Parses one mapping as curl writes it: `so-tttt.hanoi.gov.vn:443:127.0.0.1`,
 * `*:8080:10.1.2.3`, `example.vn:443:[::1]`. A leading `+` (curl's "time out this entry") is
 * accepted and ignored. Only one address per mapping.
 * @throws Error naming the bad part when the text is not a valid mapping.
 */
export function parseResolveMapping(text: string): ResolveMapping {
  const spec = text.trim().replace(/^\+/, '');
  const hostEnd = spec.startsWith('[') ? spec.indexOf(']') + 1 : spec.indexOf(':');
  if (hostEnd <= 0 || spec[hostEnd] !== ':') {
    throw new Error(`invalid --resolve mapping "${text}": expected host:port:address`);
  }
  const rawHost = spec.slice(0, hostEnd);
  const rest = spec.slice(hostEnd + 1);
  const portEnd = rest.indexOf(':');
  if (portEnd < 0) throw new Error(`invalid --resolve mapping "${text}": missing address after the port`);
  const rawPort = rest.slice(0, portEnd);
  const rawAddress = rest.slice(portEnd + 1);

  const host = normaliseMappedHost(rawHost, text);
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) {
    throw new Error(`invalid --resolve mapping "${text}": port "${rawPort}" is not a number from 1 to 65535`);
  }
  if (rawAddress.includes(',')) {
    throw new Error(`invalid --resolve mapping "${text}": address "${rawAddress}" lists several addresses; give one`);
  }
  const address = rawAddress.startsWith('[') && rawAddress.endsWith(']') ? rawAddress.slice(1, -1) : rawAddress;
  if (isIP(address) === 0) {
    throw new Error(`invalid --resolve mapping "${text}": address "${rawAddress}" is not an IPv4 or [IPv6] literal`);
  }
  return { host, port: Number(rawPort), address };
}

/**
 * The mapping for `host:port`, if any: an exact host match wins over a `*` wildcard. The
 * wildcard stands for host names only: an IP-literal URL found on the web must not be
 * redirected to the operator's address by a catch-all mapping.
 * `host` must already be normalised as a URL hostname is (lower-case, IPv6 with or without brackets).
 */
export function findResolveMapping(mappings: readonly ResolveMapping[], host: string, port: number): ResolveMapping | undefined {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const exact = mappings.find((m) => m.port === port && m.host === bare);
  if (exact || isIP(bare) !== 0) return exact;
  return mappings.find((m) => m.port === port && m.host === '*');
}

function normaliseMappedHost(rawHost: string, text: string): string {
  if (rawHost === '*') return '*';
  if (rawHost.startsWith('[')) {
    const inner = rawHost.slice(1, -1);
    if (isIP(inner) !== 6) throw new Error(`invalid --resolve mapping "${text}": host "${rawHost}" is not an IPv6 literal`);
    return new URL(`http://${rawHost}/`).hostname.slice(1, -1);
  }
  let hostname: string;
  try {
    // The URL parser gives the same canonical form (lower case, punycode) as the URLs we fetch.
    hostname = new URL(`http://${rawHost}/`).hostname;
  } catch {
    throw new Error(`invalid --resolve mapping "${text}": host "${rawHost}" is not a valid host name`);
  }
  if (hostname === '' || /[/?#@\s]/.test(rawHost)) {
    throw new Error(`invalid --resolve mapping "${text}": host "${rawHost}" is not a valid host name`);
  }
  return hostname.replace(/\.$/, '');
}

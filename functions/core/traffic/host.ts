/**
 * Domain cells of EMC exports. Joins use `siteHost` (functions/core/url.ts): EMC exports write
 * `https://www.example.gov.vn/`, the registry `example.gov.vn`; both meet on one key.
 */

/**
 * Normalises what an exporter wrote in a "domain" cell (`https://www.x.gov.vn/trang-chu`,
 * `x.gov.vn:8080`, `WWW.X.GOV.VN`) to a host name (lower-case, punycode for IDN, no port, no
 * trailing dot; `www.` kept). Returns undefined when the cell holds no usable host name.
 */
export function normaliseDomainCell(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let hostname: string;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    hostname = url.hostname;
  } catch {
    return undefined;
  }
  hostname = hostname.replace(/\.$/, '');
  // A host needs a dot and letters: "12345" or "localhost" are not site domains.
  if (!hostname.includes('.') || !/[a-z]/.test(hostname) || hostname.startsWith('[')) return undefined;
  return hostname;
}

/**
 * Domain cells of EMC exports. Joins use `siteHost` (functions/core/url.ts): EMC exports write
 * `https://www.example.gov.vn/`, the registry `example.gov.vn`; both meet on one key.
 */
import { normaliseSiteUrl } from '../url.ts';

/**
 * Normalises what an exporter wrote in a "domain" cell (`https://www.x.gov.vn/trang-chu`,
 * `x.gov.vn:8080`, `WWW.X.GOV.VN`) to a host name (lower-case, punycode for IDN, no port, no
 * trailing dot; `www.` kept). Returns undefined when the cell holds no usable host name.
 */
export function normaliseDomainCell(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (/\s/.test(trimmed)) return undefined;
  // The same address rules as everywhere else (scheme, IDN, port, trailing dot, credentials).
  const site = normaliseSiteUrl(trimmed);
  if (!site.ok) return undefined;
  const hostname = site.host;
  // A host needs a dot and letters: "12345" or "localhost" are not site domains.
  if (!hostname.includes('.') || !/[a-z]/.test(hostname) || hostname.startsWith('[')) return undefined;
  return hostname;
}

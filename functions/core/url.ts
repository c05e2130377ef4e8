/**
 * URLs and hosts as users and registries write them, and the host rules of the link criteria
 * (docs/checks.md): a site is identified by its host name, ignoring case, a trailing dot, a
 * leading `www.` and the port. Pure: WHATWG `URL` and tldts only, no DNS.
 */
import { getDomain } from 'tldts';
import { NON_PAGE_SCHEMES, SKIPPED_FILE_EXTENSIONS } from './rules/links.ts';
import type { LocalizedText } from './types.ts';

export type NormalisedSiteUrl =
  | { ok: true; url: string; host: string; notes: LocalizedText[] }
  | { ok: false; error: LocalizedText };

/**
 * `scheme:` at the start. A dotted "scheme" (`hanoi.gov.vn:8080`) or one followed by a digit
 * (`localhost:8080`) is a host with a port: no real scheme looks like that.
 */
const SCHEME_PREFIX = /^([a-z][a-z0-9+.-]*):/i;
const CONTROL_CHAR = /\p{Cc}/u;
const SPACE_OR_CONTROL = /[\s\p{Cc}]/u;
const ECHO_LIMIT = 100;

/**
 * Normalises a site address typed by a user or read from a registry into the homepage URL the
 * auditor fetches. Adds `https://` when no scheme is given, accepts only http/https, rejects
 * user info, bad ports and hosts with spaces; lower-cases the host, drops its trailing dot,
 * converts an internationalised name to punycode, drops the default port and the fragment,
 * keeps path and query. IP literals are accepted: whether an address is safe to fetch is the
 * fetcher's decision, not this function's.
 */
export function normaliseSiteUrl(input: string): NormalisedSiteUrl {
  const text = input.trim();
  const notes: LocalizedText[] = [];
  if (text === '') return fail({ vi: 'Địa chỉ trống', en: 'The address is empty' });
  if (CONTROL_CHAR.test(text)) {
    return fail({
      vi: 'Địa chỉ chứa ký tự điều khiển (xuống dòng, tab…)',
      en: 'The address contains control characters (line break, tab…)',
    });
  }

  let withScheme = text;
  const scheme = SCHEME_PREFIX.exec(text);
  const looksLikeHostPort = scheme !== null && (scheme[1].includes('.') || /^\d/.test(text.slice(scheme[0].length)));
  if (text.startsWith('//')) {
    withScheme = `https:${text}`;
    notes.push(schemeAddedNote());
  } else if (scheme === null || looksLikeHostPort) {
    withScheme = `https://${text}`;
    notes.push(schemeAddedNote());
  } else {
    const name = scheme[1].toLowerCase();
    if (name !== 'http' && name !== 'https') {
      return fail({
        vi: `Giao thức "${name}:" không được hỗ trợ: chỉ chấp nhận http:// hoặc https://`,
        en: `Unsupported scheme "${name}:": only http:// and https:// are accepted`,
      });
    }
  }

  const authorityError = checkAuthority(withScheme);
  if (authorityError) return fail(authorityError);

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return fail({ vi: `Địa chỉ không hợp lệ: "${echo(text)}"`, en: `Invalid address: "${echo(text)}"` });
  }
  const hostname = url.hostname.replace(/\.+$/, '');
  if (hostname === '') return fail(emptyHostError());
  url.hostname = hostname;
  url.hash = '';

  const typedHost = rawAuthority(withScheme).host;
  if (/[^\x20-\x7e]/.test(typedHost)) {
    notes.push({
      vi: `Tên miền "${echo(typedHost)}" được chuyển sang dạng punycode "${url.hostname}"`,
      en: `Internationalised domain name "${echo(typedHost)}" converted to punycode "${url.hostname}"`,
    });
  }
  return { ok: true, url: url.href, host: url.hostname, notes };
}

/** A host name already as {@link hostnameOf} returns it: lower-case ASCII labels, no port, no trailing dot. */
const PLAIN_HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;

/**
 * The host name alone, as compared by the link rules: trimmed, lower-cased, without port and
 * trailing dot, non-ASCII names in punycode. `www.` is kept (see {@link siteHost}).
 */
export function hostnameOf(host: string): string {
  // Most hosts are already in that form (a link's host is lower-cased by the URL parser).
  if (PLAIN_HOST.test(host)) return host;
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    return end === -1 ? name : name.slice(0, end + 1);
  }
  // One colon is a port; several are an unbracketed IPv6 literal, kept whole.
  if (name.split(':').length === 2) name = name.slice(0, name.indexOf(':'));
  name = name.replace(/\.+$/, '');
  if (/[^\x20-\x7e]/.test(name)) {
    try {
      name = new URL(`http://${name}/`).hostname;
    } catch {
      // Not a valid host name: compared as typed, so it simply matches nothing else.
    }
  }
  return name;
}

/** A site's identity for comparisons and de-duplication: {@link hostnameOf} with a leading `www.` removed. */
export function siteHost(host: string): string {
  return hostnameOf(host).replace(/^www\./, '');
}

/**
 * Whether two hosts are the same site: case, a trailing dot, a leading `www.` and the port
 * are ignored (`www.hanoi.gov.vn` = `HANOI.gov.vn.` = `hanoi.gov.vn:8080`). Empty never matches.
 */
export function sameSite(hostA: string, hostB: string): boolean {
  const a = siteHost(hostA);
  return a !== '' && a === siteHost(hostB);
}

/**
 * The registrable domain of a host by the Public Suffix List (`gov.vn` is a public suffix, so
 * `so-tttt.hanoi.gov.vn` → `hanoi.gov.vn`). Private suffixes count as public
 * (`foo.github.io` stays `foo.github.io`): different owners are different sites.
 * Undefined for IP literals, single labels and bare suffixes.
 */
export function registrableDomain(host: string): string | undefined {
  return getDomain(hostnameOf(host), { allowPrivateDomains: true }) ?? undefined;
}

/**
 * The parent portal host of a component, inferred from its registrable domain
 * (`so-tttt.hanoi.gov.vn` → `hanoi.gov.vn`). Undefined when the host is itself the registrable
 * domain (`www.` ignored), or has none.
 */
export function inferParentHost(host: string): string | undefined {
  const domain = registrableDomain(host);
  if (domain === undefined || siteHost(host) === domain) return undefined;
  return domain;
}

/** Whether `host` is `domain` or a subdomain of it (case, trailing dot and port ignored). */
export function isUnderDomain(host: string, domain: string): boolean {
  const h = hostnameOf(host);
  const d = hostnameOf(domain);
  return d !== '' && (h === d || h.endsWith(`.${d}`));
}

/** The root of the site a URL belongs to, `scheme://host[:port]/`; undefined unless http(s). */
export function siteRootUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return `${parsed.protocol}//${parsed.host}/`;
  } catch {
    return undefined;
  }
}

/**
 * Whether a link leads to a web page: an http(s) `url` whose raw `href` is not a non-page
 * scheme (`javascript:`, `mailto:`…) and whose path does not end with a file extension
 * (`.pdf`, `.docx`, images, archives…).
 */
/**
 * The path of an absolute http(s) URL as the URL parser serialises it (a link's `url`), read
 * without parsing it again; undefined for another scheme or a string that is not one.
 */
function httpPathOf(url: string): string | undefined {
  const start = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
  if (start === -1) {
    // Not as the parser writes it (a hand-built link): parsed after all.
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.pathname : undefined;
    } catch {
      return undefined;
    }
  }
  return /^[^/?#]*(\/[^?#]*)?/.exec(url.slice(start))?.[1] ?? '/';
}

export function isWebPageLink(link: { href: string; url?: string }): boolean {
  if (link.url === undefined) return false;
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(link.href)?.[1].toLowerCase();
  if (scheme !== undefined && NON_PAGE_SCHEMES.includes(scheme)) return false;
  const path = httpPathOf(link.url)?.toLowerCase();
  if (path === undefined) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  const dot = lastSegment.lastIndexOf('.');
  return dot === -1 || !SKIPPED_FILE_EXTENSIONS.includes(lastSegment.slice(dot + 1));
}

function checkAuthority(withScheme: string): LocalizedText | undefined {
  const { userinfo, host, port } = rawAuthority(withScheme);
  if (userinfo) {
    return {
      vi: 'Địa chỉ không được chứa tên đăng nhập/mật khẩu (phần "tên:mật-khẩu@" trước tên miền)',
      en: 'The address must not contain a user name or password (the "user:password@" part before the host)',
    };
  }
  if (host === '') return emptyHostError();
  if (SPACE_OR_CONTROL.test(host)) {
    return {
      vi: `Tên miền chứa khoảng trắng: "${echo(host)}"`,
      en: `The host name contains spaces: "${echo(host)}"`,
    };
  }
  if (port !== undefined && port !== '') {
    const value = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
    if (!(value >= 1 && value <= 65535)) {
      return {
        vi: `Cổng không hợp lệ: "${echo(port)}" (phải là số từ 1 đến 65535)`,
        en: `Invalid port: "${echo(port)}" (must be a number from 1 to 65535)`,
      };
    }
  }
  return undefined;
}

/**
 * Splits the authority of `scheme:[//]authority[/…]` the way WHATWG does for http(s) (any run
 * of `/` or `\` after the scheme; authority ends at `/`, `\`, `?` or `#`), so that problems
 * can be named before `URL` rejects or silently rewrites them.
 */
function rawAuthority(withScheme: string): { userinfo?: string; host: string; port?: string } {
  const rest = withScheme.slice(withScheme.indexOf(':') + 1).replace(/^[/\\]*/, '');
  const authority = rest.split(/[/\\?#]/, 1)[0];
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? undefined : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end === -1) return { userinfo, host: hostPort };
    const after = hostPort.slice(end + 1);
    return { userinfo, host: hostPort.slice(0, end + 1), port: after.startsWith(':') ? after.slice(1) : undefined };
  }
  const colon = hostPort.indexOf(':');
  if (colon === -1) return { userinfo, host: hostPort };
  return { userinfo, host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

function schemeAddedNote(): LocalizedText {
  return { vi: 'Địa chỉ không ghi giao thức: dùng https://', en: 'No scheme given: https:// assumed' };
}

function emptyHostError(): LocalizedText {
  return { vi: 'Địa chỉ thiếu tên miền', en: 'The address has no host name' };
}

function echo(text: string): string {
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}

function fail(error: LocalizedText): NormalisedSiteUrl {
  return { ok: false, error };
}

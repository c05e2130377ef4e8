/**
 * Content-Security-Policy as a browser enforces it (CSP Level 3), for the one question 2.1 asks:
 * may the EMC snippet run, load `gov-tracking.min.js` and send its hit on this page?
 * (docs/checks.md "emc-tracking-code", "Content-Security-Policy").
 *
 * - Policies come from `Content-Security-Policy` headers (several headers, or one with
 *   comma-separated policies) and `<meta http-equiv>` tags inside `<head>`. Every enforced
 *   policy must allow a request (they intersect). `…-Report-Only` headers block nothing; a meta
 *   tag cannot be report-only (browsers ignore it).
 * - A meta policy only governs what starts after the parser reaches it: a snippet before it
 *   runs and starts its script fetch unhindered, but the later hit is subject to it.
 * - Fallbacks: `script-src-elem` → `script-src` → `default-src`; `connect-src` / `img-src` →
 *   `default-src`. No applicable directive: allowed.
 * - Sources: `*`, `'self'`, scheme sources (`https:`), host sources with `*.` wildcards, ports
 *   and paths; `'none'`; nonces and hashes for inline scripts (which then make
 *   `'unsafe-inline'` ignored); `'strict-dynamic'` (host sources ignored, scripts created by a
 *   trusted script allowed, parser-inserted ones need a nonce).
 * Pure.
 */
import { createHash } from 'node:crypto';

/** One policy as delivered. */
export interface PolicySource {
  /** `header`: a response header; `meta`: a `<meta http-equiv="Content-Security-Policy">` in `<head>`. */
  origin: 'header' | 'meta';
  /** `report`: from `Content-Security-Policy-Report-Only` (observes, never blocks). */
  disposition: 'enforce' | 'report';
  /** The policy text (one policy; header values with commas are split before). */
  text: string;
  /** For meta policies: offset of the tag in the page (it applies to what comes later). */
  offset?: number;
}

/** A parsed policy: directive name → its source list (first occurrence wins, as browsers do). */
export interface Policy {
  source: PolicySource;
  directives: Map<string, string[]>;
}

/** What the browser would refuse, and under which directive of which policy. */
export interface PolicyBlock {
  /** `inline`: the snippet's own script block; `script`: the EMC script; `hit`: the beacon. */
  what: 'inline' | 'script' | 'hit';
  /** The directive whose list decided (`script-src`, `default-src`, …). */
  directive: string;
  /** The directive as written in the policy, for evidence: `script-src 'self' 'unsafe-inline'`. */
  excerpt: string;
  origin: PolicySource['origin'];
  url?: string;
}

const SCRIPT_DIRECTIVES = ['script-src-elem', 'script-src', 'default-src'];
const CONNECT_DIRECTIVES = ['connect-src', 'default-src'];
const IMG_DIRECTIVES = ['img-src', 'default-src'];
const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)(?::(\*|\d{1,5}))?(\/[^?#]*)?$/i;
const SCHEME_SOURCE = /^([a-z][a-z0-9+.-]*):$/i;
const HASH_SOURCE = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'$/i;
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/** The policies of a response: CSP header values (each may hold several policies). */
export function headerPolicies(headers: Record<string, string>): PolicySource[] {
  const out: PolicySource[] = [];
  const add = (value: string | undefined, disposition: PolicySource['disposition']) => {
    // Fetch joins repeated headers with ", "; a comma also separates policies in one header.
    for (const text of (value ?? '').split(',')) if (text.trim() !== '') out.push({ origin: 'header', disposition, text: text.trim() });
  };
  add(headers['content-security-policy'], 'enforce');
  add(headers['content-security-policy-report-only'], 'report');
  return out;
}

/** Parses one policy (directive names lower-cased, first occurrence kept). */
export function parsePolicy(source: PolicySource): Policy {
  const directives = new Map<string, string[]>();
  for (const part of source.text.split(';')) {
    const tokens = part.trim().split(/[\t\n\f\r ]+/).filter((t) => t !== '');
    if (tokens.length === 0) continue;
    const name = tokens[0].toLowerCase();
    if (!directives.has(name)) directives.set(name, tokens.slice(1));
  }
  return { source, directives };
}

/** The facts about the snippet a policy is checked against. */
export interface SnippetFacts {
  pageUrl: string;
  /** Inline snippet text (undefined when the code is a `<script src>` only). */
  inlineText?: string;
  nonce?: string;
  /** Offset of the script tag that carries the code. */
  offset: number;
  /** URL of `gov-tracking.min.js`. */
  scriptUrl: string;
  /** True for `<script src>` in the HTML; false for the script the snippet creates. */
  parserInserted: boolean;
  /** Where the hit goes (tracker URL, or the script's origin when unknown). */
  hitUrl: string;
}

/**
 * The first thing the enforced policies refuse on the way from the snippet to EMC's hit, or
 * undefined when every step is allowed. A hit is refused only when both `img-src` and
 * `connect-src` refuse it (trackers fall back from one transport to the other).
 */
export function snippetBlockedBy(sources: readonly PolicySource[], facts: SnippetFacts): PolicyBlock | undefined {
  const page = safeUrl(facts.pageUrl);
  if (page === undefined) return undefined;
  for (const source of sources) {
    if (source.disposition !== 'enforce') continue;
    const policy = parsePolicy(source);
    // A meta policy met after the snippet does not govern the snippet nor its script fetch.
    const early = source.origin === 'header' || (source.offset ?? 0) < facts.offset;
    if (early) {
      if (facts.inlineText !== undefined) {
        const list = applicable(policy, SCRIPT_DIRECTIVES);
        if (list !== undefined && !allowsInline(list.sources, facts.inlineText, facts.nonce)) {
          return block('inline', list, policy);
        }
      }
      const scriptList = applicable(policy, SCRIPT_DIRECTIVES);
      if (scriptList !== undefined && !allowsScriptUrl(scriptList.sources, facts, page)) {
        return block('script', scriptList, policy, facts.scriptUrl);
      }
    }
    const img = applicable(policy, IMG_DIRECTIVES);
    const connect = applicable(policy, CONNECT_DIRECTIVES);
    const hit = safeUrl(facts.hitUrl);
    if (hit !== undefined && img !== undefined && connect !== undefined
      && !matchesAny(img.sources, hit, page) && !matchesAny(connect.sources, hit, page)) {
      return block('hit', img, policy, facts.hitUrl);
    }
  }
  return undefined;
}

/** Report-only policies that would have refused the snippet (information: they block nothing). */
export function reportOnlyObjections(sources: readonly PolicySource[], facts: SnippetFacts): PolicyBlock[] {
  return sources
    .filter((s) => s.disposition === 'report')
    .map((s) => snippetBlockedBy([{ ...s, disposition: 'enforce' }], facts))
    .filter((b): b is PolicyBlock => b !== undefined);
}

function block(what: PolicyBlock['what'], list: { directive: string; sources: string[] }, policy: Policy, url?: string): PolicyBlock {
  return {
    what,
    directive: list.directive,
    excerpt: [list.directive, ...list.sources].join(' '),
    origin: policy.source.origin,
    ...(url !== undefined ? { url } : {}),
  };
}

function applicable(policy: Policy, names: readonly string[]): { directive: string; sources: string[] } | undefined {
  for (const name of names) {
    const sources = policy.directives.get(name);
    if (sources !== undefined) return { directive: name, sources };
  }
  return undefined;
}

function allowsInline(sources: string[], text: string, nonce: string | undefined): boolean {
  const lower = sources.map((s) => s.toLowerCase());
  if (nonce !== undefined && nonce !== '' && sources.includes(`'nonce-${nonce}'`)) return true;
  const hashes = sources.map((s) => HASH_SOURCE.exec(s)).filter((m): m is RegExpExecArray => m !== null);
  for (const [, algorithm, digest] of hashes) {
    const actual = createHash(algorithm.toLowerCase()).update(text, 'utf8').digest('base64');
    if (normaliseBase64(actual) === normaliseBase64(digest)) return true;
  }
  const hasNonceOrHash = hashes.length > 0 || lower.some((s) => s.startsWith("'nonce-"));
  return lower.includes("'unsafe-inline'") && !hasNonceOrHash && !lower.includes("'strict-dynamic'");
}

function allowsScriptUrl(sources: string[], facts: SnippetFacts, page: URL): boolean {
  const url = safeUrl(facts.scriptUrl);
  if (url === undefined) return false;
  if (sources.some((s) => s.toLowerCase() === "'strict-dynamic'")) {
    // Host sources are ignored: a script the (trusted) snippet creates is allowed; a
    // parser-inserted one needs a nonce.
    if (!facts.parserInserted) return true;
    return facts.nonce !== undefined && sources.includes(`'nonce-${facts.nonce}'`);
  }
  if (facts.parserInserted && facts.nonce !== undefined && sources.includes(`'nonce-${facts.nonce}'`)) return true;
  return matchesAny(sources, url, page);
}

/** CSP "does url match source list" for network sources. */
export function matchesAny(sources: readonly string[], url: URL, page: URL): boolean {
  return sources.some((source) => matchesSource(source, url, page));
}

function matchesSource(raw: string, url: URL, page: URL): boolean {
  const source = raw.toLowerCase();
  if (source === '*') {
    return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.protocol === page.protocol;
  }
  if (source === "'self'") {
    if (url.host === page.host && url.protocol === page.protocol) return true;
    // 'self' also allows the secure upgrade of the page's own origin.
    return page.protocol === 'http:' && url.protocol === 'https:' && url.hostname === page.hostname
      && (page.port === '' || page.port === '80') && url.port === '';
  }
  if (source.startsWith("'")) return false;
  const scheme = SCHEME_SOURCE.exec(source);
  if (scheme) return schemeMatches(`${scheme[1]}:`, url.protocol);
  const host = HOST_SOURCE.exec(source);
  if (!host) return false;
  const [, sourceScheme, sourceHost, sourcePort, sourcePath] = host;
  if (sourceScheme !== undefined) {
    if (!schemeMatches(`${sourceScheme}:`, url.protocol)) return false;
  } else if (!schemeMatches(page.protocol, url.protocol)) {
    return false;
  }
  const hostname = url.hostname.replace(/\.$/, '');
  const wanted = sourceHost.replace(/\.$/, '');
  if (wanted === '*') {
    // A bare `*` host source with a scheme or port: any host.
  } else if (wanted.startsWith('*.')) {
    if (!hostname.endsWith(wanted.slice(1))) return false;
  } else if (hostname !== wanted) {
    return false;
  }
  if (sourcePort !== '*') {
    const urlPort = url.port === '' ? DEFAULT_PORTS[url.protocol] : url.port;
    const expected = sourcePort ?? DEFAULT_PORTS[sourceScheme !== undefined ? `${sourceScheme}:` : url.protocol];
    // http's default port also matches https's (the secure upgrade).
    const upgraded = sourcePort === undefined && expected === '80' && url.protocol === 'https:' && urlPort === '443';
    if (urlPort !== expected && !upgraded) return false;
  }
  if (sourcePath !== undefined && sourcePath !== '' && sourcePath !== '/') {
    const path = decodeURIComponent(url.pathname);
    const want = decodeURIComponent(sourcePath);
    if (want.endsWith('/') ? !path.startsWith(want) : path !== want) return false;
  }
  return true;
}

/** A source scheme matches its own scheme and its secure upgrade (http → https, ws → wss). */
function schemeMatches(source: string, actual: string): boolean {
  if (source === actual) return true;
  return (source === 'http:' && actual === 'https:') || (source === 'ws:' && actual === 'wss:');
}

function normaliseBase64(value: string): string {
  return value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

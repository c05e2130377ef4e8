/**
 * Shared domain types of the pure core. Everything here is plain data: no I/O, no clock,
 * no environment. Adapters (functions/adapters) and handlers build and consume these.
 */

/** The four outcomes of a check (docs/detection.md §5). */
export type Verdict = 'pass' | 'fail' | 'unknown' | 'not-applicable';

/**
 * Stable check ids. They become report columns and JSON keys: never rename one.
 * Criterion numbers are those of the evaluation letter (docs/checks.md).
 */
export const CHECK_IDS = [
  'emc-tracking-code', // 2.1
  'emc-badge', // 2.2a
  'portal-links-components', // 2.2b
  'component-links-portal', // 2.2c
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** A message in both report languages. Vietnamese is the default everywhere. */
export interface LocalizedText {
  vi: string;
  en: string;
}
export type Lang = 'vi' | 'en';

/** Where on a page something was found. */
export type PageRegion = 'head' | 'header' | 'nav' | 'main' | 'footer' | 'link-block' | 'select-widget' | 'body';

/** One piece of evidence supporting a verdict. Excerpts are untrusted page content. */
export interface Evidence {
  /** What kind of evidence: 'script', 'link', 'option', 'style', 'comment', 'note', 'request', 'screenshot'. */
  kind: string;
  /** Page the evidence was taken from. */
  pageUrl?: string;
  /** Short source excerpt (≤ 600 chars), exactly as served (after charset decoding). */
  excerpt?: string;
  /** Link target, script URL, etc. */
  href?: string;
  /** Anchor text or option label. */
  text?: string;
  region?: PageRegion;
  /** Storage key of large evidence (S3 `evidence/<runId>/<host>/…`), when stored. */
  key?: string;
  /** Which tier found it: the served HTML (`static`) or the browser's rendered DOM (`rendered`). */
  tier?: 'static' | 'rendered';
}

/** Result of one check on one site. */
export interface CheckResult {
  id: CheckId;
  verdict: Verdict;
  /** One-line explanation of the verdict. */
  summary: LocalizedText;
  /** What to fix (for fail/unknown), in both languages. */
  hint?: LocalizedText;
  warnings: LocalizedText[];
  evidence: Evidence[];
  /** Check-specific structured data (e.g. siteId, trackerUrl for emc-tracking-code). */
  data?: Record<string, unknown>;
}

/* ------------------------------------------------------------------------------------------ */
/* Transport (what the fetcher reports). Classified once, in the fetcher adapter.              */
/* ------------------------------------------------------------------------------------------ */

export const TRANSPORT_FAILURE_KINDS = [
  'invalid-url',
  'dns',
  'refused',
  'reset',
  'timeout',
  'tls',
  'http-status',
  'waf-challenge',
  'not-html',
  'too-large',
  'redirect-loop',
  'blocked-address',
  // Fetched, but beyond what the static tier reads within its bounds (nesting past the parser's
  // limits, or its CPU budget): permanent — the same page costs the same again.
  'too-complex',
] as const;
export type TransportFailureKind = (typeof TRANSPORT_FAILURE_KINDS)[number];

export interface TransportFailure {
  kind: TransportFailureKind;
  /** Whether trying again later may succeed (timeouts, resets, 5xx, 429) or not (DNS NXDOMAIN, TLS, blocked address). */
  retryable: boolean;
  /** Technical detail for logs and reports (English, not localised). */
  message: string;
  /** Final HTTP status, when one was received. */
  status?: number;
  /** Retry-After in milliseconds, when the server sent one. */
  retryAfterMs?: number;
  /** URL at which it failed (after redirects). */
  url: string;
}

/** A successfully fetched HTML page, decoded to text. */
export interface FetchedPage {
  /** URL requested. */
  url: string;
  /** URL after redirects. */
  finalUrl: string;
  status: number;
  /** Lower-cased response headers (last hop). */
  headers: Record<string, string>;
  /** Decoded, NFC-normalised HTML. */
  html: string;
  /** Bytes received on the wire (compressed) and after decompression. */
  wireBytes: number;
  bodyBytes: number;
  /** Charset actually used to decode, and where it came from. */
  charset: string;
  charsetSource: 'header' | 'bom' | 'meta' | 'default';
  /** Every hop, in order, excluding the final URL. */
  redirects: string[];
  elapsedMs: number;
}

export type FetchOutcome = { ok: true; page: FetchedPage } | { ok: false; failure: TransportFailure };

/** Port: fetches one URL as HTML, safely. Implemented by adapters/http-fetcher.ts. */
export interface PageFetcher {
  fetchPage(url: string, options?: { signal?: AbortSignal }): Promise<FetchOutcome>;
}

/* ------------------------------------------------------------------------------------------ */
/* Targets and results                                                                        */
/* ------------------------------------------------------------------------------------------ */

export type SiteRole = 'portal' | 'component' | 'standalone';

/** What to audit. Hosts are normalised (lower-case, no trailing dot, no `www.`-stripping). */
export interface AuditTarget {
  /** Homepage URL, normalised. */
  url: string;
  role: SiteRole;
  /** For components: the parent portal's homepage URL (explicit or inferred). */
  parentUrl?: string;
  /** Whether parentUrl was given (registry/CLI) or inferred from the registrable domain. */
  parentSource?: 'given' | 'inferred';
  /** For portals: the known component homepage URLs (registry/CLI). */
  components?: string[];
  /** Expected EMC site id (registry), if known. */
  expectedSiteId?: string;
}

/** A component site candidate found on a portal (docs/detection.md §4). */
export interface ComponentCandidate {
  host: string;
  url: string;
  /** Page where it was found. */
  foundOn: string;
  /** True when found on the portal homepage itself. */
  onHomepage: boolean;
  kind: 'a' | 'option' | 'area';
  region: PageRegion;
  text: string;
}

/** Informational findings that are not criteria (Tín Nhiệm Mạng badge, robots.txt). */
export interface SiteInfo {
  tinNhiemMang?: { present: boolean; evidence: Evidence[] };
  title?: string;
}

/** The whole audit of one site: the unit stored as a finding and printed by the CLI. */
export interface SiteAudit {
  url: string;
  host: string;
  role: SiteRole;
  finalUrl?: string;
  /** `ok` when the homepage was fetched and judged; otherwise the failure that made every check unknown. */
  transport: { status: 'ok' } | { status: 'failed'; failure: TransportFailure };
  checks: Record<CheckId, CheckResult>;
  /** Pages actually judged (homepage first) and pages that failed to load. */
  pages: { url: string; ok: boolean; failure?: TransportFailureKind }[];
  discovered: ComponentCandidate[];
  info: SiteInfo;
  /**
   * Which browser tier ran: `never` (static tier only), `auto` (the homepage, plus pages whose
   * static result was inconclusive), `always` (every judged page), or `pending` in the pipeline
   * while the static finding waits for its render. Absent in findings written before the
   * browser tier existed: read as `never`.
   */
  renderMode?: 'never' | 'auto' | 'always' | 'pending';
  /** ISO time the audit started (injected clock). */
  startedAt: string;
  elapsedMs: number;
}

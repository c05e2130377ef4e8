/**
 * The browser tier on playwright-core: renders a homepage in headless Chromium and reports what
 * EMC's code did there (docs/detection.md §1–2): the `gov-tracking.min.js` request, the beacon, the
 * `_govaq` queue and the "Đã kết nối EMC" badge, with screenshots. The judgement itself is pure
 * (core/render/judge-rendered.ts).
 *
 * - One browser per renderer, launched on first use, with ONE context for its whole life and a
 *   fresh page per render. Closing a context kills a Chromium started with Lambda's
 *   `--single-process` (launch.ts `LAMBDA_FLAGS`): the next render then fails with "Target page,
 *   context or browser has been closed". So no context is ever closed while the browser lives;
 *   instead, after each render, every page is closed and what a site could leave behind is
 *   wiped: cookies, permissions, the HTTP cache and the storage (local storage, IndexedDB,
 *   cache storage…) of every origin the page contacted. A browser that died anyway (a crash) is
 *   launched again at the next render. Renders run one at a time, so the proxy's refusals can
 *   be attributed to the page being rendered.
 * - All traffic goes through the safety proxy (safety-proxy.ts): no private address is reached
 *   except through an operator mapping.
 * - Media and fonts are not downloaded; scripts and CSS are, and no content blocker runs (block
 *   lists block f-emc.ngsp.gov.vn).
 * - Every wait is bounded: navigation to DOMContentLoaded within its budget, then a settle wait
 *   for EMC's script, beacon and badge. Never `networkidle`: a page that polls forever must
 *   still finish.
 */
import { performance } from 'node:perf_hooks';
import { errors, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { isConnectedText } from '../../core/render/badge-text.ts';
import type {
  BadgeObservation,
  BeaconObservation,
  CspViolation,
  ScriptErrorObservation,
  PageRenderer,
  RenderObservation,
  RenderOutcome,
  RequestObservation,
} from '../../core/render/observation.ts';
import { EMC_SCRIPT_FILE, emcHost } from '../../core/rules/emc.ts';
import { DEFAULT_USER_AGENT } from '../http-fetcher.ts';
import type { ResolveMapping } from '../net/resolve-mapping.ts';
import { BADGE_SELECTOR, INSPECT_EXPRESSION, PROBE_SCRIPT, SNAPSHOT_EXPRESSION } from './in-page.ts';
import { launchChromium } from './launch.ts';
import { startSafetyProxy, type SafetyProxy, type SafetyProxyOptions } from './safety-proxy.ts';

/** Options of {@link createChromiumRenderer}. */
export interface ChromiumRendererOptions {
  /** Operator mappings (curl `--resolve`), applied by the safety proxy. */
  resolve?: readonly ResolveMapping[];
  /** Extra CA (PEM) to trust; the proxy then verifies TLS itself (see safety-proxy.ts). */
  ca?: string;
  /** Budget to DOMContentLoaded. Default 15 s. */
  navigationTimeoutMs?: number;
  /** Bounded wait, after DOMContentLoaded, for EMC's script, beacon and badge. Default 6 s. */
  settleTimeoutMs?: number;
  /** Default 1366×768, the most common desktop size. */
  viewport?: { width: number; height: number };
  /** Default: Chromium's own User-Agent followed by the auditor's identifying one. */
  userAgent?: string;
  /** Chromium to use (otherwise found by launch.ts). */
  executablePath?: string;
  /** DNS port of the safety proxy (tests). */
  lookup?: SafetyProxyOptions['lookup'];
  /** Extra Chromium flags (tests launch with Lambda's `LAMBDA_FLAGS` off Lambda). */
  launchArgs?: readonly string[];
}

/** The renderer's browser: one context for the browser's life (see the module comment). */
interface Running {
  browser: Browser;
  context: BrowserContext;
  proxy: SafetyProxy;
  userAgent: string;
  /** False once the context closed under us (then the browser is launched again). */
  contextOpen: boolean;
}

/** What one render leaves for the wipe after it. */
interface RenderSession {
  page?: Page;
  /** Origins the page contacted (documents, frames, subresources): their storage is cleared. */
  origins: Set<string>;
}

/** Poll interval of the settle wait. */
const POLL_MS = 100;
/** With no EMC request at all, how long after the load event a late injection is waited for (tag managers). */
const QUIET_AFTER_LOAD_MS = 2_000;
/** After EMC's script failed, a short grace for a static copy of the badge to be inspected. */
const AFTER_SCRIPT_FAILURE_MS = 500;
/** After EMC's script loaded, how long its beacon and badge are waited for once one of them is seen. */
const AFTER_SCRIPT_PARTIAL_MS = 1_000;
/** After EMC's script loaded and neither beacon nor badge came. */
const AFTER_SCRIPT_NOTHING_MS = 3_000;
/** Bounds of the steps after the settle wait (a page in a busy loop never answers). */
const EVALUATE_TIMEOUT_MS = 5_000;
const SCREENSHOT_TIMEOUT_MS = 5_000;
const CLOSE_TIMEOUT_MS = 5_000;
const DEFAULT_NAVIGATION_TIMEOUT_MS = 15_000;
const DEFAULT_SETTLE_TIMEOUT_MS = 6_000;

/**
 * The longest one render takes with the default waits: navigation, settle, inspection, the
 * viewport and badge screenshots, and the wipe after it (the stack sizes the render timeout on
 * it: lib/time-budgets.ts).
 */
export const RENDER_PAGE_LIMIT_MS = DEFAULT_NAVIGATION_TIMEOUT_MS + DEFAULT_SETTLE_TIMEOUT_MS + EVALUATE_TIMEOUT_MS + 2 * SCREENSHOT_TIMEOUT_MS + CLOSE_TIMEOUT_MS;

interface Recorded extends RequestObservation {
  kind: 'script' | 'beacon';
  idsite?: string;
  /** performance.now() when the response or failure came. */
  doneAt?: number;
}

interface ProbeState {
  defined: boolean;
  siteId?: string;
  trackerUrl?: string;
  badgeSeen: boolean;
  pageViewQueued?: boolean;
  queueReset?: { by: string; to: string };
  removedAtEnd?: boolean;
  violations?: CspViolation[];
  errors?: ScriptErrorObservation[];
}

/** A {@link PageRenderer} on headless Chromium behind the safety proxy. */
export function createChromiumRenderer(options: ChromiumRendererOptions = {}): PageRenderer {
  const navigationTimeoutMs = options.navigationTimeoutMs ?? DEFAULT_NAVIGATION_TIMEOUT_MS;
  const settleTimeoutMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
  const viewport = options.viewport ?? { width: 1366, height: 768 };
  let running: Promise<Running> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function start(): Promise<Running> {
    const proxy = await startSafetyProxy({ resolve: options.resolve, ca: options.ca, lookup: options.lookup });
    try {
      const { browser } = await launchChromium({ executablePath: options.executablePath, args: [...proxy.chromiumArgs, ...(options.launchArgs ?? [])] });
      const userAgent = options.userAgent ?? `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36 ${DEFAULT_USER_AGENT}`;
      const context = await browser.newContext({
        viewport,
        userAgent,
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        serviceWorkers: 'block',
        acceptDownloads: false,
        // Only when an extra CA is configured (tests, demo, benchmark): Chromium cannot be told to
        // trust it, so the proxy verifies the certificate itself (system roots + extra CA) with its
        // own handshake on the very address it then tunnels to, and the browser skips its check.
        // Trade-off: verification happens once per host:port:address (cached a few minutes), not
        // on the browser's own handshake, so a server that showed a good certificate to the proxy
        // and another to the browser would go unnoticed. The address is pinned, so this cannot
        // send traffic elsewhere. Without an extra CA the browser verifies TLS as usual.
        ignoreHTTPSErrors: proxy.verifiesTls,
      });
      await context.route('**/*', (route) => {
        const type = route.request().resourceType();
        const action = type === 'media' || type === 'font' ? route.abort('blockedbyclient') : route.continue();
        return action.catch(() => undefined);
      });
      await context.addInitScript(PROBE_SCRIPT);
      const current: Running = { browser, context, proxy, userAgent, contextOpen: true };
      context.once('close', () => {
        current.contextOpen = false;
      });
      return current;
    } catch (error) {
      await proxy.close();
      throw error;
    }
  }

  async function ensureStarted(): Promise<Running> {
    const current = running ? await running.catch(() => undefined) : undefined;
    if (current?.browser.isConnected() && current.contextOpen) return current;
    if (current) {
      await within(current.browser.close(), CLOSE_TIMEOUT_MS, undefined).catch(() => undefined);
      await current.proxy.close();
    }
    running = start();
    return running;
  }

  async function renderOne(url: string, signal: AbortSignal | undefined): Promise<RenderOutcome> {
    const { context, proxy } = await ensureStarted();
    const t0 = performance.now();
    const blockedFrom = proxy.blocked.length;
    const session: RenderSession = { origins: new Set() };
    // Closing the page (never the context: see the module comment) ends a render in progress.
    const onAbort = (): void => void session.page?.close().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await renderInPage(context, session, url, t0, signal, proxy, blockedFrom);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await within(wipe(context, session), CLOSE_TIMEOUT_MS, undefined).catch(() => undefined);
    }
  }

  async function renderInPage(
    context: BrowserContext,
    session: RenderSession,
    url: string,
    t0: number,
    signal: AbortSignal | undefined,
    proxy: SafetyProxy,
    blockedFrom: number,
  ): Promise<RenderOutcome> {
    const records: Recorded[] = [];
    let navigation: RenderObservation['navigation'] = 'ok';
    let error: string | undefined;
    let status: number | undefined;
    let finalUrl = url;
    let badge: BadgeObservation = { found: false, visible: false, connectedText: false };
    let probe: ProbeState = { defined: false, badgeSeen: false };
    let viewportPng: Uint8Array | undefined;
    let badgePng: Uint8Array | undefined;
    let domSnapshot: string | undefined;
    let loaded = false;

    try {
      const page = await context.newPage();
      session.page = page;
      if (signal?.aborted) await page.close().catch(() => undefined);
      watchOrigins(page, session.origins);
      watchRequests(page, records);
      const pageRequests = watchPageRequests(page);
      let loadedAt: number | undefined;
      page.once('load', () => {
        loadedAt = performance.now();
      });

      try {
        const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: navigationTimeoutMs });
        status = response?.status();
        // The proxy answers a refused plain-HTTP document with its own 403: not the site's answer.
        const refused = proxy.blocked.slice(blockedFrom).find((b) => b.url === response?.url());
        if (refused !== undefined) {
          navigation = 'error';
          error = `blocked: ${refused.reason}`;
        }
      } catch (failure) {
        navigation = failure instanceof errors.TimeoutError ? 'timeout' : 'error';
        error = signal?.aborted ? 'aborted' : firstLine(failure);
      }

      finalUrl = page.url() === 'about:blank' ? url : page.url();
      // Without a document there is nothing to inspect (an evaluation would wait for one).
      if (navigation === 'ok') {
        await settle(page, records, () => loadedAt, settleTimeoutMs, signal, pageRequests);
        loaded = loadedAt !== undefined;
        finalUrl = page.url();
        const inspected = await within(inspect(page), EVALUATE_TIMEOUT_MS, undefined).catch(() => undefined);
        if (inspected !== undefined) {
          probe = inspected.probe;
          badge = { ...inspected.badge, connectedText: isConnectedText(inspected.badge.text) };
          if (!badge.found && probe.badgeSeen) badge = { ...badge, hiddenBy: 'removed' };
        }
        domSnapshot = await within(page.evaluate<string>(SNAPSHOT_EXPRESSION), EVALUATE_TIMEOUT_MS, undefined).catch(() => undefined);
        viewportPng = await page.screenshot({ type: 'png', timeout: SCREENSHOT_TIMEOUT_MS, caret: 'hide' }).catch(() => undefined);
        const clip = badge.visible && badge.box ? cropOf(badge.box, viewport) : undefined;
        if (clip) badgePng = await page.screenshot({ type: 'png', clip, timeout: SCREENSHOT_TIMEOUT_MS }).catch(() => undefined);
      }
    } catch (failure) {
      // The page was closed under us (abort) or the browser went away: report, never throw.
      navigation = 'error';
      error = signal?.aborted ? 'aborted' : firstLine(failure);
    }

    const observation: RenderObservation = {
      url,
      finalUrl,
      navigation,
      ...(error !== undefined ? { error } : {}),
      ...(status !== undefined ? { status } : {}),
      badge,
      ...(pickScript(records) ? { emcScript: pickScript(records) } : {}),
      beacons: records.filter((r) => r.kind === 'beacon').map(toBeacon),
      runtimeTracker: {
        govaqDefined: probe.defined,
        ...(probe.siteId !== undefined ? { siteId: probe.siteId } : {}),
        ...(probe.trackerUrl !== undefined ? { trackerUrl: probe.trackerUrl } : {}),
        ...(probe.pageViewQueued === true ? { pageViewQueued: true } : {}),
        ...(probe.queueReset !== undefined ? { queueReset: probe.queueReset } : {}),
        ...(probe.removedAtEnd === true ? { removedAtEnd: true } : {}),
      },
      loaded,
      cspViolations: probe.violations ?? [],
      scriptErrors: probe.errors ?? [],
      blocked: proxy.blocked.slice(blockedFrom),
      elapsedMs: Math.round(performance.now() - t0),
    };
    return { observation, viewportPng, badgePng, ...(domSnapshot !== undefined && domSnapshot !== '' ? { domSnapshot } : {}) };
  }

  return {
    render(url: string, renderOptions: { signal?: AbortSignal } = {}): Promise<RenderOutcome> {
      const result = queue.then(() => renderOne(url, renderOptions.signal));
      queue = result.catch(() => undefined);
      return result;
    },
    async close(): Promise<void> {
      await queue;
      const current = running ? await running.catch(() => undefined) : undefined;
      running = undefined;
      if (current === undefined) return;
      await within(current.browser.close(), CLOSE_TIMEOUT_MS, undefined).catch(() => undefined);
      await current.proxy.close();
    },
  };
}

/**
 * Waits, bounded by `budgetMs`, until EMC's code has shown what it does: badge and beacon both
 * seen; or the script failed; or the script loaded and had time to act; or, with no EMC request
 * at all, the page stayed quiet for a while after its load event (late tag-manager injection).
 */
/** Quiet time after the load event before the page is judged (links added on load). */
const AFTER_LOAD_MS = 300;

/** Counts the page's own fetch/XHR requests in flight (not EMC's): script-built menus wait on them. */
function watchPageRequests(page: Page): { inFlight(): number } {
  const open = new Set<Request>();
  page.on('request', (request) => {
    const type = request.resourceType();
    if ((type === 'fetch' || type === 'xhr') && classify(request.url()) === undefined) open.add(request);
  });
  page.on('requestfinished', (request) => void open.delete(request));
  page.on('requestfailed', (request) => void open.delete(request));
  return { inFlight: () => open.size };
}

/** Time a page's own scripts get to hide or remove the badge once EMC has injected it. */
const BADGE_GRACE_MS = 500;

async function settle(
  page: Page,
  records: Recorded[],
  loadedAt: () => number | undefined,
  budgetMs: number,
  signal: AbortSignal | undefined,
  pageRequests: { inFlight(): number } = { inFlight: () => 0 },
): Promise<void> {
  const deadline = performance.now() + budgetMs;
  let attachedAt: number | undefined;
  while (!signal?.aborted) {
    const now = performance.now();
    const remaining = deadline - now;
    if (remaining <= 0) return;
    // Menus, footers and select boxes built by script (data fetched after load) must be in the
    // DOM snapshot: nothing ends before the load event, a short quiet time, and the page's own
    // fetch/XHR requests in flight answered (all bounded by the budget).
    const load = loadedAt();
    if (load === undefined || now - load < AFTER_LOAD_MS || pageRequests.inFlight() > 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, remaining))));
      continue;
    }
    const attached = await within(page.locator(BADGE_SELECTOR).count(), Math.min(remaining, 1_000), 0).catch(() => 0);
    if (attached > 0) attachedAt ??= performance.now();
    const scripts = records.filter((r) => r.kind === 'script');
    const script = scripts.find((r) => isOk(r)) ?? scripts.find((r) => r.doneAt !== undefined) ?? scripts[0];
    const beaconDone = records.some((r) => r.kind === 'beacon' && r.doneAt !== undefined);
    const after = (ms: number): boolean => script?.doneAt !== undefined && performance.now() - script.doneAt >= ms;
    // A page that hides or removes the widget does it right after EMC injects it: give its
    // scripts a moment before the badge is judged.
    if (attached > 0 && beaconDone && attachedAt !== undefined && performance.now() - attachedAt >= BADGE_GRACE_MS) return;
    if (script === undefined) {
      const load = loadedAt();
      if (load !== undefined && performance.now() - load >= QUIET_AFTER_LOAD_MS) return;
    } else if (script.doneAt !== undefined) {
      if (!isOk(script) && after(AFTER_SCRIPT_FAILURE_MS)) return;
      if (isOk(script) && (attached > 0 || beaconDone) && after(AFTER_SCRIPT_PARTIAL_MS)) return;
      if (after(AFTER_SCRIPT_NOTHING_MS)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - performance.now()))));
  }
}

/** Collects the origin of every http(s) request of the page and its frames. */
function watchOrigins(page: Page, origins: Set<string>): void {
  page.on('request', (request) => {
    const origin = originOf(request.url());
    if (origin !== undefined) origins.add(origin);
  });
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * After a render: clears the storage of every origin the page contacted and the HTTP cache
 * (through the page's DevTools session, while it is still open), closes every page of the
 * context (popups included), then its cookies and permissions — so the next site starts as a
 * first-time visitor, as a fresh context would, without closing the context.
 */
async function wipe(context: BrowserContext, session: RenderSession): Promise<void> {
  const { page } = session;
  if (page !== undefined && !page.isClosed()) {
    const cdp = await context.newCDPSession(page);
    await Promise.all([
      cdp.send('Network.clearBrowserCache'),
      ...[...session.origins].map((origin) => cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' })),
    ]).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
  await Promise.all(context.pages().map((open) => open.close().catch(() => undefined)));
  await context.clearCookies();
  await context.clearPermissions();
}

/** Records every request that concerns EMC: the script, and anything for the tracker. */
function watchRequests(page: Page, records: Recorded[]): void {
  const byRequest = new Map<Request, Recorded>();
  page.on('request', (request) => {
    const kind = classify(request.url());
    if (kind === undefined) return;
    const record: Recorded = { url: request.url(), kind, idsite: idsiteOf(request) };
    byRequest.set(request, record);
    records.push(record);
  });
  page.on('response', (response) => {
    const record = byRequest.get(response.request());
    if (record === undefined) return;
    record.status = response.status();
    record.doneAt = performance.now();
  });
  page.on('requestfailed', (request) => {
    const record = byRequest.get(request);
    // A response already came: what failed is reading the body (Chromium drops a 404 script's).
    if (record === undefined || record.status !== undefined) return;
    record.failed = request.failure()?.errorText ?? 'failed';
    record.doneAt = performance.now();
  });
}

function classify(url: string): Recorded['kind'] | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const path = parsed.pathname.toLowerCase();
  if (path.endsWith(`/${EMC_SCRIPT_FILE}`)) return 'script';
  const onEmcHost = emcHost(parsed.hostname.toLowerCase().replace(/\.$/, '')) !== undefined;
  if (onEmcHost || path.includes('gov-tracking') || parsed.search.includes('idsite=')) return 'beacon';
  return undefined;
}

function idsiteOf(request: Request): string | undefined {
  try {
    const fromQuery = new URL(request.url()).searchParams.get('idsite');
    if (fromQuery !== null) return fromQuery;
    // navigator.sendBeacon posts the same parameters as a form body.
    const body = request.postData();
    return body === null ? undefined : (new URLSearchParams(body).get('idsite') ?? undefined);
  } catch {
    return undefined;
  }
}

/** A successful script request when there were several (a 404 at an old path, then the right one). */
function pickScript(records: Recorded[]): RequestObservation | undefined {
  const scripts = records.filter((r) => r.kind === 'script');
  const chosen = scripts.find((r) => isOk(r) && emcHost(hostOf(r.url)) !== undefined) ?? scripts.find((r) => emcHost(hostOf(r.url)) !== undefined) ?? scripts[0];
  return chosen === undefined ? undefined : toRequest(chosen);
}

function toRequest(record: Recorded): RequestObservation {
  return {
    url: record.url,
    ...(record.status !== undefined ? { status: record.status } : {}),
    ...(record.failed !== undefined ? { failed: record.failed } : {}),
  };
}

function toBeacon(record: Recorded): BeaconObservation {
  return { ...toRequest(record), ...(record.idsite !== undefined ? { idsite: record.idsite } : {}) };
}

function isOk(record: Recorded): boolean {
  return record.failed === undefined && record.status !== undefined && record.status >= 200 && record.status < 400;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** The badge crop: the box plus a small margin, kept inside the viewport. */
function cropOf(box: NonNullable<BadgeObservation['box']>, viewport: { width: number; height: number }): { x: number; y: number; width: number; height: number } | undefined {
  const margin = 8;
  const x = Math.max(0, Math.floor(box.x - margin));
  const y = Math.max(0, Math.floor(box.y - margin));
  const right = Math.min(viewport.width, Math.ceil(box.x + box.width + margin));
  const bottom = Math.min(viewport.height, Math.ceil(box.y + box.height + margin));
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

/** Resolves with `fallback` when `promise` takes longer than `ms`. */
function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

/** Reads the probe and inspects the badge in the page (see in-page.ts). */
async function inspect(page: Page): Promise<{ probe: ProbeState; badge: Omit<BadgeObservation, 'connectedText'> }> {
  return page.evaluate<{ probe: ProbeState; badge: Omit<BadgeObservation, 'connectedText'> }>(INSPECT_EXPRESSION);
}

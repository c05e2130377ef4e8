/**
 * The browser tier on playwright-core: renders a homepage in headless Chromium and reports what
 * EMC's code did there (docs/detection.md §1–2): the `gov-tracking.min.js` request, the beacon, the
 * `_govaq` queue and the "Đã kết nối EMC" badge, with screenshots. The judgement itself is pure
 * (core/render/judge-rendered.ts).
 *
 * - One browser per renderer, launched on first use; a fresh context per page (no cookies,
 *   cache or storage shared between sites). Renders run one at a time, so the proxy's
 *   refusals can be attributed to the page being rendered.
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
  PageRenderer,
  RenderObservation,
  RenderOutcome,
  RequestObservation,
} from '../../core/render/observation.ts';
import { EMC_SCRIPT_FILE, emcHost } from '../../core/rules/emc.ts';
import { DEFAULT_USER_AGENT } from '../http-fetcher.ts';
import type { ResolveMapping } from '../net/resolve-mapping.ts';
import { BADGE_SELECTOR, INSPECT_EXPRESSION, PROBE_SCRIPT } from './in-page.ts';
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
}

/** A {@link PageRenderer} on headless Chromium behind the safety proxy. */
export function createChromiumRenderer(options: ChromiumRendererOptions = {}): PageRenderer {
  const navigationTimeoutMs = options.navigationTimeoutMs ?? 15_000;
  const settleTimeoutMs = options.settleTimeoutMs ?? 6_000;
  const viewport = options.viewport ?? { width: 1366, height: 768 };
  let running: Promise<{ browser: Browser; proxy: SafetyProxy; userAgent: string }> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function start(): Promise<{ browser: Browser; proxy: SafetyProxy; userAgent: string }> {
    const proxy = await startSafetyProxy({ resolve: options.resolve, ca: options.ca, lookup: options.lookup });
    try {
      const { browser } = await launchChromium({ executablePath: options.executablePath, args: proxy.chromiumArgs });
      const userAgent = options.userAgent ?? `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36 ${DEFAULT_USER_AGENT}`;
      return { browser, proxy, userAgent };
    } catch (error) {
      await proxy.close();
      throw error;
    }
  }

  async function ensureStarted(): Promise<{ browser: Browser; proxy: SafetyProxy; userAgent: string }> {
    const current = running ? await running.catch(() => undefined) : undefined;
    if (current?.browser.isConnected()) return current;
    if (current) await current.proxy.close();
    running = start();
    return running;
  }

  async function renderOne(url: string, signal: AbortSignal | undefined): Promise<RenderOutcome> {
    const { browser, proxy, userAgent } = await ensureStarted();
    const t0 = performance.now();
    const blockedFrom = proxy.blocked.length;
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
    const onAbort = (): void => void context.close().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      return await renderInContext(context, url, t0, signal, proxy, blockedFrom);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await within(context.close(), CLOSE_TIMEOUT_MS, undefined).catch(() => undefined);
    }
  }

  async function renderInContext(
    context: BrowserContext,
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

    try {
      await context.route('**/*', (route) => {
        const type = route.request().resourceType();
        const action = type === 'media' || type === 'font' ? route.abort('blockedbyclient') : route.continue();
        return action.catch(() => undefined);
      });
      await context.addInitScript(PROBE_SCRIPT);
      const page = await context.newPage();
      watchRequests(page, records);
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
        await settle(page, records, () => loadedAt, settleTimeoutMs, signal);
        finalUrl = page.url();
        const inspected = await within(inspect(page), EVALUATE_TIMEOUT_MS, undefined).catch(() => undefined);
        if (inspected !== undefined) {
          probe = inspected.probe;
          badge = { ...inspected.badge, connectedText: isConnectedText(inspected.badge.text) };
          if (!badge.found && probe.badgeSeen) badge = { ...badge, hiddenBy: 'removed' };
        }
        viewportPng = await page.screenshot({ type: 'png', timeout: SCREENSHOT_TIMEOUT_MS, caret: 'hide' }).catch(() => undefined);
        const clip = badge.visible && badge.box ? cropOf(badge.box, viewport) : undefined;
        if (clip) badgePng = await page.screenshot({ type: 'png', clip, timeout: SCREENSHOT_TIMEOUT_MS }).catch(() => undefined);
      }
    } catch (failure) {
      // The context was closed under us (abort) or the browser went away: report, never throw.
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
      },
      blocked: proxy.blocked.slice(blockedFrom),
      elapsedMs: Math.round(performance.now() - t0),
    };
    return { observation, viewportPng, badgePng };
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
/** Time a page's own scripts get to hide or remove the badge once EMC has injected it. */
const BADGE_GRACE_MS = 500;

async function settle(page: Page, records: Recorded[], loadedAt: () => number | undefined, budgetMs: number, signal: AbortSignal | undefined): Promise<void> {
  const deadline = performance.now() + budgetMs;
  let attachedAt: number | undefined;
  while (!signal?.aborted) {
    const now = performance.now();
    const remaining = deadline - now;
    if (remaining <= 0) return;
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

/**
 * The static-tier `PageFetcher`: fetches one homepage over HTTP(S) with undici, safely.
 *
 * Safety (docs/architecture.md "Safety of the scanner"): every hop's host is resolved through the
 * injected DNS port, operator `--resolve` mappings first, and non-public addresses are refused.
 * The check happens inside the undici connect hook and the socket goes to exactly the address
 * that was checked, so DNS rebinding between check and connect is impossible. Redirects are
 * followed here, one checked hop at a time. Bodies are streamed and decompressed by us so both
 * the wire and the decompressed size are capped while bytes arrive.
 *
 * Politeness: at most `maxPerHost` concurrent requests per host and `maxPerAddress` per resolved IP
 * address, and
 * a host that answered 429/503 with Retry-After is not contacted again before that time.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createSecureContext, rootCertificates } from 'node:tls';
import zlib from 'node:zlib';
import { Agent, buildConnector } from 'undici';
import type { FetchOutcome, FetchedPage, PageFetcher } from '../core/types.ts';
import { isPublicAddress } from './net/address-policy.ts';
import { decodeHtml } from './net/charset.ts';
import { TransportError, classifyError, classifyResponse, isHtmlContentType, looksLikeHtml, parseRetryAfter } from './net/classify.ts';
import { createKeyedSemaphore } from './net/keyed-semaphore.ts';
import { findResolveMapping, type ResolveMapping } from './net/resolve-mapping.ts';

/** One address returned by the DNS port. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Options of {@link createHttpFetcher}. Every one has a production default. */
export interface HttpFetcherOptions {
  /** User-Agent sent with every request: names the tool and where to reach its maintainers. */
  userAgent?: string;
  /** Operator mappings (curl `--resolve`): the only way to reach non-public addresses. */
  resolve?: ResolveMapping[];
  /** Extra trusted CA certificate (PEM), added to (not replacing) the system roots. */
  ca?: string;
  /** Limit for DNS resolution, TCP connect and TLS handshake of one connection. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Limit between sending a request and receiving the complete response headers. Default 15 000 ms. */
  headersTimeoutMs?: number;
  /** Limit of silence between two body chunks. Default 20 000 ms. */
  bodyTimeoutMs?: number;
  /** Hard limit for one page, redirects and waiting for politeness slots included. Default 30 000 ms. */
  totalTimeoutMs?: number;
  /** Cap on the body after decompression, in bytes. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Cap on the body as received on the wire (compressed), in bytes. Default 5 MiB. */
  maxWireBytes?: number;
  /** Redirects followed before giving up as `redirect-loop`. Default 10. */
  maxRedirects?: number;
  /** DNS port: all addresses of a host name. Default `dns.promises.lookup(host, { all: true })`. */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Concurrent requests allowed per host name. Default 2. */
  maxPerHost?: number;
  /**
   * Concurrent requests allowed per resolved IP address (many provincial sites share one
   * server). Default: `maxPerHost`. The simulated web, which plays a whole fleet of servers on
   * 127.0.0.1, raises it.
   */
  maxPerAddress?: number;
}

/** A `PageFetcher` holding a connection pool; `close()` releases it. */
export type HttpFetcher = PageFetcher & { close(): Promise<void> };

/** Default User-Agent: who we are and why, so a site operator can tell the audit from an attack. */
export const DEFAULT_USER_AGENT =
  'gov-portal-auditor/0.1 (+https://github.com/gov-portal-auditor/gov-portal-auditor; evaluation of government portals under Circular 22/2023/TT-BTTTT)';

const MIB = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** How much of an error page is read to recognise a bot challenge. */
const ERROR_BODY_SAMPLE_BYTES = 64 * 1024;
/** How much of a non-HTML-typed body is needed to decide whether it is HTML after all. */
const SNIFF_BYTES = 512;
/** How long a checked DNS answer is reused by the connect hook and the per-IP limiter. */
const CHECKED_ADDRESS_TTL_MS = 30_000;
const CHECKED_ADDRESS_CACHE_MAX = 10_000;

/** Stops reading an error-page sample once enough is read; not a failure. */
class SampleComplete extends Error {}

/** The total time limit of one page, started when its first request gets a politeness slot. */
interface PageBudget {
  /** Starts the clock (once) and returns the deadline. */
  start(): number;
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  location?: string;
  body?: Buffer;
  wireBytes: number;
  bodyBytes: number;
}

/** Default hard limit of one page, redirects included (the stack sizes its timeouts on it: lib/time-budgets.ts). */
export const DEFAULT_TOTAL_TIMEOUT_MS = 30_000;
/** Default concurrent requests per host (likewise). */
export const DEFAULT_MAX_PER_HOST = 2;

/** The options with their defaults filled in. */
type FetcherConfig = ReturnType<typeof resolveConfig>;

function resolveConfig(options: HttpFetcherOptions) {
  return {
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    mappings: options.resolve ?? [],
    ca: options.ca,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 15_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 20_000,
    totalTimeoutMs: options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? 5 * MIB,
    maxWireBytes: options.maxWireBytes ?? 5 * MIB,
    maxRedirects: options.maxRedirects ?? 10,
    maxPerHost: options.maxPerHost ?? DEFAULT_MAX_PER_HOST,
    maxPerAddress: options.maxPerAddress ?? options.maxPerHost ?? DEFAULT_MAX_PER_HOST,
    lookup: options.lookup ?? defaultLookup,
  };
}

/**
 * Creates the fetcher. It never throws for anything a server does: every failure is returned as
 * `{ ok: false, failure }`. The returned promise rejects only when the caller's own `signal`
 * aborts, with that signal's reason. The steps, in the order a page goes through them: the
 * page budget ({@link startPageBudget}), each hop's politeness slots and Retry-After wait
 * ({@link createPoliteness}), the checked connection ({@link createAddressChecker},
 * {@link createSafeAgent}), the request and its capped body ({@link requestOnce}), redirects
 * ({@link followRedirects}).
 */
export function createHttpFetcher(options: HttpFetcherOptions = {}): HttpFetcher {
  const config = resolveConfig(options);
  const checkedAddress = createAddressChecker(config);
  const agent = createSafeAgent(config, checkedAddress);
  const politeness = createPoliteness(config);

  async function fetchHop(url: URL, budget: PageBudget, signal: AbortSignal): Promise<Hop> {
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const target = await checkedAddress(url.hostname, port);
    return politeness.inTurn(url.hostname, target.address, budget, signal, () => requestOnce(agent, config, politeness, url, signal));
  }

  async function fetchPage(url: string, callerOptions: { signal?: AbortSignal } = {}): Promise<FetchOutcome> {
    const callerSignal = callerOptions.signal;
    callerSignal?.throwIfAborted();
    const startedAt = performance.now();
    const controller = new AbortController();
    const budget = startPageBudget(config.totalTimeoutMs, controller);
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const trail = { current: url, redirects: [] as string[] };
    try {
      const hop = await followRedirects(url, trail, config.maxRedirects, (target) => fetchHop(target, budget, controller.signal));
      return judgeFinalHop(url, trail, hop, startedAt);
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      // When our timer fired, whatever undici or the stream threw is a consequence of it.
      const cause = controller.signal.aborted ? controller.signal.reason : error;
      return { ok: false, failure: classifyError(cause, trail.current) };
    } finally {
      budget.clear();
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    fetchPage,
    close: () => agent.close(),
  };
}

/**
 * The address to connect to for host:port, or a thrown `TransportError('blocked-address')`.
 * A mapping wins; otherwise every DNS answer must be public (a name that also points inside
 * a private network is refused rather than trusted for its other addresses). Checked answers
 * are reused for a short while by the connect hook and the per-address limiter.
 */
function createAddressChecker(config: FetcherConfig): (hostname: string, port: number) => Promise<ResolvedAddress> {
  const checked = new Map<string, { address: ResolvedAddress; expiresMs: number }>();
  return async function checkedAddress(hostname, port) {
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    const mapping = findResolveMapping(config.mappings, host, port);
    if (mapping) return { address: mapping.address, family: isIP(mapping.address) === 6 ? 6 : 4 };
    const literal = isIP(host);
    if (literal !== 0) {
      if (!isPublicAddress(host)) throw new TransportError('blocked-address', `${host} is not a public address; not connecting`);
      return { address: host, family: literal === 6 ? 6 : 4 };
    }
    const key = `${host}:${port}`;
    const cached = checked.get(key);
    if (cached && cached.expiresMs > Date.now()) return cached.address;
    const answers = await config.lookup(host);
    if (answers.length === 0) throw new TransportError('dns', `${host} has no address`);
    const refused = answers.filter((a) => !isPublicAddress(a.address));
    if (refused.length > 0) {
      throw new TransportError(
        'blocked-address',
        `${host} resolves to non-public address ${refused.map((a) => a.address).join(', ')}; not connecting`,
      );
    }
    if (checked.size >= CHECKED_ADDRESS_CACHE_MAX) checked.clear();
    checked.set(key, { address: answers[0], expiresMs: Date.now() + CHECKED_ADDRESS_TTL_MS });
    return answers[0];
  };
}

/**
 * The undici agent whose connect hook resolves and checks, then opens the socket to the checked
 * address. `host` (and so SNI and certificate verification) stays the original host name.
 */
function createSafeAgent(config: FetcherConfig, checkedAddress: (hostname: string, port: number) => Promise<ResolvedAddress>): Agent {
  const baseConnect = buildConnector({
    // One secure context for all connections: passing `ca` re-parsed the whole root store on
    // every TLS connection.
    ...(config.ca ? { secureContext: createSecureContext({ ca: [...rootCertificates, config.ca] }) } : {}),
    timeout: config.connectTimeoutMs,
  });
  const safeConnect: buildConnector.connector = (connectOptions, callback) => {
    let settled = false;
    const settle = (...args: Parameters<buildConnector.Callback>): void => {
      if (settled) {
        args[1]?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      callback(...args);
    };
    const timer = setTimeout(() => {
      settle(new TransportError('timeout', `connect to ${connectOptions.host ?? connectOptions.hostname} timed out after ${config.connectTimeoutMs} ms`), null);
    }, config.connectTimeoutMs);
    const defaultPort = connectOptions.protocol === 'https:' ? 443 : 80;
    checkedAddress(connectOptions.hostname, Number(connectOptions.port) || defaultPort).then(
      (target) => {
        if (settled) return;
        baseConnect({ ...connectOptions, hostname: target.address }, (...args) => settle(...args));
      },
      (error: Error) => settle(error, null),
    );
  };
  return new Agent({
    connect: safeConnect,
    connections: config.maxPerHost,
    headersTimeout: config.headersTimeoutMs,
    bodyTimeout: config.bodyTimeoutMs,
  });
}

/** Concurrency slots per host name and per address, and the hosts' Retry-After requests. */
type Politeness = ReturnType<typeof createPoliteness>;

function createPoliteness(config: FetcherConfig) {
  const hostSlots = createKeyedSemaphore(config.maxPerHost);
  const ipSlots = createKeyedSemaphore(config.maxPerAddress);
  const notBefore = new Map<string, { untilMs: number; status: number }>();

  /** Waits out a host's Retry-After if it fits in the page's time budget; otherwise fails without contacting it. */
  async function respectNotBefore(hostKey: string, deadlineMs: number, signal: AbortSignal): Promise<void> {
    const entry = notBefore.get(hostKey);
    const waitMs = entry ? entry.untilMs - Date.now() : 0;
    if (!entry || waitMs <= 0) {
      notBefore.delete(hostKey);
      return;
    }
    if (Date.now() + waitMs >= deadlineMs) {
      throw new TransportError('http-status', `not contacted: ${hostKey} asked (Retry-After) not to be contacted for another ${waitMs} ms`, {
        retryable: true,
        status: entry.status,
        retryAfterMs: waitMs,
      });
    }
    await sleep(waitMs, signal);
  }

  return {
    /**
     * Runs `request` once the host and its address have a free slot and the host's Retry-After
     * has passed. Politeness is per host name whatever the scheme or port (it is the same
     * server), and per address too (many provincial sites share one server).
     */
    async inTurn<T>(hostname: string, address: string, budget: PageBudget, signal: AbortSignal, request: () => Promise<T>): Promise<T> {
      const releaseHost = await hostSlots.acquire(hostname, signal);
      try {
        const releaseIp = await ipSlots.acquire(address, signal);
        try {
          // The page's time budget starts when it gets its turn: waiting for our own politeness
          // slots is not the site being slow.
          const deadlineMs = budget.start();
          await respectNotBefore(hostname, deadlineMs, signal);
          return await request();
        } finally {
          releaseIp();
        }
      } finally {
        releaseHost();
      }
    },
    /** Records a 429/503 answer's Retry-After, so the host is not contacted again before it. */
    remember(hostname: string, status: number, headers: Record<string, string>): void {
      if (status !== 429 && status !== 503) return;
      const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
      if (retryAfterMs !== undefined && retryAfterMs > 0) notBefore.set(hostname, { untilMs: Date.now() + retryAfterMs, status });
    },
  };
}

/**
 * The page's total time limit, on our own timer (undici's are coarse, about one second, and
 * bound one phase, not the page). The clock starts at the first hop's turn.
 */
function startPageBudget(totalTimeoutMs: number, controller: AbortController): PageBudget & { clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  let deadlineMs = 0;
  return {
    start() {
      if (timer === undefined) {
        deadlineMs = Date.now() + totalTimeoutMs;
        timer = setTimeout(() => {
          controller.abort(new TransportError('timeout', `page not fetched within the ${totalTimeoutMs} ms total limit (redirects included)`));
        }, totalTimeoutMs);
      }
      return deadlineMs;
    },
    clear: () => clearTimeout(timer),
  };
}

/** One request: redirects answered without their body, error pages sampled, success bodies read under the caps. */
async function requestOnce(agent: Agent, config: FetcherConfig, politeness: Politeness, url: URL, signal: AbortSignal): Promise<Hop> {
  const response = await agent.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: {
      'user-agent': config.userAgent,
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
      'accept-language': 'vi,en;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    },
    signal,
  });
  const status = response.statusCode;
  const headers = flattenHeaders(response.headers);
  politeness.remember(url.hostname, status, headers);
  if (REDIRECT_STATUSES.has(status) && headers.location !== undefined) {
    // Reading a short redirect body lets the connection be reused; a long one is cut off.
    await response.body.dump({ limit: ERROR_BODY_SAMPLE_BYTES }).catch(() => undefined);
    return { status, headers, location: headers.location, wireBytes: 0, bodyBytes: 0 };
  }
  const declaredLength = Number(headers['content-length']);
  const success = status >= 200 && status < 300;
  if (success && declaredLength > config.maxWireBytes) {
    response.body.destroy();
    throw new TransportError('too-large', `Content-Length ${declaredLength} exceeds the ${config.maxWireBytes}-byte cap`);
  }
  if (!success) return { status, headers, ...(await readErrorSample(response.body, headers, signal)) };
  const body = await readBody(response.body, headers, {
    maxWireBytes: config.maxWireBytes,
    maxBodyBytes: config.maxBodyBytes,
    sniff: !isHtmlContentType(headers['content-type']),
    sample: false,
    signal,
  });
  return { status, headers, ...body };
}

/** Start of an error page, for challenge detection. A failure to read it is not the failure reported. */
async function readErrorSample(body: Readable, headers: Record<string, string>, signal: AbortSignal) {
  try {
    return await readBody(body, headers, {
      maxWireBytes: ERROR_BODY_SAMPLE_BYTES,
      maxBodyBytes: ERROR_BODY_SAMPLE_BYTES,
      sniff: false,
      sample: true,
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return { body: Buffer.alloc(0), wireBytes: 0, bodyBytes: 0 };
  }
}

/**
 * Follows redirects one checked hop at a time, up to `maxRedirects`, refusing a loop. `trail`
 * holds the URL being fetched (for the failure's `url`) and the redirects taken so far.
 */
async function followRedirects(
  url: string,
  trail: { current: string; redirects: string[] },
  maxRedirects: number,
  fetchHop: (target: URL) => Promise<Hop>,
): Promise<Hop> {
  const visited = new Set<string>();
  trail.current = url;
  for (;;) {
    const target = parseHttpUrl(trail.current, trail.redirects.length > 0);
    trail.current = target.href;
    if (visited.has(trail.current)) {
      throw new TransportError('redirect-loop', `redirect loop: ${trail.current} was already visited (${[...trail.redirects, trail.current].join(' -> ')})`);
    }
    visited.add(trail.current);
    const hop = await fetchHop(target);
    if (hop.location === undefined) return hop;
    if (trail.redirects.length >= maxRedirects) {
      throw new TransportError('redirect-loop', `more than ${maxRedirects} redirects (stopped at ${trail.current})`);
    }
    trail.redirects.push(trail.current);
    trail.current = resolveLocation(hop.location, target);
  }
}

/** The last hop as an outcome: decoded, classified (status, challenge pages), or the page. */
function judgeFinalHop(url: string, trail: { current: string; redirects: string[] }, hop: Hop, startedAt: number): FetchOutcome {
  const decoded = decodeHtml(hop.body ?? Buffer.alloc(0), hop.headers['content-type']);
  const failure = classifyResponse({ status: hop.status, headers: hop.headers, bodyText: decoded.html, url: trail.current, nowMs: Date.now() });
  if (failure) return { ok: false, failure };
  const page: FetchedPage = {
    url,
    finalUrl: trail.current,
    status: hop.status,
    headers: hop.headers,
    html: decoded.html,
    wireBytes: hop.wireBytes,
    bodyBytes: hop.bodyBytes,
    charset: decoded.charset,
    charsetSource: decoded.charsetSource,
    redirects: trail.redirects,
    elapsedMs: Math.round(performance.now() - startedAt),
  };
  return { ok: true, page };
}

/**
 * Reads a body under both caps. The wire bytes are counted as they arrive (a 50 MB body is cut
 * off at the cap, never held). A compressed body — at most `maxWireBytes` — is then decoded in
 * one synchronous call whose output is capped (`maxOutputLength`): zlib stops as soon as the
 * cap is passed, so a gzip bomb costs a few milliseconds and a bounded buffer. (Streaming
 * decoders were tried first: under load, the hundreds of thread-pool round trips a bomb needs
 * before its output reaches the cap made it time out instead of being reported as too large.)
 */
async function readBody(
  body: Readable,
  headers: Record<string, string>,
  limits: { maxWireBytes: number; maxBodyBytes: number; sniff: boolean; sample: boolean; signal: AbortSignal },
): Promise<{ body: Buffer; wireBytes: number; bodyBytes: number }> {
  const codings = contentCodings(headers['content-encoding']);
  const wireCap = limits.sample ? limits.maxWireBytes : codings.length > 0 ? limits.maxWireBytes : Math.min(limits.maxWireBytes, limits.maxBodyBytes);
  let wireBytes = 0;
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const room = wireCap - wireBytes;
      if (chunk.length > room) {
        if (!limits.sample) {
          const which = codings.length > 0 || wireCap === limits.maxWireBytes ? `${limits.maxWireBytes} bytes received on the wire` : `${limits.maxBodyBytes} bytes`;
          done(new TransportError('too-large', `more than ${which}`));
          return;
        }
        chunks.push(chunk.subarray(0, room));
        wireBytes += room;
        done(new SampleComplete());
        return;
      }
      chunks.push(chunk);
      wireBytes += chunk.length;
      done();
    },
  });
  try {
    await pipeline([body, sink], { signal: limits.signal });
  } catch (error) {
    if (!(error instanceof SampleComplete)) throw error;
  }
  let decoded: Buffer = Buffer.concat(chunks);
  for (const coding of codings) decoded = decodeSync(coding, decoded, limits.maxBodyBytes, limits.sample);
  if (limits.sniff) {
    const start = decoded.subarray(0, SNIFF_BYTES).toString('latin1');
    if (!looksLikeHtml(start)) {
      throw new TransportError('not-html', `content-type "${headers['content-type'] ?? '(none)'}" and the body does not start like HTML`);
    }
  }
  return { body: decoded, wireBytes, bodyBytes: decoded.length };
}

/** Content codings in decoding order (the last coding applied is removed first). */
function contentCodings(contentEncoding: string | undefined): string[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  for (const coding of codings) {
    if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(coding)) throw new TransportError('not-html', `unsupported content-encoding "${coding}"`);
  }
  return codings.reverse();
}

/**
 * One coding removed, output capped at `maxBytes`. Sync flush tolerates a stream that lacks its
 * final block, as browsers do. For an error-page sample, a body that does not decode is dropped.
 */
function decodeSync(coding: string, input: Buffer, maxBytes: number, sample: boolean): Buffer {
  try {
    if (coding === 'br') {
      return zlib.brotliDecompressSync(input, { maxOutputLength: maxBytes, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    }
    // unzipSync accepts gzip (all members) and zlib-wrapped deflate (what "deflate" means in HTTP).
    return zlib.unzipSync(input, { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (error) {
    if (sample) return Buffer.alloc(0);
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new TransportError('too-large', `more than ${maxBytes} bytes after decompression`);
    }
    throw new TransportError('reset', `the ${coding} body does not decode: ${(error as Error).message}`, { retryable: true });
  }
}

function parseHttpUrl(text: string, isRedirect: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TransportError('invalid-url', `${isRedirect ? 'redirect target' : 'URL'} "${text}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError('invalid-url', `${isRedirect ? 'redirect to' : 'URL'} "${text}" uses ${url.protocol} (only http and https are fetched)`);
  }
  url.hash = '';
  return url;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new TransportError('invalid-url', `redirect from ${base.href} to unparsable Location "${location}"`);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

async function defaultLookup(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

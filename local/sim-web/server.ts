/**
 * The request router of the simulated web: one handler for the HTTP and the HTTPS server,
 * virtual hosts chosen by the Host header. Fleet hosts serve their pages or their fault; the
 * EMC and Matomo stand-ins serve their scripts and beacons.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { registrableDomain } from '../../functions/core/url.ts';
import { EmcStandIn, handleMatomo } from './emc-standin.ts';
import { LISTED_LIMIT } from '../../functions/core/pipeline/bound-finding.ts';
import { isWireFault } from './fault-kinds.ts';
import { floodHost, isFloodHost, LINK_FLOOD_LINKS, withDeepNesting, withLinkFlood } from './hostile-pages.ts';
import { encodeLegacy, handleFault, servePdf } from './faults.ts';
import { EMC_HOST, EMC_LEGACY_HOST, MATOMO_HOST, type FleetHost } from './fleet.ts';
import type { PageBuilder } from './pages.ts';
import { createRandom, type Random } from './random.ts';
import type { SimPorts } from './urls.ts';

/** Counters the tests and the benchmark read. */
export interface SimStats {
  /** Requests received per Host header (port stripped). */
  requestsByHost: Record<string, number>;
  /** Bytes written by streaming faults (the 50 MB host). */
  streamedBytes: number;
  /** Sum of the extra delays added to responses (`latencyMs`), so a benchmark knows the mean it got. */
  latencyMsTotal: number;
  /**
   * Most requests ever in flight at once per registrable domain (`so-tttt.hanoi.gov.vn` counts
   * for `hanoi.gov.vn`): how the politeness of a whole sweep, across workers, is checked.
   */
  maxInFlightByDomain: Record<string, number>;
  /** Most requests ever in flight at once, all hosts together. */
  maxInFlight: number;
}

/** Options of the router. */
export interface RouterOptions {
  fleet: readonly FleetHost[];
  pages: PageBuilder;
  emc: EmcStandIn;
  ports: SimPorts;
  slowMs: number;
  latencyMs?: [number, number];
  seed: number;
  /** Counters to go on with (a router replacing another); default new ones. */
  stats?: SimStats;
}

// 1×1 transparent PNG for logos, thumbnails and badges.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Builds the request handler shared by both servers. */
export class SimRouter {
  readonly stats: SimStats;
  private readonly inFlightByDomain = new Map<string, number>();
  private inFlight = 0;
  private readonly sites = new Map<string, FleetHost>();
  private readonly latency?: { rng: Random; range: [number, number] };
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RouterOptions) {
    this.stats = options.stats ?? { requestsByHost: {}, streamedBytes: 0, latencyMsTotal: 0, maxInFlightByDomain: {}, maxInFlight: 0 };
    for (const site of options.fleet) {
      // A DNS-fault host does not exist: even with a forced Host header it is unknown here.
      if (site.fault === 'dns') continue;
      this.sites.set(site.host, site);
      for (const alias of site.aliases) this.sites.set(alias, site);
    }
    if (options.latencyMs) this.latency = { rng: createRandom(options.seed ^ 0x5eed), range: options.latencyMs };
  }

  /**
   * Every host name answered (fleet hosts, aliases, stand-ins, and the padding sites of a
   * link-flood portal that a scan follows: as many as the pipeline enqueues per portal).
   */
  servedHosts(): string[] {
    const flood = [...this.sites.values()]
      .filter((site) => site.fault === 'link-flood')
      .flatMap((site) => Array.from({ length: LISTED_LIMIT }, (_, i) => floodHost(site.host, i)));
    return [...this.sites.keys(), ...flood, EMC_HOST, EMC_LEGACY_HOST, MATOMO_HOST];
  }

  /** Cancels pending delayed answers (on close). */
  cancelTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The `(req, res)` listener for node:http / node:https. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
    this.stats.requestsByHost[host] = (this.stats.requestsByHost[host] ?? 0) + 1;
    this.track(host, res);
    const delay = this.latency ? this.latency.rng.int(this.latency.range[0], this.latency.range[1]) : 0;
    this.stats.latencyMsTotal += delay;
    this.later(delay, () => this.route(host, req, res));
  };

  /** Counts the request in flight until its response is finished or its socket closes. */
  private track(host: string, res: ServerResponse): void {
    const domain = registrableDomain(host) ?? host;
    const inDomain = (this.inFlightByDomain.get(domain) ?? 0) + 1;
    this.inFlightByDomain.set(domain, inDomain);
    this.inFlight++;
    this.stats.maxInFlightByDomain[domain] = Math.max(this.stats.maxInFlightByDomain[domain] ?? 0, inDomain);
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    res.once('close', () => {
      this.inFlightByDomain.set(domain, (this.inFlightByDomain.get(domain) ?? 1) - 1);
      this.inFlight--;
    });
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private route(host: string, req: IncomingMessage, res: ServerResponse): void {
    if (res.destroyed) return;
    if (host === EMC_HOST || host === EMC_LEGACY_HOST) return this.options.emc.handle(host, req, res);
    if (host === MATOMO_HOST) return handleMatomo(req, res);
    const site = this.sites.get(host);
    if (!site && isFloodHost(host)) return serveFloodSite(host, res);
    if (!site) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Misdirected Request: no site ${host || '(no Host header)'} here\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method Not Allowed');
      return;
    }
    const encrypted = (req.socket as TLSSocket).encrypted === true;
    const origin = `${encrypted ? 'https' : 'http'}://${host}:${encrypted ? this.options.ports.httpsPort : this.options.ports.httpPort}`;
    const fault = site.fault;
    if (isWireFault(fault)) {
      return handleFault(fault, req, res, {
        origin,
        homepage: () => this.options.pages.page(site, '/').html,
        onStreamed: (bytes) => (this.stats.streamedBytes += bytes),
      });
    }
    this.later(fault === 'slow' ? this.options.slowMs : 0, () => this.serveSite(site, req, res));
  }

  private serveSite(site: FleetHost, req: IncomingMessage, res: ServerResponse): void {
    if (res.destroyed) return;
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const head = req.method === 'HEAD';
    if (path === '/static/js/tag-manager.js') {
      const script = this.options.pages.tagManagerScript(site);
      res.writeHead(script ? 200 : 404, { 'content-type': 'application/javascript; charset=utf-8' });
      res.end(head ? undefined : (script ?? '/* không có */'));
      return;
    }
    if (path === '/api/lien-ket.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(head ? undefined : JSON.stringify(this.options.pages.linkedComponents(site)));
      return;
    }
    if (path === '/api/thong-bao-moi') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(head ? undefined : JSON.stringify({ soThongBaoMoi: 0 }));
      return;
    }
    if (/\.(png|jpe?g|gif|ico|svg|webp)$/i.test(path)) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length, 'cache-control': 'public, max-age=86400' });
      res.end(head ? undefined : PNG);
      return;
    }
    if (/\.pdf$/i.test(path)) return servePdf(res, path.split('/').pop());
    const charset = site.fault === 'windows-1258' ? 'windows-1258' : site.fault === 'viscii' ? 'VISCII' : 'utf-8';
    const page = this.options.pages.page(site, path, charset);
    const html = path === '/' ? hostileHomepage(site, page.html, this.options.ports.httpPort) : page.html;
    const body =
      site.fault === 'windows-1258' || site.fault === 'viscii'
        ? encodeLegacy(html, site.fault)
        : Buffer.from(html, 'utf8');
    res.writeHead(page.status, {
      'content-type': `text/html; charset=${charset}`,
      'content-length': body.length,
      'cache-control': 'max-age=300',
      'x-powered-by': 'ASP.NET',
      ...page.headers,
    });
    res.end(head ? undefined : body);
  }
}

/** The homepage of a hostile host, padded as its fault says (hostile-pages.ts); others unchanged. */
function hostileHomepage(site: FleetHost, html: string, httpPort: number): string {
  if (site.fault === 'deep-nesting') return withDeepNesting(html);
  if (site.fault === 'link-flood') return withLinkFlood(html, site.host, LINK_FLOOD_LINKS, (host) => `http://${host}:${httpPort}/`);
  return html;
}

/** A padding site of a link flood: a bare page without the EMC code (its verdicts are not in the manifest). */
function serveFloodSite(host: string, res: ServerResponse): void {
  const body = Buffer.from(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${host}</title></head><body><h1>Đơn vị trực thuộc</h1><p>Trang đang xây dựng.</p></body></html>`);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

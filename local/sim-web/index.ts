/**
 * The simulated government web: portals, components, standalone sites and hostile hosts on
 * 127.0.0.1, with a ground-truth manifest. Used by the integration and e2e tests, the demo and
 * the benchmarks. Reach a host by its name through `resolve` (curl `--resolve` syntax) or by
 * connecting to 127.0.0.1 with the right Host header / SNI.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { certificatesFor } from './cert.ts';
import { EmcStandIn, type SimBeacon } from './emc-standin.ts';
import { DEFAULT_FLEET_OPTIONS, EMC_HOST, EMC_LEGACY_HOST, MATOMO_HOST, buildFleet, type FleetHost } from './fleet.ts';
import { prepareFaultBodies } from './faults.ts';
import { buildManifest, type SimManifest } from './manifest.ts';
import { PageBuilder } from './pages.ts';
import { fleetAtStep, type SimChange } from './season.ts';
import { SimRouter, type SimStats } from './server.ts';

export type { SimHostTruth, SimManifest } from './manifest.ts';
export type { SimBeacon } from './emc-standin.ts';
export type { SimChange } from './season.ts';
export type { SimStats } from './server.ts';

/** Options of {@link startSimWeb}. */
export interface SimWebOptions {
  /** Seed of the fleet and the pages (default 2024). */
  seed?: number;
  /** Number of portals (default 6). */
  portals?: number;
  /** Components per portal, inclusive range (default [3, 6]). */
  componentsPerPortal?: [number, number];
  /** Add the fault hosts (default true). */
  faults?: boolean;
  /** Add the hostile hosts, deep nesting and link flood (default false: they make every run heavier). */
  hostile?: boolean;
  /** Extra delay per response, inclusive range in ms (pipeline benchmark; default none). */
  latencyMs?: [number, number];
  /** Delay of the `slow` fault host (default 1500 ms). */
  slowMs?: number;
  /** Sites served differently from a step on (local/sim-web/season.ts), from the fleet; default none. */
  changes?: (fleet: readonly FleetHost[]) => SimChange[];
}

/** A running simulated web. */
export interface SimWeb {
  httpPort: number;
  httpsPort: number;
  /** PEM of the CA the HTTPS side chains to. */
  caPem: string;
  /** The answer key of the current step (see {@link SimWeb.setStep}). */
  readonly manifest: SimManifest;
  /** The changes of the season ({@link SimWebOptions.changes}), in force from their step on. */
  changes: readonly SimChange[];
  /** The step served (0 until {@link SimWeb.setStep}). */
  readonly step: number;
  /** Serves the fleet as it is at `step` from the next request on (call it between runs); the manifest follows. */
  setStep(step: number): void;
  /** `host:port:127.0.0.1` for every served host on both ports (not the DNS-fault host). */
  resolve: string[];
  /** Beacons received by the EMC stand-in, in order (live list). */
  beacons: SimBeacon[];
  /** Request counters (live). */
  stats: SimStats;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Hung requests (the never-answering host) and keep-alive sockets would hold close() forever.
    server.closeAllConnections();
  });
}

/** Starts the simulated web on two ephemeral ports of 127.0.0.1. */
export async function startSimWeb(options: SimWebOptions = {}): Promise<SimWeb> {
  const seed = options.seed ?? DEFAULT_FLEET_OPTIONS.seed;
  const fleet = buildFleet({
    seed,
    portals: options.portals ?? DEFAULT_FLEET_OPTIONS.portals,
    componentsPerPortal: options.componentsPerPortal ?? DEFAULT_FLEET_OPTIONS.componentsPerPortal,
    faults: options.faults ?? DEFAULT_FLEET_OPTIONS.faults,
    hostile: options.hostile ?? false,
  });
  const emc = new EmcStandIn(new Set(fleet.filter((h) => h.browserCase === 'beacon-500').map((h) => h.siteId)));

  // The router needs the ports, which exist only after listen: requests wait for it.
  const state: { router?: SimRouter } = {};
  const listener: Parameters<typeof createHttpServer>[1] = (req, res) => {
    if (state.router) return state.router.listener(req, res);
    res.writeHead(503, { 'retry-after': '1' });
    res.end();
  };
  const hostNames = fleet.filter((h) => h.fault !== 'dns').flatMap((h) => [h.host, ...h.aliases]);
  const certs = await certificatesFor([...hostNames, EMC_HOST, EMC_LEGACY_HOST, MATOMO_HOST]);
  prepareFaultBodies();
  const httpServer = createHttpServer(listener);
  const httpsServer = createHttpsServer({ key: certs.keyPem, cert: certs.certPem }, listener);
  const [httpPort, httpsPort] = await Promise.all([listen(httpServer), listen(httpsServer as unknown as Server)]);
  const ports = { httpPort, httpsPort };
  const changes = options.changes?.(fleet) ?? [];
  // One router per step: its pages (cached) are those of the step's fleet; the counters go on.
  const routerAt = (step: number, stats?: SimStats) => {
    const served = fleetAtStep(fleet, changes, step);
    return new SimRouter({
      fleet: served,
      pages: new PageBuilder(seed, served, ports),
      emc,
      ports,
      slowMs: options.slowMs ?? 1500,
      latencyMs: options.latencyMs,
      seed,
      stats,
    });
  };
  let step = 0;
  let router = routerAt(step);
  let manifest = buildManifest(seed, fleet, ports);
  state.router = router;
  const resolve = router.servedHosts().flatMap((h) => [`${h}:${httpPort}:127.0.0.1`, `${h}:${httpsPort}:127.0.0.1`]);

  return {
    httpPort,
    httpsPort,
    caPem: certs.caPem,
    get manifest() {
      return manifest;
    },
    changes,
    get step() {
      return step;
    },
    setStep(next: number) {
      step = next;
      router.cancelTimers();
      router = routerAt(step, router.stats);
      manifest = buildManifest(seed, fleetAtStep(fleet, changes, step), ports);
      state.router = router;
    },
    resolve,
    beacons: emc.beacons,
    stats: router.stats,
    close: async () => {
      router.cancelTimers();
      await Promise.all([closeServer(httpServer), closeServer(httpsServer as unknown as Server)]);
    },
  };
}

/**
 * URLs as the fetcher and the browser see them: every simulated host listens on 127.0.0.1 at
 * the two ephemeral ports, so every URL carries its port.
 */
import { EMC_HOST, EMC_LEGACY_HOST, MATOMO_HOST } from './fleet.ts';
import type { ThirdPartyOrigins } from './snippets.ts';

/** The two ports the simulated web listens on. */
export interface SimPorts {
  httpPort: number;
  httpsPort: number;
}

/** Origin of `host` for `scheme`, e.g. `http://soyt.quangninh.gov.vn:41234`. */
export function originOf(host: string, scheme: 'http' | 'https', ports: SimPorts): string {
  return `${scheme}://${host}:${scheme === 'https' ? ports.httpsPort : ports.httpPort}`;
}

/** Homepage URL of `host`, with a trailing slash. */
export function homeUrl(host: string, scheme: 'http' | 'https', ports: SimPorts): string {
  return `${originOf(host, scheme, ports)}/`;
}

/** Origins of the stand-in EMC, legacy tracker and Matomo hosts. */
export function thirdPartyOrigins(ports: SimPorts): ThirdPartyOrigins {
  return {
    emcHttps: originOf(EMC_HOST, 'https', ports),
    emcHttp: originOf(EMC_HOST, 'http', ports),
    legacyHttps: originOf(EMC_LEGACY_HOST, 'https', ports),
    matomoHttps: originOf(MATOMO_HOST, 'https', ports),
  };
}

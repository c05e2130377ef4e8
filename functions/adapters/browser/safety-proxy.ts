/**
 * Address safety of the browser tier (docs/architecture.md "Safety of the scanner"). Chromium
 * resolves and connects on its own, so it cannot be given the fetcher's connect hook; instead
 * it sends EVERYTHING through this small HTTP proxy on 127.0.0.1 (`--proxy-server`, with
 * `--proxy-bypass-list=<-loopback>` so that even loopback URLs come here). For every plain HTTP
 * request and every CONNECT tunnel the proxy applies the fetcher's policy: an operator
 * `--resolve` mapping wins and is the only way to a non-public address; otherwise every DNS
 * answer must be a public address. It then connects to exactly the address it checked, so a
 * name cannot be re-resolved to somewhere else between the check and the connection.
 * Refusals answer 403 (HTTP) or close the tunnel (CONNECT), and are recorded.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, isIP, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import type { BlockedRequest } from '../../core/render/observation.ts';
import { isPublicAddress } from '../net/address-policy.ts';
import { findResolveMapping, type ResolveMapping } from '../net/resolve-mapping.ts';

/** One DNS answer. */
export interface ProxyResolvedAddress {
  address: string;
  family: number;
}

/** Options of {@link startSafetyProxy}. */
export interface SafetyProxyOptions {
  /** Operator mappings (curl `--resolve`): the only way to reach a non-public address. */
  resolve?: readonly ResolveMapping[];
  /**
   * Extra CA (PEM) to trust besides the system roots. Chromium cannot be told to trust it, so
   * the proxy verifies TLS servers itself (see {@link SafetyProxy.verifiesTls}).
   */
  ca?: string;
  /** DNS port: all addresses of a host name. Default `dns.promises.lookup(host, { all: true })`. */
  lookup?: (hostname: string) => Promise<ProxyResolvedAddress[]>;
  /** Connect (and TLS verification) timeout per upstream connection. Default 10 s. */
  connectTimeoutMs?: number;
  /** Idle timeout of an upstream HTTP exchange or tunnel. Default 30 s. */
  idleTimeoutMs?: number;
}

/** A running safety proxy. */
export interface SafetyProxy {
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /**
   * True when an extra CA is configured: the proxy then verifies each TLS server's certificate
   * (system roots + the extra CA) on the checked address before tunnelling, and the browser may
   * run with `ignoreHTTPSErrors`.
   */
  verifiesTls: boolean;
  /** Every refusal so far, in order (a live list). */
  blocked: BlockedRequest[];
  /** Chromium flags that route all of the browser's traffic through this proxy. */
  chromiumArgs: string[];
  close(): Promise<void>;
}

type Checked = { ok: true; address: string } | { ok: false; reason: string };

const TLS_RECORD_HANDSHAKE = 0x16;
/** How long a certificate verified on an address is trusted for further tunnels to it. */
const VERIFIED_TTL_MS = 5 * 60_000;
/** Request headers that concern the hop to the proxy, not the origin server. */
const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/** What the proxy's steps share: its settings, the refusals, the verified certificates, open sockets. */
interface ProxyState {
  mappings: readonly ResolveMapping[];
  lookup: (hostname: string) => Promise<ProxyResolvedAddress[]>;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  extraCa: string | undefined;
  blocked: BlockedRequest[];
  /** `host:port:address` → until when its certificate counts as verified. */
  verified: Map<string, number>;
  sockets: Set<Socket>;
  agent: Agent;
}

/**
 * Starts the proxy on an ephemeral port of 127.0.0.1. Plain HTTP requests go through
 * {@link forwardHttp}, CONNECT tunnels through {@link openTunnel}; both first
 * {@link checkTarget} the destination.
 */
export async function startSafetyProxy(options: SafetyProxyOptions = {}): Promise<SafetyProxy> {
  const state: ProxyState = {
    mappings: options.resolve ?? [],
    lookup: options.lookup ?? ((host: string) => dnsLookup(host, { all: true })),
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    extraCa: options.ca,
    blocked: [],
    verified: new Map(),
    sockets: new Set(),
    agent: new Agent({ keepAlive: true, maxSockets: 6 }),
  };
  const server = createServer((req, res) => {
    forwardHttp(state, req, res).catch(() => res.destroy());
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    openTunnel(state, req, client, head).catch(() => client.destroy());
  });
  server.on('connection', (socket: Socket) => {
    state.sockets.add(socket);
    socket.on('close', () => state.sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const url = `http://127.0.0.1:${port}`;

  return {
    port,
    url,
    verifiesTls: state.extraCa !== undefined,
    blocked: state.blocked,
    chromiumArgs: [
      `--proxy-server=${url}`,
      // Chromium never proxies loopback by default; "<-loopback>" removes that implicit bypass.
      '--proxy-bypass-list=<-loopback>',
      // WebRTC's UDP would go around the proxy: allow only proxied (TCP) WebRTC traffic.
      '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    ],
    close: () =>
      new Promise<void>((resolve) => {
        state.agent.destroy();
        for (const socket of state.sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The address to connect to for host:port, with the fetcher's policy (see http-fetcher.ts). */
async function checkTarget(state: ProxyState, hostname: string, port: number): Promise<Checked> {
  const host = (hostname.startsWith('[') ? hostname.slice(1, -1) : hostname).toLowerCase().replace(/\.$/, '');
  const mapping = findResolveMapping(state.mappings, host, port);
  if (mapping) return { ok: true, address: mapping.address };
  if (isIP(host) !== 0) {
    return isPublicAddress(host) ? { ok: true, address: host } : { ok: false, reason: `${host} is not a public address` };
  }
  let answers: ProxyResolvedAddress[];
  try {
    answers = await state.lookup(host);
  } catch (error) {
    return { ok: false, reason: `dns: ${host}: ${errorMessage(error)}` };
  }
  if (answers.length === 0) return { ok: false, reason: `dns: ${host} has no address` };
  const refused = answers.filter((a) => !isPublicAddress(a.address));
  if (refused.length > 0) {
    return { ok: false, reason: `${host} resolves to non-public address ${refused.map((a) => a.address).join(', ')}` };
  }
  return { ok: true, address: answers[0].address };
}

/** A plain `http://` request: checked, then forwarded to exactly the checked address. */
async function forwardHttp(state: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let target: URL;
  try {
    target = new URL(req.url ?? '');
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('absolute http:// URL expected');
    return;
  }
  if (target.protocol !== 'http:') {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('only http:// is proxied; https goes through CONNECT');
    return;
  }
  const port = target.port === '' ? 80 : Number(target.port);
  const checked = await checkTarget(state, target.hostname, port);
  if (!checked.ok) {
    state.blocked.push({ url: target.href, reason: checked.reason });
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`blocked by the auditor: ${checked.reason}`);
    return;
  }
  const upstream = httpRequest({
    host: checked.address,
    port,
    method: req.method,
    path: `${target.pathname}${target.search}`,
    headers: withoutHopByHop(req.headers),
    agent: state.agent,
    setHost: false,
  });
  upstream.setTimeout(state.idleTimeoutMs, () => upstream.destroy(new Error('upstream idle timeout')));
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', () => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('upstream connection failed');
  });
  req.pipe(upstream);
  req.on('error', () => upstream.destroy());
}

/** `host:port` of a CONNECT request, or undefined when it is not one. */
function parseAuthority(authority: string): { hostname: string; port: number } | undefined {
  try {
    const parsed = new URL(`http://${authority}`);
    const port = Number(parsed.port);
    return Number.isInteger(port) && port > 0 ? { hostname: parsed.hostname, port } : undefined;
  } catch {
    return undefined;
  }
}

/** A CONNECT tunnel: checked, TLS verified when an extra CA is configured, then piped to the checked address. */
async function openTunnel(state: ProxyState, req: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
  client.on('error', () => client.destroy());
  const authority = req.url ?? '';
  const destination = parseAuthority(authority);
  if (destination === undefined) {
    client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  const { hostname, port } = destination;
  const label = `https://${authority}/`;
  const checked = await checkTarget(state, hostname, port);
  if (!checked.ok) {
    state.blocked.push({ url: label, reason: checked.reason });
    client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  const first = head.length > 0 ? head : await firstChunk(client, state.idleTimeoutMs);
  if (first === undefined) {
    client.destroy();
    return;
  }
  // A tunnel may carry plain text (ws:// goes through CONNECT too); only TLS is verified.
  if (state.extraCa !== undefined && first[0] === TLS_RECORD_HANDSHAKE) {
    const failure = await verifiedOnce(state, hostname, port, checked.address, state.extraCa);
    if (failure !== undefined) {
      state.blocked.push({ url: label, reason: `tls: ${failure}` });
      client.destroy();
      return;
    }
  }
  pipeTunnel(state, client, checked.address, port, first);
}

/** Verifies the server's certificate on the checked address, at most once per {@link VERIFIED_TTL_MS}. */
async function verifiedOnce(state: ProxyState, hostname: string, port: number, address: string, ca: string): Promise<string | undefined> {
  const key = `${hostname}:${port}:${address}`;
  if ((state.verified.get(key) ?? 0) >= Date.now()) return undefined;
  const failure = await verifyCertificate(address, port, hostname, ca, state.connectTimeoutMs);
  if (failure === undefined) state.verified.set(key, Date.now() + VERIFIED_TTL_MS);
  return failure;
}

/** Joins the browser's socket to a new connection to the checked address, starting with `first`. */
function pipeTunnel(state: ProxyState, client: Socket, address: string, port: number, first: Buffer): void {
  const upstream = netConnect({ host: address, port });
  state.sockets.add(upstream);
  upstream.setTimeout(state.connectTimeoutMs, () => upstream.destroy(new Error('connect timeout')));
  upstream.once('connect', () => {
    upstream.setTimeout(state.idleTimeoutMs, () => upstream.destroy());
    upstream.write(first);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  upstream.on('close', () => {
    state.sockets.delete(upstream);
    client.destroy();
  });
  client.on('close', () => upstream.destroy());
}

/**
 * TLS handshake with the checked address, verifying the certificate for `servername` against
 * the system roots plus the extra CA. Returns the failure, or undefined when it verifies.
 */
function verifyCertificate(address: string, port: number, servername: string, ca: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const bare = servername.startsWith('[') ? servername.slice(1, -1) : servername;
    const socket = tlsConnect({
      host: address,
      port,
      // SNI only for names; an IP-literal URL is checked against the certificate's IP SANs.
      servername: isIP(bare) === 0 ? bare : undefined,
      ca: [...rootCertificates, ca],
      ALPNProtocols: ['http/1.1'],
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('TLS handshake timeout')));
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error) => resolve(errorMessage(error)));
  });
}

/** The first bytes the browser sends into a fresh tunnel (undefined if it closes or idles first). */
function firstChunk(socket: Socket, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const done = (chunk: Buffer | undefined): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve(chunk);
    };
    const onData = (chunk: Buffer): void => done(chunk);
    const onClose = (): void => done(undefined);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

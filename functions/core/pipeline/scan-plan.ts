/**
 * What the pipeline scans, and when a failed scan is tried again. Pure: the dispatch and scan
 * handlers feed it stored records and act on what it returns.
 */
import { LISTED_LIMIT } from './bound-finding.ts';
import type { RunRecord, TargetRecord } from '../records.ts';
import type { ScanMessage } from '../stores.ts';
import type { AuditTarget, SiteAudit } from '../types.ts';

/**
 * What to audit for a site as a queue message (or any record with the same fields) describes
 * it: a given parent is marked `given`, so the link check does not call it inferred.
 */
export function auditTargetOf(site: Pick<ScanMessage, 'url' | 'role' | 'parentUrl' | 'components' | 'expectedSiteId'>): AuditTarget {
  return {
    url: site.url,
    role: site.role,
    ...(site.parentUrl ? { parentUrl: site.parentUrl, parentSource: 'given' as const } : {}),
    ...(site.components ? { components: site.components } : {}),
    ...(site.expectedSiteId ? { expectedSiteId: site.expectedSiteId } : {}),
  };
}

/** A run id that sorts by time and says what started it, e.g. `20260907T0100Z-schedule`. */
export function runIdFor(instant: Date, trigger: RunRecord['trigger']): string {
  const iso = instant.toISOString(); // 2026-09-07T01:00:12.345Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z-${trigger}`;
}

/**
 * The messages of a sweep: every target that is not excluded, portals first (their scans
 * discover components), then the other sites, each group by host — a stable order.
 */
export function planDispatch(targets: readonly TargetRecord[], runId: string): ScanMessage[] {
  const active = targets.filter((t) => t.status !== 'excluded');
  const urlOfHost = new Map(active.map((t) => [t.host, t.url]));
  const byHost = (a: TargetRecord, b: TargetRecord) => a.host.localeCompare(b.host);
  const portals = active.filter((t) => t.role === 'portal').sort(byHost);
  const others = active.filter((t) => t.role !== 'portal').sort(byHost);
  return [...portals, ...others].map((t) => messageOf(t, runId, urlOfHost));
}

function messageOf(target: TargetRecord, runId: string, urlOfHost: Map<string, string>): ScanMessage {
  const parentUrl = target.parentHost ? urlOfHost.get(target.parentHost) ?? `https://${target.parentHost}/` : undefined;
  const components = target.components?.map((host) => urlOfHost.get(host) ?? (host.includes('://') ? host : `https://${host}/`));
  return {
    runId,
    url: target.url,
    host: target.host,
    role: target.role,
    ...(parentUrl ? { parentUrl } : {}),
    ...(components && components.length > 0 ? { components } : {}),
    ...(target.expectedSiteId ? { expectedSiteId: target.expectedSiteId } : {}),
    org: target.org,
    league: target.league,
    source: target.source,
    depth: target.role === 'component' ? 1 : 0,
  };
}

/**
 * The component scans a portal's scan adds to the run: its explicit components and those it
 * discovered, minus excluded hosts. The run's ledger removes hosts already enqueued.
 */
export function componentMessages(portal: ScanMessage, audit: SiteAudit, excludedHosts: ReadonlySet<string>): ScanMessage[] {
  if (portal.role !== 'portal' || audit.transport.status !== 'ok') return [];
  const seen = new Set<string>();
  const messages: ScanMessage[] = [];
  const add = (url: string, source: ScanMessage['source'], name?: string) => {
    const host = new URL(url).hostname.replace(/^www\./, '');
    if (seen.has(host) || excludedHosts.has(host) || host === portal.host) return;
    seen.add(host);
    messages.push({
      runId: portal.runId,
      url,
      host,
      role: 'component',
      parentUrl: portal.url,
      // A discovered component's name is the anchor text its portal links it with.
      org: name || host,
      league: portal.league,
      source,
      depth: (portal.depth ?? 0) + 1,
    });
  };
  for (const url of portal.components ?? []) add(url, 'registry');
  // A portal padding its pages with links must not make the sweep scan thousands of sites: the
  // discovered ones scanned are as many as its finding lists (the rest stay in its S3 lists).
  for (const candidate of audit.discovered.slice(0, LISTED_LIMIT)) add(candidate.url, 'discovered', candidate.text);
  return messages;
}

/** What to do with a finished attempt. */
export type AttemptDecision = { action: 'record' } | { action: 'retry'; delaySeconds: number };

/**
 * A transient failure (timeout, reset, 5xx, 429) is tried again while attempts remain; the
 * last attempt, and any permanent failure (DNS, TLS, blocked address, not HTML…), is recorded
 * as it is: `unknown` with its reason. Never a lost site.
 */
export function decideAttempt(
  audit: SiteAudit,
  attempt: number,
  policy: RetryPolicy & { maxAttempts: number },
): AttemptDecision {
  if (audit.transport.status === 'ok') return { action: 'record' };
  const { failure } = audit.transport;
  if (!failure.retryable || attempt >= policy.maxAttempts) return { action: 'record' };
  const serverAsked = failure.retryAfterMs ? Math.ceil(failure.retryAfterMs / 1000) : 0;
  return { action: 'retry', delaySeconds: backoffSeconds(attempt, policy, serverAsked) };
}

/** How often a failed record is tried again, and the longest wait between two tries. */
export interface RetryPolicy {
  retryBaseSeconds: number;
  maxRetryDelaySeconds?: number;
}

/**
 * The wait before the try after `attempt`: base, 2×base, 4×base…; a longer wait the server
 * asked for (Retry-After) wins. Capped by the policy (default: SQS's 12 h visibility limit).
 */
export function backoffSeconds(attempt: number, policy: RetryPolicy, serverAskedSeconds = 0): number {
  const cap = Math.min(policy.maxRetryDelaySeconds ?? 43_200, 43_200);
  const backoff = policy.retryBaseSeconds * 2 ** (Math.max(1, attempt) - 1);
  return Math.min(Math.max(backoff, serverAskedSeconds), cap);
}

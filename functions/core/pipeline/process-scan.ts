/**
 * One scan message, end to end: audit the site, decide whether a transient failure is tried
 * again, store the finding and its evidence, and enqueue the components a portal has. With a
 * render queue, a reachable site's static finding is stored as `renderMode: 'pending'` and the
 * site is enqueued for the browser tier; {@link processRender} then overwrites that finding
 * (same deterministic key) with the combined verdicts and the screenshots.
 * Orchestration over ports only; the scan and render handlers supply the adapters.
 */
import { auditSite, withScreenshotEvidence, type AuditOutcome } from '../audit-site.ts';
import type { Clock } from '../ports.ts';
import type { FindingRecord, TargetRecord } from '../records.ts';
import type { PageRenderer } from '../render/observation.ts';
import type { StaticAnalyser } from '../static-analysis.ts';
import type { EvidenceStore, FindingStore, ScanMessage, TargetStore, WorkQueue } from '../stores.ts';
import type { PageFetcher, SiteAudit, TransportFailureKind } from '../types.ts';
import { boundAudit, type BoundedAudit } from './bound-finding.ts';
import { siteMessage } from './politeness.ts';
import { enqueueUnsent, type RunLedger } from './run-ledger.ts';
import { auditTargetOf, componentMessages, decideAttempt } from './scan-plan.ts';

export interface ScanDeps {
  fetcher: PageFetcher;
  findings: FindingStore;
  targets: TargetStore;
  evidence: EvidenceStore;
  scanQueue: WorkQueue;
  /** When set, every reachable site is enqueued here for the browser tier (its badge needs it). */
  renderQueue?: WorkQueue;
  ledger: RunLedger;
  now: Clock;
  /** Where parsing and checks run: a budgeted one in production (default: in this thread). */
  analyser?: StaticAnalyser;
}

export interface ScanConfig {
  samplePages: number;
  /** Deliveries of one message before its failure is recorded (the queue's maxReceiveCount − 1 leaves room for a crash). */
  maxAttempts: number;
  /** First retry delay; doubles on each attempt. */
  retryBaseSeconds: number;
  /** Longest wait before a retry, whatever the server's Retry-After asks (default 12 h, the SQS limit). */
  maxRetryDelaySeconds?: number;
}

/** Thrown to let the queue deliver the message again later (a partial batch failure). */
export class RetryLaterError extends Error {
  constructor(readonly host: string, readonly delaySeconds: number, reason: string) {
    super(`retry ${host} in ${delaySeconds} s: ${reason}`);
    this.name = 'RetryLaterError';
  }
}

export type ScanResult =
  /** `transport`: `ok`, or the failure kind of a site recorded `unknown` because it could not be fetched. */
  | { status: 'recorded'; verdicts: Record<string, string>; enqueued: number; transport: 'ok' | TransportFailureKind }
  | { status: 'skipped'; reason: string };

export async function processScan(message: ScanMessage, attempt: number, deps: ScanDeps, config: ScanConfig): Promise<ScanResult> {
  const known = await deps.targets.get(message.host);
  if (known?.status === 'excluded') return { status: 'skipped', reason: 'excluded by an evaluator' };

  const outcome = await auditSite(auditTargetOf(message), { fetcher: deps.fetcher, now: deps.now, analyser: deps.analyser }, { samplePages: config.samplePages });
  const decision = decideAttempt(outcome.audit, attempt, config);
  if (decision.action === 'retry') {
    const transport = outcome.audit.transport;
    throw new RetryLaterError(message.host, decision.delaySeconds, transport.status === 'failed' ? transport.failure.message : '');
  }

  const reachable = outcome.audit.transport.status === 'ok';
  // With a browser tier, an unreachable site is not rendered: its finding is final, in `auto`.
  const renderMode: SiteAudit['renderMode'] = deps.renderQueue === undefined ? 'never' : reachable ? 'pending' : 'auto';
  const bounded = boundAudit({ ...outcome.audit, renderMode });
  const evidenceKeys = [...await storeEvidence(message, outcome, deps.evidence), ...await storeFullLists(message, bounded, deps.evidence)];
  await deps.findings.put({
    runId: message.runId,
    host: message.host,
    audit: bounded.audit,
    attempt,
    evidenceKeys,
    recordedAt: deps.now().toISOString(),
    ...trimmedBy(bounded),
    ...findingContext(message),
  });
  // Enqueued after the static finding is stored, so that the render always overwrites it.
  if (renderMode === 'pending') await deps.renderQueue?.sendBatch([siteMessage(message)]);

  const enqueued = await enqueueComponents(message, outcome, deps);
  const transport = outcome.audit.transport.status === 'ok' ? 'ok' : outcome.audit.transport.failure.kind;
  return { status: 'recorded', verdicts: verdictsOf(outcome.audit), enqueued, transport };
}

function verdictsOf(audit: SiteAudit): Record<string, string> {
  return Object.fromEntries(Object.entries(audit.checks).map(([id, r]) => [id, r.verdict]));
}

export interface RenderDeps {
  fetcher: PageFetcher;
  renderer: PageRenderer;
  findings: FindingStore;
  evidence: EvidenceStore;
  now: Clock;
  /** As in {@link ScanDeps}. */
  analyser?: StaticAnalyser;
}

export interface RenderConfig {
  samplePages: number;
  /** `auto` in the scheduled pipeline; `always` renders every sampled page too. */
  mode: 'auto' | 'always';
  /** Deliveries of one render message before a site that no longer loads keeps its static finding. */
  maxAttempts: number;
  retryBaseSeconds: number;
  maxRetryDelaySeconds?: number;
}

export type RenderResult =
  | { status: 'rendered'; verdicts: Record<string, string>; screenshots: number }
  | { status: 'static-kept'; reason: string };

/**
 * One render message: the site is audited again with the browser tier (static tier, then the
 * homepage — and in `always` every sampled page — rendered in Chromium) and its finding is
 * overwritten with the combined verdicts, the homepage snapshot and the screenshots in S3
 * (`evidence/<runId>/<host>/viewport.png|badge.png`).
 *
 * The static tier runs again rather than reading the stored finding: which sampled pages are
 * inconclusive needs the parsed pages, which findings do not keep; a stored finding may have
 * had evidence trimmed to fit its item; and one code path (`auditSite`) then gives the pipeline
 * exactly the verdicts `gov-audit check --render auto` gives. Its cost — a few HTML fetches —
 * is small beside the browser's.
 *
 * A site that no longer loads is tried again later (RetryLaterError); after `maxAttempts` its
 * static finding stays, marked `renderMode: 'never'` with a warning on the badge, so the run
 * still completes.
 */
export async function processRender(message: ScanMessage, attempt: number, deps: RenderDeps, config: RenderConfig): Promise<RenderResult> {
  const outcome = await auditSite(
    auditTargetOf(message),
    { fetcher: deps.fetcher, now: deps.now, renderer: deps.renderer, analyser: deps.analyser },
    { samplePages: config.samplePages, render: config.mode },
  );
  const transport = outcome.audit.transport;
  if (transport.status === 'failed') {
    // The same retry rule as the scan (back-off, Retry-After honoured, capped).
    const decision = decideAttempt(outcome.audit, attempt, config);
    if (decision.action === 'retry') throw new RetryLaterError(message.host, decision.delaySeconds, transport.failure.message);
    return keepStatic(message, deps, transport.failure.message);
  }
  const evidenceKeys = await storeEvidence(message, outcome, deps.evidence);
  const shots = await storeScreenshots(message, outcome, deps.evidence);
  const bounded = boundAudit(withScreenshotEvidence(outcome.audit, shots));
  const listKeys = await storeFullLists(message, bounded, deps.evidence);
  const stored = await deps.findings.get(message.runId, message.host);
  await deps.findings.put({
    runId: message.runId,
    host: message.host,
    audit: bounded.audit,
    attempt: stored?.attempt ?? attempt,
    evidenceKeys: [...evidenceKeys, ...listKeys, ...[shots.viewport, shots.badge].filter((k): k is string => k !== undefined)],
    recordedAt: deps.now().toISOString(),
    ...trimmedBy(bounded),
    ...findingContext(message),
  });
  return { status: 'rendered', verdicts: verdictsOf(bounded.audit), screenshots: Object.keys(shots).length };
}

/** The stored static finding, final: the browser tier could not run on a site that stopped loading. */
async function keepStatic(message: ScanMessage, deps: RenderDeps, reason: string): Promise<RenderResult> {
  const stored = await deps.findings.get(message.runId, message.host);
  if (stored === undefined) return { status: 'static-kept', reason: `no static finding: ${reason}` };
  const badge = stored.audit.checks['emc-badge'];
  const warning = {
    vi: `Không kiểm tra được bằng trình duyệt: trang không tải lại được (${reason}); kết quả chỉ dựa trên HTML.`,
    en: `The browser tier could not run: the site did not load again (${reason}); verdicts rest on the HTML only.`,
  };
  const finding: FindingRecord = {
    ...stored,
    audit: { ...stored.audit, renderMode: 'never', checks: { ...stored.audit.checks, 'emc-badge': { ...badge, warnings: [...badge.warnings, warning] } } },
    recordedAt: deps.now().toISOString(),
  };
  await deps.findings.put(finding);
  return { status: 'static-kept', reason };
}

async function storeScreenshots(message: ScanMessage, outcome: AuditOutcome, evidence: EvidenceStore): Promise<{ viewport?: string; badge?: string }> {
  const shots = outcome.screenshots;
  const prefix = `evidence/${message.runId}/${message.host}`;
  const keys: { viewport?: string; badge?: string } = {};
  if (shots?.viewportPng) {
    keys.viewport = `${prefix}/viewport.png`;
    await evidence.putObject(keys.viewport, shots.viewportPng, 'image/png');
  }
  if (shots?.badgePng) {
    keys.badge = `${prefix}/badge.png`;
    await evidence.putObject(keys.badge, shots.badgePng, 'image/png');
  }
  return keys;
}

/**
 * A run is complete when every claimed host has a finding and none waits for the browser tier
 * (`renderMode: 'pending'`). Derived from stored findings only, like the claim count, so
 * redeliveries cannot skew it.
 */
export function runCompletion(findings: readonly Pick<FindingRecord, 'audit'>[], claimed: number): { complete: boolean; pendingRender: number } {
  const pendingRender = findings.filter((f) => f.audit.renderMode === 'pending').length;
  return { complete: findings.length === claimed && pendingRender === 0, pendingRender };
}

/** Who the finding belongs to, so reports need no second lookup. */
function findingContext(message: ScanMessage) {
  return { org: message.org, league: message.league, role: message.role, parentHost: message.parentUrl ? new URL(message.parentUrl).hostname : undefined, source: message.source };
}

async function storeEvidence(message: ScanMessage, outcome: AuditOutcome, evidence: EvidenceStore): Promise<string[]> {
  if (outcome.homepageHtml === undefined) return [];
  const key = `evidence/${message.runId}/${message.host}/homepage.html`;
  await evidence.putObject(key, outcome.homepageHtml, 'text/html; charset=utf-8');
  return [key];
}

/** The full lists of a finding whose lists were cut, as `evidence/<runId>/<host>/lists.json`. */
async function storeFullLists(message: ScanMessage, bounded: BoundedAudit, evidence: EvidenceStore): Promise<string[]> {
  if (bounded.full === undefined) return [];
  const key = `evidence/${message.runId}/${message.host}/lists.json`;
  await evidence.putObject(key, JSON.stringify(bounded.full), 'application/json');
  return [key];
}

function trimmedBy(bounded: BoundedAudit): Pick<FindingRecord, 'trimmed'> {
  return bounded.full === undefined ? {} : { trimmed: { excerpts: 0, ...bounded.cut } };
}

async function enqueueComponents(message: ScanMessage, outcome: AuditOutcome, deps: ScanDeps): Promise<number> {
  if (message.role !== 'portal') return 0;
  const excluded = new Set((await deps.targets.list({ status: 'excluded' })).map((t) => t.host));
  const candidates = componentMessages(message, outcome.audit, excluded);
  if (candidates.length === 0) return 0;
  await rememberDiscovered(message, candidates, deps);
  return enqueueUnsent(message.runId, candidates, { ledger: deps.ledger, queue: deps.scanQueue });
}

/** A component seen once stays known (status `discovered`) until an evaluator confirms or excludes it. */
async function rememberDiscovered(portal: ScanMessage, candidates: ScanMessage[], deps: ScanDeps): Promise<void> {
  const now = deps.now().toISOString();
  const unknown: TargetRecord[] = [];
  for (const candidate of candidates.filter((c) => c.source === 'discovered')) {
    if (await deps.targets.get(candidate.host)) continue;
    unknown.push({
      host: candidate.host,
      url: candidate.url,
      org: candidate.org ?? candidate.host,
      league: portal.league ?? 'other',
      role: 'component',
      parentHost: portal.host,
      source: 'discovered',
      status: 'discovered',
      updatedAt: now,
    });
  }
  if (unknown.length > 0) await deps.targets.putMany(unknown);
}

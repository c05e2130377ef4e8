/**
 * One scan message, end to end: audit the site, decide whether a transient failure is tried
 * again, store the finding and its evidence, and enqueue the components a portal has.
 * Orchestration over ports only; the scan handler supplies the adapters.
 */
import { auditSite, type AuditOutcome } from '../audit-site.ts';
import type { Clock } from '../ports.ts';
import type { TargetRecord } from '../records.ts';
import type { EvidenceStore, FindingStore, ScanMessage, TargetStore, WorkQueue } from '../stores.ts';
import type { AuditTarget, PageFetcher } from '../types.ts';
import type { RunLedger } from './run-ledger.ts';
import { componentMessages, decideAttempt } from './scan-plan.ts';

export interface ScanDeps {
  fetcher: PageFetcher;
  findings: FindingStore;
  targets: TargetStore;
  evidence: EvidenceStore;
  scanQueue: WorkQueue;
  ledger: RunLedger;
  now: Clock;
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

export type ScanResult = { status: 'recorded'; verdicts: Record<string, string>; enqueued: number } | { status: 'skipped'; reason: string };

export async function processScan(message: ScanMessage, attempt: number, deps: ScanDeps, config: ScanConfig): Promise<ScanResult> {
  const known = await deps.targets.get(message.host);
  if (known?.status === 'excluded') return { status: 'skipped', reason: 'excluded by an evaluator' };

  const outcome = await auditSite(targetOf(message), { fetcher: deps.fetcher, now: deps.now }, { samplePages: config.samplePages });
  const decision = decideAttempt(outcome.audit, attempt, config);
  if (decision.action === 'retry') {
    const transport = outcome.audit.transport;
    throw new RetryLaterError(message.host, decision.delaySeconds, transport.status === 'failed' ? transport.failure.message : '');
  }

  const evidenceKeys = await storeEvidence(message, outcome, deps.evidence);
  await deps.findings.put({
    runId: message.runId,
    host: message.host,
    audit: outcome.audit,
    attempt,
    evidenceKeys,
    recordedAt: deps.now().toISOString(),
    ...findingContext(message),
  });

  const enqueued = await enqueueComponents(message, outcome, deps);
  const verdicts = Object.fromEntries(Object.entries(outcome.audit.checks).map(([id, r]) => [id, r.verdict]));
  return { status: 'recorded', verdicts, enqueued };
}

function targetOf(message: ScanMessage): AuditTarget {
  return {
    url: message.url,
    role: message.role,
    ...(message.parentUrl ? { parentUrl: message.parentUrl, parentSource: 'given' as const } : {}),
    ...(message.components ? { components: message.components } : {}),
    ...(message.expectedSiteId ? { expectedSiteId: message.expectedSiteId } : {}),
  };
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

async function enqueueComponents(message: ScanMessage, outcome: AuditOutcome, deps: ScanDeps): Promise<number> {
  if (message.role !== 'portal') return 0;
  const excluded = new Set((await deps.targets.list({ status: 'excluded' })).map((t) => t.host));
  const candidates = componentMessages(message, outcome.audit, excluded);
  if (candidates.length === 0) return 0;
  await rememberDiscovered(message, candidates, deps);
  const fresh = new Set(await deps.ledger.claim(message.runId, candidates.map((c) => c.host)));
  const toSend = candidates.filter((c) => fresh.has(c.host));
  await deps.scanQueue.sendBatch(toSend.map((body) => ({ id: body.host, body })));
  return toSend.length;
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

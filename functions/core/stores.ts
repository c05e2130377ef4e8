/**
 * Storage ports: the roles the pipeline needs from storage, in plain TypeScript. The core and
 * the handlers depend on these interfaces only; `functions/adapters/{dynamo,s3,sqs}` implement
 * them on AWS (and, unchanged, on the embedded local stack).
 *
 * Every write is idempotent: an SQS redelivery or a re-run of the same step overwrites what the
 * first delivery wrote instead of adding to it, so counts derived from stored items stay true.
 */
import type { CheckId, SiteRole } from './types.ts';
import type {
  FindingRecord,
  OverrideRecord,
  RunRecord,
  TargetRecord,
  TargetSource,
  TargetStatus,
  TrafficRecord,
  League,
} from './records.ts';

/** Filter of {@link TargetStore.list}; absent fields do not filter. */
export interface TargetFilter {
  role?: TargetRecord['role'];
  status?: TargetStatus;
}

/** The registry of portals and component sites. */
export interface TargetStore {
  /** Creates or replaces the target of `target.host`. */
  put(target: TargetRecord): Promise<void>;
  /** Creates or replaces many targets (one host may appear once). */
  putMany(targets: readonly TargetRecord[]): Promise<void>;
  get(host: string): Promise<TargetRecord | undefined>;
  /** Removes the targets of these hosts (absent hosts are ignored): `registry import --replace`. */
  deleteMany(hosts: readonly string[]): Promise<void>;
  /** Targets matching the filter, ordered by host. */
  list(filter?: TargetFilter): Promise<TargetRecord[]>;
}

/** Evaluation runs (one sweep of the registry each). */
export interface RunStore {
  /** Records a run. Idempotent: recording the same `runId` again replaces the record. */
  create(run: RunRecord): Promise<void>;
  get(runId: string): Promise<RunRecord | undefined>;
  /** Runs, newest `startedAt` first. */
  list(options?: { limit?: number }): Promise<RunRecord[]>;
  /** The run of `period` (`YYYY-MM`) with the latest `startedAt`, if any. */
  latestForPeriod(period: string): Promise<RunRecord | undefined>;
}

/** Per-site results of runs. */
export interface FindingStore {
  /**
   * Stores the finding of (`runId`, `host`). The key is deterministic: a redelivered scan
   * overwrites the earlier item, so a run never holds two findings for one site. Evidence
   * excerpts may be dropped to respect the storage item limit; `trimmed` then says how many.
   */
  put(finding: FindingRecord): Promise<void>;
  get(runId: string, host: string): Promise<FindingRecord | undefined>;
  /** Every finding of a run, ordered by host. */
  listByRun(runId: string): Promise<FindingRecord[]>;
  /**
   * Every finding of a run, page by page as the store reads them: a report over a season keeps
   * what it needs of each page and lets the rest go instead of holding every finding.
   */
  streamByRun(runId: string): AsyncIterable<FindingRecord>;
  /** Every finding of a site across runs, newest `recordedAt` first. */
  historyOfSite(host: string): Promise<FindingRecord[]>;
  /** How many sites of the run have a finding: the run's progress, immune to redeliveries. */
  countByRun(runId: string): Promise<number>;
}

/** Visits per site and period, imported from EMC's export. */
export interface TrafficStore {
  /**
   * Makes `rows` the whole traffic of `period`: rows are written, then the period's rows for
   * hosts absent from `rows` are deleted (a re-import of a corrected file replaces the old one).
   * Every row must have `period` equal to the argument and a distinct host.
   */
  replacePeriod(period: string, rows: readonly TrafficRecord[]): Promise<void>;
  /** Traffic of `period`, ordered by host. */
  listPeriod(period: string): Promise<TrafficRecord[]>;
}

/** Identifies one override: a host, a check and the moment it was created. */
export interface OverrideKey {
  host: string;
  check: CheckId;
  createdAt: string;
}

/**
 * Evaluators' overrides of verdicts, kept as an audit trail: clearing marks an override as
 * cleared (who, when) and never deletes it.
 */
export interface OverrideStore {
  /** Records an override; adding the same key again replaces it. */
  add(override: OverrideRecord): Promise<void>;
  /**
   * Marks an override as cleared and returns the updated record. Throws
   * {@link OverrideNotFoundError} when no override has that key; clearing twice keeps the
   * first `clearedAt`/`clearedBy`.
   */
  clear(key: OverrideKey, cleared: { clearedAt: string; clearedBy: string }): Promise<OverrideRecord>;
  /** Every override of a host (cleared ones included), oldest first. */
  listForHost(host: string): Promise<OverrideRecord[]>;
  /** Every override (cleared ones included), by host then check then creation. */
  listAll(): Promise<OverrideRecord[]>;
}

/** Raised by {@link OverrideStore.clear} for an unknown key. */
export class OverrideNotFoundError extends Error {
  constructor(readonly key: OverrideKey) {
    super(`No override for ${key.host} / ${key.check} created at ${key.createdAt}`);
    this.name = 'OverrideNotFoundError';
  }
}

/** An object read back from the evidence store. */
export interface StoredObject {
  body: Uint8Array;
  contentType?: string;
}

/** An object opened for a streamed read: its declared size and its bytes as they come. */
export interface ObjectStream {
  size?: number;
  body: AsyncIterable<Uint8Array>;
}

/** Streamed reads, for uploads that may be large (a reader stops at its limits instead of loading the whole). */
export interface ObjectReader {
  /** The object opened for reading, or `undefined` when the key does not exist. */
  openObject(key: string): Promise<ObjectStream | undefined>;
}

/** Longest validity of a presigned link: SigV4 refuses more than 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

/** Large evidence and report files (HTML snapshots, screenshots, XLSX). */
export interface EvidenceStore {
  putObject(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** The object, or `undefined` when the key does not exist. */
  getObject(key: string): Promise<StoredObject | undefined>;
  /**
   * A link that downloads `key` without credentials for `expiresSeconds` (at most
   * {@link MAX_PRESIGN_SECONDS}; longer requests are capped).
   */
  presign(key: string, expiresSeconds: number): Promise<string>;
}

/** A site to scan: the body of a scan (or render) queue message. */
export interface ScanMessage {
  runId: string;
  url: string;
  host: string;
  role: SiteRole;
  /** For components: the parent portal's homepage URL. */
  parentUrl?: string;
  /** For portals: known component homepage URLs. */
  components?: string[];
  expectedSiteId?: string;
  /** Organisation name, Vietnamese. */
  org?: string;
  league?: League;
  source: TargetSource;
  /** Discovery depth: 0 for registry targets, 1 for components found on a portal. */
  depth?: number;
}

/** One message to enqueue. */
export interface QueueMessage<T> {
  /** Caller's identity of the message, unique within one `sendBatch` call; used in errors and for FIFO de-duplication. */
  id: string;
  body: T;
  /** Ordering/throttling group (FIFO queues only, where it is required). */
  groupId?: string;
}

/** A work queue (scan or render). */
export interface WorkQueue<T = ScanMessage> {
  /**
   * Enqueues every message (sent in batches of at most 10). Resolves when all were accepted;
   * otherwise rejects with the ids that were not.
   */
  sendBatch(messages: readonly QueueMessage<T>[]): Promise<void>;
}

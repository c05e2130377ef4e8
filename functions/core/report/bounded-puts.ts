/**
 * Writes report files to the store in parallel, at most `limit` at a time: S3 latency, not
 * rendering, dominated a national generation written one file after another, while an unbounded
 * fan-out would hold every rendered file in memory at once.
 */
import type { EvidenceStore } from '../stores.ts';

export class BoundedPuts {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly store: Pick<EvidenceStore, 'putObject'>,
    private readonly limit = 8,
  ) {}

  /** Starts a write once fewer than `limit` are in flight; rethrows an earlier write's failure. */
  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    this.rethrow();
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    this.rethrow();
    const write: Promise<void> = this.store
      .putObject(key, body, contentType)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  /** Waits for every write; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

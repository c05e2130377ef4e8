/**
 * Port: the set of sites enqueued in a run. A host is claimed once per run (a conditional
 * write in DynamoDB), so a component linked from two portals, or a redelivered portal scan,
 * is scanned once. A run is complete when every claimed host has a finding: both counts are
 * derived from stored items, never from counters that a redelivery could double.
 */
export interface RunLedger {
  /** Claims the hosts for the run; returns only those that were not claimed before. */
  claim(runId: string, hosts: readonly string[]): Promise<string[]>;
  /** How many hosts the run has claimed. */
  countClaimed(runId: string): Promise<number>;
}

/**
 * Politeness across workers, end to end: with the scan queue FIFO and grouped by registrable
 * domain, several scan invocations in parallel never work on two sites of one domain at once
 * (the simulated web counts the requests in flight per domain), while different domains do run
 * in parallel. The same sweep over standard queues shows what the groups prevent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { runPipeline } from '../../local/runner/run-pipeline.ts';
import { fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { LOADED_MACHINE_BUDGETS } from '../support/budgets.ts';

/** The fetcher's default limit of requests in flight per host (functions/adapters/http-fetcher.ts). */
const PER_HOST_LIMIT = 2;

const open: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.stop();
});

/** A sweep of a fleet where many components share each province's domain, 4 invocations × 2 records. */
async function sweep(fifo: boolean): Promise<{ sim: SimWeb; claimed: number; findings: number }> {
  const sim = await startSimWeb({ seed: 20260915, portals: 3, componentsPerPortal: [6, 6], faults: false, latencyMs: [20, 60] });
  const fetcher = fetcherForSim(sim, LOADED_MACHINE_BUDGETS);
  const stack: EmbeddedStack = await startEmbeddedStack({ inMemory: true, fifo, visibilityTimeoutSeconds: 60 });
  open.push({ stop: () => sim.close() }, { stop: () => fetcher.close() }, stack);
  const clients = createAwsClients(stack.env);
  await new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }).putMany(registryOfSim(sim.manifest, '2026-09-01T00:00:00Z'));
  const result = await runPipeline({ env: stack.env, fetcher, trigger: 'manual', ruleSetVersion: 'test', concurrency: 4, batchSize: 2, samplePages: 2 });
  clients.dynamo.destroy();
  clients.sqs.destroy();
  clients.s3.destroy();
  return { sim, claimed: result.claimed, findings: result.findings.length };
}

describe('politeness across scan workers (FIFO groups by registrable domain)', () => {
  it('never has two sites of one domain in flight at once, while different domains run in parallel', async () => {
    // Prepare, Act
    const { sim, claimed, findings } = await sweep(true);
    // Assess
    const perDomain = sim.stats.maxInFlightByDomain;
    const fleetDomains = Object.keys(perDomain).filter((domain) => sim.manifest.hosts.some((h) => h.host.endsWith(domain)));
    expect(findings).toBe(claimed);
    expect(claimed).toBeGreaterThanOrEqual(21);
    expect(fleetDomains.length).toBeGreaterThanOrEqual(3);
    for (const domain of fleetDomains) expect(perDomain[domain], domain).toBeLessThanOrEqual(PER_HOST_LIMIT);
    expect(sim.stats.maxInFlight).toBeGreaterThan(PER_HOST_LIMIT);
  }, 180_000);

  it('the same sweep over standard queues does scan sites of one domain at once (what the groups prevent)', async () => {
    // Prepare, Act
    const { sim, claimed, findings } = await sweep(false);
    // Assess
    expect(findings).toBe(claimed);
    expect(Math.max(...Object.values(sim.stats.maxInFlightByDomain))).toBeGreaterThan(PER_HOST_LIMIT);
  }, 180_000);
});

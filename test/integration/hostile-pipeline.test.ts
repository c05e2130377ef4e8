/**
 * Hostile hosts next to healthy ones through the whole pipeline (dispatch → SQS → scan →
 * DynamoDB/S3 on the embedded stack, the static tier in worker threads under its budget): a
 * homepage nesting 400,000 elements deep, one nesting inert containers past the parser's
 * limits, a portal padded with 20,000 component links. Every healthy site gets its true
 * verdicts, every hostile one a stored finding with a reason, and none is fetched again and again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { LISTED_LIMIT } from '../../functions/core/pipeline/bound-finding.ts';
import { runPipeline } from '../../local/runner/run-pipeline.ts';
import { compareWithManifest, fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { LINK_FLOOD_LINKS } from '../../local/sim-web/hostile-pages.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';
import { startEmbeddedStack, type EmbeddedStack } from '../../local/stack/embedded-stack.ts';

let sim: SimWeb;
let stack: EmbeddedStack;

beforeAll(async () => {
  sim = await startSimWeb({ seed: 20261204, portals: 2, componentsPerPortal: [2, 3], faults: false, hostile: true });
  stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: 60, maxReceiveCount: 4 });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await sim?.close();
});

describe('hostile hosts in a sweep', () => {
  it('gives every healthy site its true verdicts and every hostile one a finding with a reason', async () => {
    // Prepare
    const clients = createAwsClients(stack.env);
    await new DynamoTargetStore({ client: clients.dynamo, tableName: stack.env.TABLE_NAME }).putMany(registryOfSim(sim.manifest, '2026-12-01T00:00:00Z'));
    const fetcher = fetcherForSim(sim);
    const hostOf = (fault: string) => sim.manifest.hosts.find((h) => h.scenario.includes(`fault:${fault}`))?.host as string;
    // Act
    const result = await runPipeline({ env: stack.env, fetcher, trigger: 'manual', ruleSetVersion: 'test', concurrency: 4, retryBaseSeconds: 0, maxRetryDelaySeconds: 1 });
    await fetcher.close();
    // Assess: the manifest's truths, hostile hosts included (deep nesting and flood judged as their pages' shapes)
    expect(result.complete).toBe(true);
    expect(compareWithManifest(result.findings, sim.manifest)).toEqual([]);
    const byHost = new Map(result.findings.map((f) => [f.host, f]));

    const bomb = byHost.get(hostOf('nesting-bomb'));
    expect(bomb?.audit.transport).toMatchObject({ status: 'failed', failure: { kind: 'too-complex', retryable: false } });
    expect(bomb?.attempt).toBe(1);
    expect(bomb?.audit.checks['emc-tracking-code'].summary.vi).toContain('quá phức tạp');
    // Fetched once each: the bomb's homepage alone, the deep page's homepage and its 3 sampled pages.
    expect(sim.stats.requestsByHost[hostOf('nesting-bomb')]).toBe(1);
    expect(sim.stats.requestsByHost[hostOf('deep-nesting')]).toBeLessThanOrEqual(4);
    expect(byHost.get(hostOf('deep-nesting'))?.attempt).toBe(1);

    const flood = byHost.get(hostOf('link-flood'));
    const links = flood?.audit.checks['portal-links-components'];
    expect(links?.data?.total).toBeGreaterThan(LINK_FLOOD_LINKS);
    expect((links?.data?.components as unknown[]).length).toBe(LISTED_LIMIT);
    expect(flood?.audit.discovered).toHaveLength(LISTED_LIMIT);
    const listsKey = flood?.evidenceKeys.find((k) => k.endsWith('/lists.json')) as string;
    const lists = await new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME }).getObject(listsKey);
    expect(JSON.parse(Buffer.from(lists!.body).toString('utf8')).discovered.length).toBeGreaterThan(LINK_FLOOD_LINKS);
    // The flood's padding sites scanned are bounded too.
    const padding = result.findings.filter((f) => /^don-vi-\d+\./.test(f.host)).length;
    expect(padding).toBeGreaterThan(0);
    expect(padding).toBeLessThanOrEqual(LISTED_LIMIT);
  }, 600_000);
});

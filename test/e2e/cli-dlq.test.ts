/**
 * The local dead-letter queue survives the process: what the DLQ holds when the embedded stack
 * stops is kept in the data folder, and `gov-audit dlq` lists it in a later process;
 * `gov-audit dlq redrive` scans the dead sites again in a later process and completes their run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { wiring } from '../../functions/commons/wiring.ts';
import type { PageFetcher } from '../../functions/core/types.ts';
import { runPipeline } from '../../local/runner/run-pipeline.ts';
import { fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb } from '../../local/sim-web/index.ts';
import { readDeadLetters, startEmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { runCli, runMain } from '../support/run-cli.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('gov-audit dlq', () => {
  it('keeps the dead letters in the data folder across processes and lists them', async () => {
    // Prepare: a scan message dead-lettered during a run (sent where the redrive policy puts it)
    const dir = await mkdtemp(join(tmpdir(), 'gov-audit-dlq-'));
    dirs.push(dir);
    const stack = await startEmbeddedStack({ dataDir: dir });
    const sqs = createAwsClients(stack.env).sqs;
    const body = JSON.stringify({ runId: '2026-12-manual-1', url: 'https://sotttt.hagiang.gov.vn/', host: 'sotttt.hagiang.gov.vn', role: 'component', source: 'registry' });
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.env.SCAN_DLQ_URL, MessageBody: body, MessageGroupId: 'hagiang.gov.vn', MessageDeduplicationId: 'sotttt.hagiang.gov.vn' }));
    sqs.destroy();
    // Act: the process ends; a later one opens the folder again and ends; the CLI lists
    await stack.stop();
    await (await startEmbeddedStack({ dataDir: dir })).stop();
    const listed = await runCli(['dlq', '--data-dir', dir]);
    const empty = await runCli(['dlq', '--data-dir', join(dir, 'khac'), '--lang', 'en']);
    // Assess
    expect(readDeadLetters(dir)).toEqual([expect.objectContaining({ queue: 'scan', body })]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^scan\s+sotttt\.hagiang\.gov\.vn\s+2026-12-manual-1 /);
    expect(empty.stdout).toBe('The dead-letter queue is empty.\n');
  }, 120_000);

  it('redrives the dead letters of an earlier run: the site gets its finding, the run completes, the DLQ empties', async () => {
    // Prepare: a run of the simulated web in which the scan of one component site crashes at
    // every delivery (a bug, since fixed), so its message ends in the DLQ and the run is incomplete.
    const dir = await mkdtemp(join(tmpdir(), 'gov-audit-redrive-'));
    dirs.push(dir);
    const sim = await startSimWeb({ seed: 7, portals: 1, componentsPerPortal: [3, 3], faults: false });
    try {
      const dead = sim.manifest.hosts.find((h) => h.role === 'component' && h.expect.transport === 'ok' && !h.scenario.some((tag) => tag.startsWith('fault:')));
      if (dead === undefined) throw new Error('the simulated web has no healthy component site');
      const real = fetcherForSim(sim);
      const crashing: PageFetcher = {
        fetchPage: (url, options) => (new URL(url).hostname === dead.host ? Promise.reject(new Error('scanner bug')) : real.fetchPage(url, options)),
      };
      // A crashed delivery comes back after the retry back-off (at most 1 s here), so the dead
      // letter comes quickly; the visibility timeout stays long, or a healthy scan slowed by a
      // busy machine would be delivered again while it runs and dead-lettered too.
      const stack = await startEmbeddedStack({ dataDir: dir, visibilityTimeoutSeconds: 60, maxReceiveCount: 4 });
      let first;
      try {
        await wiring(stack.env).targets().putMany(registryOfSim(sim.manifest, '2026-09-01T00:00:00.000Z').filter((t) => t.role !== 'standalone'));
        first = await runPipeline({ env: stack.env, fetcher: crashing, trigger: 'manual', ruleSetVersion: '2026.1', samplePages: 1, maxAttempts: 3, maxRetryDelaySeconds: 1 });
      } finally {
        await real.close();
        await stack.stop();
      }
      const caFile = join(dir, 'ca.pem');
      await writeFile(caFile, sim.caPem);
      const network = [...sim.resolve.flatMap((mapping) => ['--resolve', mapping]), '--ca', caFile, '--render', 'never'];
      // Act: a later process redrives (the scanner fixed), then lists the DLQ
      const redriven = await runMain(['dlq', 'redrive', '--data-dir', dir, '--pages', '1', '--lang', 'en', ...network]);
      const listed = await runMain(['dlq', '--data-dir', dir, '--lang', 'en']);
      const again = await runMain(['dlq', 'redrive', '--data-dir', dir, '--lang', 'en']);
      // Assess: the first run lacked exactly the dead site; after the redrive it has its finding
      expect(first.complete).toBe(false);
      expect(first.findings.map((f) => f.host)).not.toContain(dead.host);
      expect(first.claimed - first.findings.length).toBe(1);
      expect(redriven.stderr).toBe('');
      expect(redriven.code, redriven.stdout).toBe(0);
      expect(redriven.stdout).toContain('Redriven: 1 message(s).');
      expect(redriven.stdout).toMatch(new RegExp(`${first.run.runId}\\s+${first.claimed}\\s+${first.claimed}\\s+yes`));
      expect(redriven.stdout).toContain('Left in the dead-letter queue: 0.');
      expect(readDeadLetters(dir)).toEqual([]);
      expect(listed.stdout).toBe('The dead-letter queue is empty.\n');
      expect(again.stdout).toBe('The dead-letter queue is empty.\n');
      const check = await startEmbeddedStack({ dataDir: dir });
      try {
        const finding = (await wiring(check.env).findings().listByRun(first.run.runId)).find((f) => f.host === dead.host);
        expect(finding?.audit.transport.status).toBe('ok');
      } finally {
        await check.stop();
      }
    } finally {
      await sim.close();
    }
  }, 240_000);
});

/**
 * The local dead-letter queue survives the process: what the DLQ holds when the embedded stack
 * stops is kept in the data folder, and `gov-audit dlq` lists it in a later process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { readDeadLetters, startEmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { runCli } from '../support/run-cli.ts';

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
});

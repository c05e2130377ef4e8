/**
 * The embedded AWS stack (DynamoDB, S3, SQS emulators) as a child process of the pipeline
 * benchmark. On AWS these are services, not part of the scanning Lambda: here too their CPU and
 * memory stay out of the process measured.
 *
 * Protocol (same as `local/sim-web/cli.ts --json`): one line `{env}` on stdout once ready; each
 * line `stats` on stdin is answered by one line `{rssBytes, peakRssBytes, cpu}`; stops when
 * stdin closes.
 */
import { createInterface } from 'node:readline';
import { startEmbeddedStack } from '../local/stack/embedded-stack.ts';

// Longer than any batch of the benchmark: a message must not come back while it is being scanned.
const stack = await startEmbeddedStack({ inMemory: true, visibilityTimeoutSeconds: 300 });
process.stdout.write(`${JSON.stringify({ env: stack.env })}\n`);

let peakRssBytes = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())), 100);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'stats') return;
  const rssBytes = process.memoryUsage.rss();
  peakRssBytes = Math.max(peakRssBytes, rssBytes);
  process.stdout.write(`${JSON.stringify({ rssBytes, peakRssBytes, cpu: process.cpuUsage() })}\n`);
});
lines.once('close', () => {
  clearInterval(sampler);
  void stack.stop().then(() => process.exit(0));
});

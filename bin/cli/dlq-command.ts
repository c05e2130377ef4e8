/**
 * `gov-audit dlq`: the dead-letter queue of the local pipeline — the sites whose scan or render
 * message was given up on after every delivery — as kept in the data folder
 * (`<dataDir>/dlq.json`, written when the embedded stack stops).
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../../functions/core/types.ts';
import { readDeadLetters } from '../../local/stack/embedded-stack.ts';
import { EXIT } from './usage-error.ts';

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  lang: { type: 'string', default: 'vi' },
  json: { type: 'boolean', default: false },
} as const;

export async function runDlqCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  const letters = readDeadLetters(values['data-dir']);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(letters)}\n`);
    return EXIT.pass;
  }
  if (letters.length === 0) {
    process.stdout.write(lang === 'en' ? 'The dead-letter queue is empty.\n' : 'Hàng đợi lỗi (DLQ) trống.\n');
    return EXIT.pass;
  }
  for (const letter of letters) {
    const body = parseBody(letter.body);
    process.stdout.write(`${letter.queue.padEnd(7)} ${(body.host ?? '?').padEnd(40)} ${(body.runId ?? '').padEnd(28)} ${letter.sentAt}\n`);
  }
  return EXIT.pass;
}

function parseBody(body: string): { host?: string; runId?: string } {
  try {
    const value = JSON.parse(body) as { host?: unknown; runId?: unknown };
    return { host: typeof value.host === 'string' ? value.host : undefined, runId: typeof value.runId === 'string' ? value.runId : undefined };
  } catch {
    return {};
  }
}

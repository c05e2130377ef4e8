/**
 * `gov-audit dlq`: the dead-letter queue of the local pipeline — the sites whose scan or render
 * message was given up on after every delivery — as kept in the data folder
 * (`<dataDir>/dlq.json`, written when the embedded stack stops). `gov-audit dlq redrive` sends
 * the letters back to their queues and drains them through the run's handlers in this process.
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../../functions/core/types.ts';
import { redrivePipeline, type RedriveResult } from '../../local/runner/run-pipeline.ts';
import { forgetDeadLetters, readDeadLetters, type DeadLetter } from '../../local/stack/embedded-stack.ts';
import { openLocalSession } from './local-session.ts';
import { intOption, networkOf, OPTIONS as RUN_OPTIONS, RULE_SET_VERSION } from './run-command.ts';
import { formatTable } from './terminal.ts';
import { EXIT, UsageError } from './usage-error.ts';

const OPTIONS = {
  'data-dir': RUN_OPTIONS['data-dir'],
  concurrency: RUN_OPTIONS.concurrency,
  pages: RUN_OPTIONS.pages,
  resolve: RUN_OPTIONS.resolve,
  ca: RUN_OPTIONS.ca,
  timeout: RUN_OPTIONS.timeout,
  render: RUN_OPTIONS.render,
  lang: RUN_OPTIONS.lang,
  json: { type: 'boolean', default: false },
} as const;

export async function runDlqCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  const [action = 'list', ...rest] = positionals;
  if ((action !== 'list' && action !== 'redrive') || rest.length > 0) {
    throw new UsageError(lang === 'en' ? `unknown dlq action "${positionals.join(' ')}" (list or redrive)` : `không có thao tác dlq "${positionals.join(' ')}" (list hoặc redrive)`);
  }
  const dataDir = values['data-dir'];
  const letters = readDeadLetters(dataDir);
  if (action === 'redrive') return redrive(letters, values, lang);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(letters)}\n`);
    return EXIT.pass;
  }
  if (letters.length === 0) {
    process.stdout.write(emptyText(lang));
    return EXIT.pass;
  }
  for (const letter of letters) {
    const body = parseBody(letter.body);
    process.stdout.write(`${letter.queue.padEnd(7)} ${(body.host ?? '?').padEnd(40)} ${(body.runId ?? '').padEnd(28)} ${letter.sentAt}\n`);
  }
  return EXIT.pass;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** Exit 0 when every run a letter belongs to is complete afterwards; 1 when a site still has no finding. */
async function redrive(letters: DeadLetter[], values: Values, lang: Lang): Promise<number> {
  if (letters.length === 0) {
    process.stdout.write(emptyText(lang));
    return EXIT.pass;
  }
  const concurrency = intOption(values, 'concurrency', [1, 64]);
  const pages = intOption(values, 'pages', [0, 20]);
  const dataDir = values['data-dir'];
  const session = await openLocalSession({ dataDir });
  let result: RedriveResult;
  try {
    const { fetcher, renderer, close } = await networkOf(values, lang);
    try {
      result = await redrivePipeline({ env: session.env, fetcher, renderer, letters, ruleSetVersion: RULE_SET_VERSION, samplePages: pages, concurrency });
    } finally {
      await close();
    }
    // Before the stack stops: what dies again is kept anew by the stop, not twice.
    forgetDeadLetters(dataDir, result.redriven);
  } finally {
    await session.close();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatRedrive(result, readDeadLetters(dataDir).length, lang));
  return result.runs.every((run) => run.complete) ? EXIT.pass : EXIT.fail;
}

function formatRedrive(result: RedriveResult, left: number, lang: Lang): string {
  const en = lang === 'en';
  const lines = [en ? `Redriven: ${result.redriven.length} message(s).` : `Đã gửi lại: ${result.redriven.length} thông điệp.`];
  for (const { letter, reason } of result.kept) {
    const host = parseBody(letter.body).host ?? letter.messageId;
    lines.push(en ? `  kept in the DLQ: ${letter.queue} ${host}: ${reason}` : `  giữ lại trong DLQ: ${letter.queue} ${host}: ${reason}`);
  }
  if (result.runs.length > 0) {
    const headers = en ? ['Run', 'Sites', 'Findings', 'Complete'] : ['Lượt đánh giá', 'Số trang', 'Có kết quả', 'Hoàn tất'];
    const yes = en ? 'yes' : 'có';
    const no = en ? 'no' : 'chưa';
    lines.push(formatTable(headers, result.runs.map((run) => [run.runId, String(run.claimed), String(run.findings), run.complete ? yes : no])).trimEnd());
  }
  lines.push(en ? `Left in the dead-letter queue: ${left}.` : `Còn lại trong hàng đợi lỗi: ${left}.`);
  return `${lines.join('\n')}\n`;
}

function emptyText(lang: Lang): string {
  return lang === 'en' ? 'The dead-letter queue is empty.\n' : 'Hàng đợi lỗi (DLQ) trống.\n';
}

function parseBody(body: string): { host?: string; runId?: string } {
  try {
    const value = JSON.parse(body) as { host?: unknown; runId?: unknown };
    return { host: typeof value.host === 'string' ? value.host : undefined, runId: typeof value.runId === 'string' ? value.runId : undefined };
  } catch {
    return {};
  }
}

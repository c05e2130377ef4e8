/**
 * `gov-audit runs` and `gov-audit findings --run <id>`: what earlier runs found, read from the
 * local data folder. A run is complete when every site it enqueued has a finding.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { CRITERIA, ROLE_LABELS, VERDICT_LABELS } from '../../functions/core/criteria.ts';
import { formatLocalTime } from '../../functions/core/local-time.ts';
import type { RunRecord } from '../../functions/core/records.ts';
import { describeTransportFailure } from '../../functions/core/transport-messages.ts';
import { CHECK_IDS, type Lang } from '../../functions/core/types.ts';
import { openLocalSession } from './local-session.ts';
import { formatTable } from './terminal.ts';
import { EXIT, UsageError } from './usage-error.ts';

/** Where `gov-audit demo` keeps its data (apart from the real evaluation's). */
export const DEMO_DATA_DIR = '.gov-audit/demo';

const TRIGGER_WORDS: Record<RunRecord['trigger'], { vi: string; en: string }> = {
  schedule: { vi: 'theo lịch', en: 'schedule' },
  manual: { vi: 'thủ công', en: 'manual' },
  demo: { vi: 'chạy thử', en: 'demo' },
};

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  run: { type: 'string' },
  lang: { type: 'string', default: 'vi' },
  json: { type: 'boolean', default: false },
} as const;

export async function runRunsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  const session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    const runs = await session.runs.list();
    const rows = await Promise.all(runs.map(async (run) => {
      const [claimed, found] = await Promise.all([session.ledger.countClaimed(run.runId), session.findings.countByRun(run.runId)]);
      return { ...run, claimed, found, complete: claimed === found };
    }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return EXIT.pass;
    }
    if (rows.length === 0) {
      process.stdout.write(lang === 'en' ? 'No runs yet.\n' : 'Chưa có lượt đánh giá nào.\n');
      return EXIT.pass;
    }
    const headers = lang === 'en'
      ? ['Run', 'Period', 'Started', 'Trigger', 'Sites done', 'Status']
      : ['Lượt đánh giá', 'Kỳ', 'Bắt đầu', 'Khởi chạy', 'Số trang xong', 'Trạng thái'];
    process.stdout.write(formatTable(headers, rows.map((r) => [
      r.runId,
      r.period,
      formatLocalTime(r.startedAt, lang),
      TRIGGER_WORDS[r.trigger][lang],
      `${r.found}/${r.claimed}`,
      r.complete ? (lang === 'en' ? 'complete' : 'hoàn tất') : (lang === 'en' ? 'in progress/incomplete' : 'chưa hoàn tất'),
    ])));
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

export async function runFindingsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (!values.run) throw new UsageError(lang === 'en' ? 'findings needs --run <run id> (see gov-audit runs)' : 'findings cần --run <mã lượt> (xem gov-audit runs)');
  let session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    let findings = await session.findings.listByRun(values.run);
    let where: string | undefined;
    if (findings.length === 0 && !values.json && values['data-dir'] !== DEMO_DATA_DIR && existsSync(DEMO_DATA_DIR)) {
      // `npm run demo` keeps its data apart, in .gov-audit/demo: look there before saying "none".
      await session.close();
      session = await openLocalSession({ dataDir: DEMO_DATA_DIR });
      findings = await session.findings.listByRun(values.run);
      if (findings.length > 0) where = DEMO_DATA_DIR;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(findings)}\n`);
      return EXIT.pass;
    }
    if (findings.length === 0) {
      process.stdout.write(lang === 'en'
        ? `No findings for run ${values.run} in ${values['data-dir']} (gov-audit runs lists the runs; the demo's are in ${DEMO_DATA_DIR}).\n`
        : `Không có kết quả cho lượt ${values.run} trong ${values['data-dir']} (gov-audit runs liệt kê các lượt; lượt của bản chạy thử nằm trong ${DEMO_DATA_DIR}).\n`);
      return EXIT.pass;
    }
    if (where) {
      process.stdout.write(lang === 'en'
        ? `Run ${values.run} is in ${where} (the demo's data folder; add --data-dir ${where}).\n`
        : `Lượt ${values.run} nằm trong ${where} (thư mục dữ liệu của bản chạy thử; thêm --data-dir ${where}).\n`);
    }
    const headers = [
      ...(lang === 'en' ? ['Domain', 'Site type'] : ['Tên miền', 'Loại trang']),
      ...CHECK_IDS.map((id) => CRITERIA[id].section),
      lang === 'en' ? 'Note' : 'Ghi chú',
    ];
    process.stdout.write(formatTable(headers, findings.map((f) => [
      f.host,
      ROLE_LABELS[f.audit.role][lang],
      ...CHECK_IDS.map((id) => VERDICT_LABELS[f.audit.checks[id].verdict][lang]),
      f.audit.transport.status === 'failed' ? describeTransportFailure(f.audit.transport.failure)[lang] : '',
    ])));
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

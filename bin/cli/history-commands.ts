/**
 * `gov-audit runs` and `gov-audit findings --run <id>`: what earlier runs found, read from the
 * local data folder. A run is complete when every site it enqueued has a finding.
 */
import { parseArgs } from 'node:util';
import { VERDICT_LABELS } from '../../functions/core/criteria.ts';
import { CHECK_IDS, type Lang } from '../../functions/core/types.ts';
import { openLocalSession } from './local-session.ts';
import { EXIT, UsageError } from './usage-error.ts';

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
    if (rows.length === 0) process.stdout.write(lang === 'en' ? 'No runs yet.\n' : 'Chưa có lượt đánh giá nào.\n');
    for (const r of rows) {
      const status = r.complete ? (lang === 'en' ? 'complete' : 'hoàn tất') : (lang === 'en' ? 'in progress/incomplete' : 'chưa hoàn tất');
      process.stdout.write(`${r.runId.padEnd(28)} ${r.period}  ${r.trigger.padEnd(8)} ${String(r.found).padStart(4)}/${String(r.claimed).padEnd(4)} ${status}\n`);
    }
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

export async function runFindingsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (!values.run) throw new UsageError(lang === 'en' ? 'findings needs --run <run id> (see gov-audit runs)' : 'findings cần --run <mã lượt> (xem gov-audit runs)');
  const session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    const findings = await session.findings.listByRun(values.run);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(findings)}\n`);
      return EXIT.pass;
    }
    if (findings.length === 0) {
      process.stdout.write(lang === 'en' ? `No findings for run ${values.run}.\n` : `Không có kết quả cho lượt ${values.run}.\n`);
      return EXIT.pass;
    }
    const head = ['host', 'role', '2.1', '2.2a', '2.2b', '2.2c', lang === 'en' ? 'note' : 'ghi chú'];
    process.stdout.write(`${head[0].padEnd(40)} ${head[1].padEnd(10)} ${head.slice(2, 6).map((h) => h.padEnd(14)).join(' ')} ${head[6]}\n`);
    for (const f of findings) {
      const verdicts = CHECK_IDS.map((id) => VERDICT_LABELS[f.audit.checks[id].verdict][lang].padEnd(14)).join(' ');
      const note = f.audit.transport.status === 'failed' ? f.audit.transport.failure.kind : '';
      process.stdout.write(`${f.host.padEnd(40)} ${f.audit.role.padEnd(10)} ${verdicts} ${note}\n`);
    }
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

/**
 * `gov-audit report --period YYYY-MM [--lang vi|en] [--out <dir>]`: generates the period's
 * reports on the embedded stack (the same code as the report Lambda), stores them in the local
 * S3 under `reports/<period>/` and copies them to a folder (default
 * `<data-dir>/reports/<period>/`) with the evidence they cite, then prints the coverage, the
 * local paths and presigned links. Exit 3, with the reason, when the report is not complete
 * (no run in the period, nothing reachable, low coverage, outside the evaluation window).
 * `gov-audit report --round <year>` does the same for the round report and its public results
 * (bin/cli/round-command.ts).
 */
import { join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { reportPrefix } from '../../functions/core/report/generate-report.ts';
import { coverageText, coverageWarningTexts } from '../../functions/core/report/labels.ts';
import type { Lang } from '../../functions/core/types.ts';
import { produceLocalReports, type LocalReports } from '../../local/runner/local-reports.ts';
import { openLocalSession } from './local-session.ts';
import { runRoundReport } from './round-command.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { isPeriod } from '../../functions/core/local-time.ts';

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  period: { type: 'string' },
  lang: { type: 'string', default: 'vi' },
  out: { type: 'string' },
  round: { type: 'string' },
} as const;


export async function runReportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (values.lang !== 'vi' && values.lang !== 'en') throw new UsageError(`--lang: vi | en (got "${values.lang}")`);
  if (positionals.length > 0) throw new UsageError(lang === 'en' ? `Unexpected argument "${positionals[0]}"` : `Tham số không hợp lệ: "${positionals[0]}"`);
  if (values.round !== undefined) return runRoundReport(values.round, { lang, dataDir: values['data-dir'], ...(values.out !== undefined && { out: values.out }) });
  const period = values.period;
  if (!period || !isPeriod(period)) {
    throw new UsageError(lang === 'en' ? `--period must be YYYY-MM (got "${period ?? ''}")` : `--period phải có dạng YYYY-MM (nhận được "${period ?? ''}")`);
  }
  const outDir = values.out ?? join(values['data-dir'], 'reports', period);
  const session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    const result = await produceLocalReports(session, { period, lang, outDir });
    process.stdout.write(formatLocalReports(result, lang));
    const warnings = coverageWarningTexts(result.generated.model);
    if (warnings.length === 0) return EXIT.pass;
    // Exit 3: the files exist, but must not be read as a complete evaluation.
    process.stderr.write(warnings.map((warning) => `${lang === 'en' ? 'Warning' : 'Cảnh báo'}: ${warning[lang]}\n`).join(''));
    return EXIT.unknown;
  } finally {
    await session.close();
  }
}

/** Paths of the overall set and index, one line per organisation folder, then links to the overall set and index. */
export function formatLocalReports(result: LocalReports, lang: Lang): string {
  const { generated, paths, links } = result;
  const orgs = new Set(generated.files.filter((f) => f.organisation !== undefined).map((f) => f.organisation)).size;
  const lines = lang === 'en'
    ? [`Reports for ${generated.index.period}: ${generated.files.length} files (overall and ${orgs} organisations) in ${result.outDir}`]
    : [`Báo cáo kỳ ${generated.index.period}: ${generated.files.length} tệp (toàn bộ và ${orgs} đơn vị) tại ${result.outDir}`];
  lines.push(`${coverageText(generated.model.coverage, lang)}`);
  const prefix = reportPrefix(generated.index.period);
  const perOrganisation = new Map<string, number>();
  generated.files.forEach((file, i) => {
    if (file.organisation === undefined) {
      lines.push(`  ${paths[i]}`);
      return;
    }
    const dir = join(result.outDir, 'don-vi', file.key.slice(prefix.length).split('/')[1]);
    perOrganisation.set(dir, (perOrganisation.get(dir) ?? 0) + 1);
  });
  for (const [dir, count] of perOrganisation) lines.push(`  ${dir}${sep} (${count} ${lang === 'en' ? 'files' : 'tệp'})`);
  lines.push(lang === 'en'
    ? 'Download links (local S3; valid 7 days while the local stack serves this data folder):'
    : 'Liên kết tải (S3 cục bộ; hiệu lực 7 ngày khi kho dữ liệu cục bộ đang chạy):');
  for (const file of generated.files) {
    if (file.organisation !== undefined || file.format === 'csv') continue;
    lines.push(`  ${file.key}`, `    ${links.get(file.key)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The round's documents on the embedded stack, through the same code as the report Lambda:
 *
 *   gov-audit report --round <year> [--lang vi|en] [--out <dir>] [--data-dir <dir>]
 *     round report (reports/dot-<year>/) and public results (public/<year>/), copied to
 *     <out> (default <data-dir>/reports/dot-<year>/) and <out>/public/
 *   gov-audit self-review [--org <name>] [--run <id>] [--lang vi|en] [--out <dir>] [--data-dir <dir>]
 *     one DOCX letter draft per organisation (or for --org), from the newest run (or --run),
 *     copied to <out> (default <data-dir>/reports/tu-danh-gia/<period>/)
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateRoundReports, generateSelfReviews, publicPrefix, roundPrefix, selfReviewPrefix, type GeneratedRound, type GeneratedSelfReviews } from '../../functions/core/report/round/generate-round.ts';
import type { Lang } from '../../functions/core/types.ts';
import { ROUND_WRITERS } from '../../functions/report/writers.ts';
import { openLocalSession, type LocalSession } from './local-session.ts';
import { teeToFolder } from '../../local/runner/local-reports.ts';
import { EXIT, UsageError } from './usage-error.ts';

type Session = Pick<LocalSession, 'targets' | 'runs' | 'findings' | 'traffic' | 'overrides' | 'evidence' | 'window'>;

/** Folder path of a key under `prefix`. */
const under = (prefix: string, dir: string) => (key: string) => (key.startsWith(prefix) ? join(dir, ...key.slice(prefix.length).split('/')) : undefined);

/** Generates the round of `year` into the session's S3 and `outDir` (public pages in `outDir/public`). */
export async function produceLocalRound(session: Session, options: { year: number; lang: Lang; outDir: string; generatedAt?: string }): Promise<{ generated: GeneratedRound; outDir: string }> {
  const outDir = resolve(options.outDir);
  const reports = under(roundPrefix(options.year), outDir);
  const pages = under(publicPrefix(options.year), join(outDir, 'public'));
  const files = teeToFolder(session.evidence, (key) => reports(key) ?? pages(key));
  const generated = await generateRoundReports(
    { year: options.year, window: session.window, lang: options.lang, generatedAt: options.generatedAt ?? new Date().toISOString() },
    { ...session, files, writers: ROUND_WRITERS },
  );
  return { generated, outDir };
}

/** Writes the self-review letters into the session's S3 and `outDir` (default: under the data folder). */
export async function produceLocalSelfReviews(
  session: Session,
  options: { runId?: string; organisation?: string; lang: Lang; dataDir: string; outDir?: string; generatedAt?: string },
): Promise<{ generated: GeneratedSelfReviews; outDir: string }> {
  // The period (and so the folder) is the run's: the letters are written to the S3 first and
  // copied to the folder as each is stored.
  let outDir = options.outDir === undefined ? undefined : resolve(options.outDir);
  const files = teeToFolder(session.evidence, (key) => {
    const match = /^reports\/tu-danh-gia\/([^/]+)\//.exec(key);
    if (!match) return undefined;
    outDir ??= resolve(options.dataDir, 'reports', 'tu-danh-gia', match[1]);
    return under(selfReviewPrefix(match[1]), outDir)(key);
  });
  const generated = await generateSelfReviews(
    {
      ...(options.runId !== undefined && { runId: options.runId }),
      ...(options.organisation !== undefined && { organisation: options.organisation }),
      lang: options.lang,
      generatedAt: options.generatedAt ?? new Date().toISOString(),
    },
    { ...session, files, writers: ROUND_WRITERS },
  );
  return { generated, outDir: outDir ?? resolve(options.dataDir) };
}

/** `gov-audit report --round <year>`. */
export async function runRoundReport(yearText: string, options: { lang: Lang; dataDir: string; out?: string }): Promise<number> {
  const { lang } = options;
  if (!/^\d{4}$/.test(yearText)) throw new UsageError(lang === 'en' ? `--round must be a year (got "${yearText}")` : `--round phải là năm, ví dụ 2026 (nhận được "${yearText}")`);
  const year = Number(yearText);
  const session = await openLocalSession({ dataDir: options.dataDir });
  try {
    const { generated, outDir } = await produceLocalRound(session, { year, lang, outDir: options.out ?? join(options.dataDir, 'reports', `dot-${year}`) });
    process.stdout.write(formatLocalRound(generated, outDir, lang));
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

/** Where the round report and its public results were written. */
export function formatLocalRound(generated: GeneratedRound, outDir: string, lang: Lang): string {
  const { model } = generated;
  const orgs = model.summary.organisations.length;
  const lines = lang === 'en'
    ? [`Round ${model.year} (${model.months.join(', ')}): ${generated.files.length} files (overall and ${orgs} organisations) in ${outDir}`, `Public results: ${join(outDir, 'public')} (${generated.publicKeys.length} pages)`]
    : [`Đợt đánh giá ${model.year} (${model.months.join(', ')}): ${generated.files.length} tệp (toàn bộ và ${orgs} đơn vị) tại ${outDir}`, `Kết quả công bố: ${join(outDir, 'public')} (${generated.publicKeys.length} trang)`];
  return `${lines.join('\n')}\n`;
}

/** Where the self-review letters were written, one line per organisation. */
export function formatLocalSelfReviews(generated: GeneratedSelfReviews, outDir: string, lang: Lang): string {
  const letters = generated.files.filter((f) => f.format === 'docx');
  const head = lang === 'en'
    ? `Self-review letter drafts from run ${generated.run.runId} (${generated.run.period}): ${letters.length} in ${outDir}`
    : `Dự thảo văn bản tự đánh giá từ lượt quét ${generated.run.runId} (${generated.run.period}): ${letters.length} văn bản tại ${outDir}`;
  return `${[head, ...letters.map((f) => `  ${f.organisation}: ${f.key.split('/').pop()}`)].join('\n')}\n`;
}

const SELF_REVIEW_OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  org: { type: 'string' },
  run: { type: 'string' },
  lang: { type: 'string', default: 'vi' },
  out: { type: 'string' },
} as const;

/** `gov-audit self-review [--org <name>] [--run <id>]`. */
export async function runSelfReviewCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SELF_REVIEW_OPTIONS, allowPositionals: true });
  if (values.lang !== 'vi' && values.lang !== 'en') throw new UsageError(`--lang: vi | en (got "${values.lang}")`);
  const lang: Lang = values.lang;
  if (positionals.length > 0) throw new UsageError(lang === 'en' ? `Unexpected argument "${positionals[0]}"` : `Tham số không hợp lệ: "${positionals[0]}"`);
  const session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    const known = new Set((await session.targets.list()).map((t) => t.org));
    if (values.org !== undefined && !known.has(values.org)) {
      throw new UsageError(lang === 'en' ? `--org: no organisation "${values.org}" in the registry` : `--org: không có đơn vị "${values.org}" trong danh sách`);
    }
    if (values.run !== undefined && !(await session.runs.get(values.run))) {
      throw new UsageError(lang === 'en' ? `--run: no run "${values.run}"` : `--run: không có lượt quét "${values.run}"`);
    }
    if ((await session.runs.list({ limit: 1 })).length === 0) {
      throw new UsageError(lang === 'en' ? 'No run yet: run gov-audit run first' : 'Chưa có lượt quét nào: hãy chạy gov-audit run trước');
    }
    const { generated, outDir } = await produceLocalSelfReviews(session, {
      ...(values.run !== undefined && { runId: values.run }),
      ...(values.org !== undefined && { organisation: values.org }),
      lang,
      dataDir: values['data-dir'],
      ...(values.out !== undefined && { outDir: values.out }),
    });
    process.stdout.write(formatLocalSelfReviews(generated, outDir, lang));
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

/**
 * `gov-audit demo` (npm run demo): one evaluation round against the simulated government web,
 * on fixed clocks (local/runner/demo-season.ts): a run before the window (the self-review
 * letters), a run in each month of the configured window while the simulated web changes a few
 * sites (local/sim-web/season.ts), each month's traffic export (one portal missing from one
 * month) and monthly report, then the round report and the public results. Every run is
 * checked against the simulated web's answer key of its month.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { roundYearOf } from '../../functions/core/report/report-period.ts';
import type { RoundModel } from '../../functions/core/report/round/model.ts';
import type { Lang } from '../../functions/core/types.ts';
import { importDemoTraffic } from '../../local/runner/demo-traffic.ts';
import { demoSeason, steppingClock, type DemoSeason } from '../../local/runner/demo-season.ts';
import { produceLocalReports } from '../../local/runner/local-reports.ts';
import { localRenderer } from '../../local/runner/local-renderer.ts';
import { compareWithManifest, fetcherForSim, registryOfSim } from '../../local/runner/sim-registry.ts';
import { startSimWeb, type SimChange } from '../../local/sim-web/index.ts';
import { seasonChanges } from '../../local/sim-web/season.ts';
import { DEMO_DATA_DIR } from './history-commands.ts';
import { openLocalSession } from './local-session.ts';
import { formatLocalRound, formatLocalSelfReviews, produceLocalRound, produceLocalSelfReviews } from './round-command.ts';
import { intOption, OPTIONS, renderModeOf, sweep } from './run-command.ts';
import { formatTrafficImport } from './traffic-command.ts';
import { EXIT, timeoutSecondsOf, UsageError } from './usage-error.ts';

const DEMO_OPTIONS = {
  ...OPTIONS,
  'data-dir': { type: 'string', default: DEMO_DATA_DIR },
  round: { type: 'string' },
  // No default: the simulated web's own short limits, unless the user sets one.
  timeout: { type: 'string' },
} as const;

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: DEMO_OPTIONS });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (values.round !== undefined && !/^\d{4}$/.test(values.round)) {
    throw new UsageError(lang === 'en' ? `--round must be a year (got "${values.round}")` : `--round phải là năm, ví dụ 2026 (nhận được "${values.round}")`);
  }
  const seed = intOption(values, 'seed', [0, 2 ** 31]);
  const portals = intOption(values, 'portals', [1, 200]);
  const concurrency = intOption(values, 'concurrency', [1, 64]);
  const timeouts = values.timeout === undefined ? {} : { totalTimeoutMs: timeoutSecondsOf(values.timeout, lang) * 1000 };
  const dataDir = values['data-dir'];
  // Each demo starts from an empty data folder, so its figures are those of this season only.
  await rm(dataDir, { recursive: true, force: true });
  const session = await openLocalSession({ dataDir });
  // The only reading of the machine's clock: which round (by default the one that ended last).
  const season = demoSeason(values.round === undefined ? roundYearOf(new Date(), session.window) : Number(values.round), session.window);
  const sim = await startSimWeb({ seed, portals, changes: (fleet) => seasonChanges(fleet, seed, season.changeSteps) });
  const fetcher = fetcherForSim(sim, timeouts);
  const renderer = (await renderModeOf(values.render, lang)) === 'auto' ? localRenderer({ resolve: sim.resolve.map(parseResolveMapping), ca: sim.caPem }) : undefined;
  const say = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  try {
    say(lang === 'en'
      ? `Simulated government web: ${sim.manifest.hosts.length} sites on 127.0.0.1 (http ${sim.httpPort}, https ${sim.httpsPort}).`
      : `Mạng chính phủ mô phỏng: ${sim.manifest.hosts.length} trang trên 127.0.0.1 (http ${sim.httpPort}, https ${sim.httpsPort}).`);
    say(seasonText(season, sim.changes, renderer !== undefined, lang));
    await session.targets.putMany(registryOfSim(sim.manifest, season.steps[0].at.toISOString()));
    const gapPortal = sim.manifest.hosts.filter((h) => h.role === 'portal').at(-1)?.host;
    let matched = true;
    let complete = true;
    let lastRunId = '';
    for (const step of season.steps) {
      sim.setStep(step.step);
      say(`\n== ${step.period}: ${stepTitle(step.step, lang)} ==`);
      // Every run uses the same tiers: a verdict that changed between months is the site's change, not the tool's.
      const result = await sweep(session, fetcher, {
        trigger: 'demo', concurrency, pages: 3, lang, maxRetryDelaySeconds: 2, now: steppingClock(step.at), renderer,
      });
      lastRunId = result.run.runId;
      complete &&= result.complete;
      const mismatches = compareWithManifest(result.findings, sim.manifest, result.renderMode === 'auto' ? 'rendered' : 'static');
      matched &&= mismatches.length === 0;
      const total = sim.manifest.hosts.length;
      say(lang === 'en'
        ? `Ground truth: ${total - mismatches.length}/${total} sites match the simulated web's manifest of ${step.period}.`
        : `Đối chiếu đáp án: ${total - mismatches.length}/${total} trang khớp với kết quả mong đợi của mạng mô phỏng tháng ${step.period}.`);
      for (const line of mismatches) say(`  ✗ ${line}`);
      const omit = step.step === season.trafficGapStep && gapPortal !== undefined ? [gapPortal] : [];
      const traffic = await importDemoTraffic(session, sim.manifest, { period: step.period, dataDir, importedAt: step.reportAt ?? step.at, omit });
      // The export's problems (the bad row, the unregistered site) are the same every month: told once.
      const imported = formatTrafficImport(traffic.trafficReport, traffic.trafficFile, lang);
      say(step.step === 0 ? imported : imported.split('\n')[0]);
      if (omit.length > 0) say(lang === 'en' ? `  (no figure for ${omit.join(', ')} this month)` : `  (tháng này không có số liệu của ${omit.join(', ')})`);
      if (step.step === 0) {
        const letters = await produceLocalSelfReviews(session, { runId: result.run.runId, lang, dataDir, generatedAt: season.selfReviewAt.toISOString() });
        say(formatLocalSelfReviews(letters.generated, letters.outDir, lang));
      }
      if (step.reportAt !== undefined) {
        const reports = await produceLocalReports(session, { period: step.period, lang, outDir: join(dataDir, 'reports', step.period), now: step.reportAt });
        say(lang === 'en'
          ? `Monthly report ${step.period}: ${reports.paths.length} files (with the evidence they cite) in ${reports.outDir}`
          : `Báo cáo tháng ${step.period}: ${reports.paths.length} tệp (kèm bằng chứng được dẫn) tại ${reports.outDir}`);
        for (const path of reports.paths.filter((p) => /(index\.html|tong-hop\.(xlsx|html))$/.test(p))) say(`  ${path}`);
      }
    }
    say(`\n== ${lang === 'en' ? `Round ${season.year}` : `Đợt đánh giá ${season.year}`} ==`);
    const round = await produceLocalRound(session, { year: season.year, lang, outDir: join(dataDir, 'reports', `dot-${season.year}`), generatedAt: season.roundAt.toISOString() });
    say(roundText(round.generated.model, lang));
    say(formatLocalRound(round.generated, round.outDir, lang));
    say(lang === 'en'
      ? `Data kept in ${dataDir}: gov-audit runs --data-dir ${dataDir}; gov-audit findings --run ${lastRunId} --data-dir ${dataDir}`
      : `Dữ liệu lưu tại ${dataDir}: gov-audit runs --data-dir ${dataDir}; gov-audit findings --run ${lastRunId} --data-dir ${dataDir}`);
    return complete && matched ? EXIT.pass : EXIT.fail;
  } finally {
    await renderer?.close();
    await fetcher.close();
    await session.close();
    await sim.close();
  }
}

function stepTitle(step: number, lang: Lang): string {
  if (step === 0) return lang === 'en' ? 'before the window (self-review letters)' : 'trước thời gian đánh giá (văn bản tự đánh giá)';
  return lang === 'en' ? `window month ${step}` : `tháng đánh giá thứ ${step}`;
}

const CHANGE_WORDS: Record<SimChange['kind'], { vi: string; en: string }> = {
  'gains-code': { vi: 'gắn mã theo dõi EMC', en: 'adds the EMC tracking code' },
  'loses-code': { vi: 'gỡ mã theo dõi EMC', en: 'removes the EMC tracking code' },
  'hides-badge': { vi: 'ẩn nhãn EMC', en: 'hides the EMC badge' },
};

/** The season's calendar, the simulated web's changes and which run uses the browser. */
function seasonText(season: DemoSeason, changes: readonly SimChange[], rendering: boolean, lang: Lang): string {
  const periodOf = (step: number) => season.steps[step]?.period ?? '?';
  const runs = season.steps.map((s) => s.at.toISOString().slice(0, 10)).join(', ');
  const lines = lang === 'en'
    ? [`Season ${season.year} (window ${season.window.start} – ${season.window.end}, ${season.window.timeZone}): ${season.steps.length} runs on ${runs}.`]
    : [`Mùa đánh giá ${season.year} (thời gian đánh giá ${season.window.start} – ${season.window.end}, ${season.window.timeZone}): ${season.steps.length} lượt quét vào các ngày ${runs}.`];
  for (const c of changes) lines.push(`  ${c.host} ${CHANGE_WORDS[c.kind][lang]} ${lang === 'en' ? 'from' : 'từ tháng'} ${periodOf(c.fromStep)}`);
  lines.push(rendering
    ? (lang === 'en' ? 'Browser tier: auto in every run (each homepage rendered in Chromium, the EMC badge judged every month).' : 'Kiểm tra bằng trình duyệt: auto ở mọi lượt (trang chủ hiển thị trong Chromium, nhãn EMC được đánh giá mỗi tháng).')
    : (lang === 'en' ? 'Browser tier: never (HTML only; the EMC badge stays unknown unless hidden in the HTML).' : 'Không dùng trình duyệt (chỉ HTML; nhãn EMC để "chưa xác định" trừ khi bị ẩn ngay trong HTML).'));
  return lines.join('\n');
}

/** The round in three lines: the rule, what improved or regressed, the months of traffic missing per portal. */
function roundText(model: RoundModel, lang: Lang): string {
  const { sitesTrend } = model.summary.overall;
  const missing = model.rankings.flatMap((r) => r.ranked.filter((p) => p.missingMonths.length > 0).map((p) => `${p.host} (${p.missingMonths.join(', ')})`));
  return (lang === 'en'
    ? [
      `Round verdict per site and criterion: the latest judged month of ${model.months.join(', ')} (rule ${model.rule.verdict}); traffic ranking: ${model.rule.ranking}.`,
      `Across the round: ${sitesTrend.improved} sites improved, ${sitesTrend.regressed} regressed.`,
      `Traffic months missing: ${missing.length > 0 ? missing.join('; ') : 'none'}.`,
    ]
    : [
      `Kết quả cả đợt của mỗi trang theo từng tiêu chí: kết quả của tháng gần nhất được đánh giá trong ${model.months.join(', ')} (quy tắc ${model.rule.verdict}); xếp hạng truy cập: ${model.rule.ranking}.`,
      `Trong cả đợt: ${sitesTrend.improved} trang cải thiện, ${sitesTrend.regressed} trang giảm.`,
      `Tháng thiếu số liệu truy cập: ${missing.length > 0 ? missing.join('; ') : 'không có'}.`,
    ]).join('\n');
}

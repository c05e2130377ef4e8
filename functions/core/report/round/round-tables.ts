/**
 * The round report as tables (one XLSX sheet each): summary per criterion with each month's
 * pass rate and the improved/regressed counts, the round ranking per league with each month's
 * figure, every site × criterion with each month's verdict and the round verdict, and the
 * rules. Strings are raw (untrusted where they come from sites); the XLSX writer neutralises them.
 */
import { CRITERIA } from '../../criteria.ts';
import { CHECK_IDS, type CheckId, type Lang, type LocalizedText } from '../../types.ts';
import { LEAGUE_LABELS, ROLE_LABELS, VERDICT_LABELS, WORDS } from '../labels.ts';
import type { ReportTable, TableCell, TableColumn } from '../tables.ts';
import type { RoundCell, RoundModel, RoundSummary } from './model.ts';
import { ROUND_WORDS, TREND_LABELS } from './words.ts';

export type RoundTable = Omit<ReportTable, 'key'> & { key: 'summary' | 'rankings' | 'sites' | 'methodology' };

/** `2.1 Nhúng mã theo dõi EMC`: criterion names from the one table (functions/core/criteria.ts). */
export function criterionName(id: CheckId, lang: Lang): string {
  return `${CRITERIA[id].section} ${CRITERIA[id][lang]}`;
}

/** The explanation of the round's ranking rule. */
export function roundRankingText(model: Pick<RoundModel, 'rule'>): LocalizedText {
  return model.rule.ranking === 'total' ? ROUND_WORDS.rankingTotal : ROUND_WORDS.rankingMean;
}

/** Every table of the round report, in sheet order. */
export function roundTables(model: RoundModel, lang: Lang = 'vi'): RoundTable[] {
  const w = (label: LocalizedText) => label[lang];
  const col = (header: string, width: number, format: TableColumn['format'] = 'text'): TableColumn => ({ header, width, format });
  const monthCols = (format: TableColumn['format']) => model.months.map((m) => col(m, 11, format));
  const applicable = (summary: RoundSummary) => CHECK_IDS.filter((id) => summary.checks[id].pass + summary.checks[id].fail + summary.checks[id].unknown > 0);

  const summaryRows: TableCell[][] = [];
  const scopes: [string, RoundSummary][] = [
    [model.scope.kind === 'overall' ? w(WORDS.overall) : model.scope.organisation, model.summary.overall],
    ...(model.scope.kind === 'overall' ? model.summary.organisations.map((o): [string, RoundSummary] => [o.organisation, o]) : []),
  ];
  for (const [scope, summary] of scopes) {
    for (const id of applicable(summary)) {
      const c = summary.checks[id];
      summaryRows.push([scope, criterionName(id, lang), c.pass, c.fail, c.unknown, c.passRate, ...summary.monthly[id].map((m) => m.passRate), summary.trend[id].improved, summary.trend[id].regressed]);
    }
  }

  const rankingRows: TableCell[][] = model.rankings.flatMap((league) => [
    ...league.ranked.map((r): TableCell[] => [w(LEAGUE_LABELS[league.league]), r.rank, r.organisation, r.host, r.value, ...r.months, r.missingMonths.join(', ')]),
    ...league.noData.map((r): TableCell[] => [w(LEAGUE_LABELS[league.league]), null, r.organisation, r.host, null, ...model.months.map(() => null), model.months.join(', ')]),
  ]);

  const siteRows: TableCell[][] = model.sites.flatMap((site) =>
    (Object.entries(site.checks) as [CheckId, RoundCell][]).map(([id, cell]): TableCell[] => [
      site.organisation,
      site.name,
      site.host,
      w(ROLE_LABELS[site.role]),
      criterionName(id, lang),
      ...cell.months.map((v) => w(VERDICT_LABELS[v])),
      w(VERDICT_LABELS[cell.verdict]),
      cell.decidedIn ?? null,
      w(TREND_LABELS[cell.trend]),
      w(cell.summary),
      cell.evidence ?? null,
      cell.hint ? w(cell.hint) : null,
    ]),
  );

  const withoutRuns = model.months.filter((m) => !model.monthsWithRuns.includes(m));
  const methodRows: TableCell[][] = [
    [w(ROUND_WORDS.round), String(model.year)],
    [w(ROUND_WORDS.window), `${model.window.start} – ${model.window.end} (${model.window.timeZone})`],
    [w(ROUND_WORDS.months), model.months.join(', ')],
    [w(ROUND_WORDS.monthsWithoutRuns), withoutRuns.length > 0 ? withoutRuns.join(', ') : w(WORDS.none)],
    [w(WORDS.ruleSet), model.ruleSetVersion],
    [w(ROUND_WORDS.roundRule), w(ROUND_WORDS.verdictRule)],
    [w(WORDS.rankingRule), w(roundRankingText(model))],
    [w(WORDS.runs), model.runs.map((r) => `${r.runId} (${r.startedAt})`).join('\n')],
    [w(WORDS.generatedAt), model.generatedAt],
  ];

  return [
    {
      key: 'summary',
      name: w(ROUND_WORDS.round).slice(0, 31),
      columns: [col(w(WORDS.scope), 36), col(w(WORDS.criterion), 40), col(w(WORDS.pass), 9, 'int'), col(w(WORDS.fail), 11, 'int'), col(w(WORDS.unknown), 13, 'int'), col(w(WORDS.passRate), 11, 'pct'), ...monthCols('pct'), col(w(ROUND_WORDS.improved), 11, 'int'), col(w(ROUND_WORDS.regressed), 9, 'int')],
      rows: summaryRows,
    },
    {
      key: 'rankings',
      name: w(WORDS.rank),
      columns: [col(w(WORDS.league), 30), col(w(WORDS.rank), 7, 'int'), col(w(WORDS.organisation), 36), col(w(WORDS.host), 28), col(w(ROUND_WORDS.roundValue), 16, 'int'), ...monthCols('int'), col(w(ROUND_WORDS.missingMonths), 22)],
      rows: rankingRows,
    },
    {
      key: 'sites',
      name: w(WORDS.verdict),
      columns: [col(w(WORDS.organisation), 30), col(w(WORDS.name), 30), col(w(WORDS.host), 28), col(w(WORDS.role), 14), col(w(WORDS.criterion), 34), ...monthCols('text'), col(w(ROUND_WORDS.roundVerdict), 14), col(w(ROUND_WORDS.decidedIn), 11), col(w(ROUND_WORDS.trend), 12), col(w(WORDS.reason), 40), col(w(WORDS.evidence), 50), col(w(WORDS.hint), 40)],
      rows: siteRows,
    },
    { key: 'methodology', name: w(ROUND_WORDS.roundRule).slice(0, 31), columns: [col(w(WORDS.criterion), 28), col('', 100)], rows: methodRows },
  ];
}

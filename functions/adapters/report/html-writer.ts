/**
 * The HTML report: one self-contained page (inline CSS, inline SVG charts, no scripts, no
 * external assets) that opens from an e-mailed link and prints on A4. Pure string building.
 *
 * Safety by construction: markup is built with the {@link html} tag, which passes every
 * interpolated value through the one escape function ({@link escapeHtml}) unless it is itself
 * markup built by the tag. Page titles, anchor texts, excerpts and imported names can
 * therefore never become markup.
 */
import {
  CHANGE_LABELS,
  coverageWarningTexts,
  EVIDENCE_LABELS,
  LEAGUE_LABELS,
  OVERRIDE_STATE_LABELS,
  ROLE_LABELS,
  SHEET_NAMES,
  SITE_ID_VIA_LABELS,
  VERDICT_LABELS,
  WORDS,
  coverageText,
  criterionHeader,
  rankingRuleText,
  sampledPagesText,
} from '../../core/report/labels.ts';
import type { CellVerdict, Counts, EvidenceRef, LeagueRanking, PortalRow, ReportModel, SiteRow } from '../../core/report/model.ts';
import { escapeHtml, isSafeEvidenceLink } from '../../core/report/safe-text.ts';
import { evidenceKind, type TableOptions } from '../../core/report/tables.ts';
import type { OrganisationTrend } from '../../core/report/trend.ts';
import { formatLocalTime } from '../../core/local-time.ts';
import { CHECK_IDS, type CheckId, type Lang, type LocalizedText, type Verdict } from '../../core/types.ts';

/** Markup produced by {@link html}; anything else interpolated into it is escaped. */
export class Markup {
  constructor(readonly value: string) {}
}

export type Fragment = Markup | string | number | null | undefined | false | Fragment[];

function render(fragment: Fragment): string {
  if (fragment === null || fragment === undefined || fragment === false) return '';
  if (fragment instanceof Markup) return fragment.value;
  if (Array.isArray(fragment)) return fragment.map(render).join('');
  return escapeHtml(String(fragment));
}

/** Tagged template: literal parts are trusted markup, interpolations are escaped (shared by every HTML writer). */
export function html(strings: TemplateStringsArray, ...values: Fragment[]): Markup {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Markup(out);
}

/** The HTML writer takes the tables' options: the language and the set's `linkFor`. */
export type HtmlOptions = TableOptions;

export const COLORS: Record<'pass' | 'fail' | 'unknown' | 'previous', string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  unknown: '#9e9e9e',
  previous: '#90a4ae',
};

export const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; font-size: 11pt; color: #1a1a1a; margin: 0 auto; max-width: 1100px; padding: 16px; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 14pt; margin: 24px 0 8px; border-bottom: 2px solid #1f4e8c; padding-bottom: 2px; color: #1f4e8c; }
h3 { font-size: 12pt; margin: 16px 0 6px; }
.meta { color: #444; margin: 0 0 12px; } .meta span { margin-right: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6px 0 12px; }
th, td { border: 1px solid #c9d1dc; padding: 3px 5px; vertical-align: top; text-align: left; overflow-wrap: break-word; }
th { background: #e8eef7; } td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
.v { display: inline-block; padding: 0 6px; border-radius: 8px; font-weight: 600; white-space: nowrap; color: #fff; }
.v-pass { background: ${COLORS.pass}; } .v-fail { background: ${COLORS.fail}; } .v-unknown { background: ${COLORS.unknown}; } .v-not-applicable { background: #cfd8dc; color: #333; }
.ov { display: block; font-size: 8.5pt; color: #6a1b9a; } .small { font-size: 8.5pt; color: #444; } .up { color: ${COLORS.pass}; } .down { color: ${COLORS.fail}; }
.note { font-size: 9pt; color: #444; } svg { max-width: 100%; height: auto; } code { font-size: 8.5pt; overflow-wrap: anywhere; }
.legend span { display: inline-block; margin-right: 12px; font-size: 9pt; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.host { overflow-wrap: normal; word-break: keep-all; hyphens: none; }
.v + .small, .v + .ov { display: block; margin-top: 2px; }
.banner { border: 2px solid ${COLORS.fail}; background: #fdecea; padding: 8px 12px; margin: 8px 0; font-weight: 600; }
.coverage { background: #eef3fa; border-left: 4px solid #1f4e8c; padding: 6px 10px; margin: 8px 0; }
details summary { cursor: pointer; color: #1f4e8c; } .missing { color: ${COLORS.fail}; font-weight: 600; }
a.ev { display: inline-block; margin-right: 8px; white-space: nowrap; }
@media print { @page { size: A4 landscape; } body { max-width: none; padding: 0; font-size: 9pt; } h2 { break-before: page; } h2.first { break-before: auto; } a { color: inherit; } details > * { display: block; } }
@media screen and (max-width: 640px) {
  body { padding: 8px; font-size: 10.5pt; } h1 { font-size: 15pt; }
  table, tbody, tr, th, td { display: block; width: 100%; } thead { display: none; }
  tr { border: 1px solid #c9d1dc; margin: 0 0 8px; } th, td { border: 0; border-bottom: 1px solid #eef1f5; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: #333; }
  td.num { text-align: left; }
}
`;

/** Renders the report as one HTML document. */
export function writeReportHtml(model: ReportModel, options: HtmlOptions = {}): string {
  const lang = options.lang ?? 'vi';
  const w = (label: LocalizedText) => label[lang];
  const criteria = model.methodology.criteria;
  const scope = model.scope.kind === 'overall' ? w(WORDS.overall) : model.scope.organisation;
  const title = `${w(WORDS.title)} — ${model.period}`;
  const ctx: Ctx = { lang, w, criteria, options, number: new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB') };

  return htmlDocument(lang, `${title} — ${scope}`, html`<header>
<h1>${title}</h1>
<p class="meta"><span>${w(WORDS.scope)}: <strong>${scope}</strong></span><span>${w(WORDS.period)}: ${model.period}</span>${
    model.previousPeriod ? html`<span>${w(WORDS.previousPeriod)}: ${model.previousPeriod}</span>` : null
  }<span>${w(WORDS.generatedAt)}: ${formatLocalTime(model.generatedAt, lang)}</span><span>${w(WORDS.ruleSet)}: ${model.methodology.ruleSetVersion}</span></p>
${coverageWarningTexts(model).map((warning) => html`<p class="banner" role="alert">${w(WORDS.warning)}: ${w(warning)}</p>`)}
<p class="coverage"><strong>${w(WORDS.coverage)}:</strong> ${coverageText(model.coverage, lang)}</p>
</header>
<main>
${summarySection(model, ctx)}
${rankingSection(model, ctx)}
${portalSection(model, ctx)}
${componentSection(model, ctx)}
${changeSection(model, ctx)}
${unknownSection(model, ctx)}
${duplicateSiteIdSection(model, ctx)}
${overrideSection(model, ctx)}
${methodologySection(model, ctx)}
</main>`);
}

/**
 * The self-contained document every report page shares (monthly and round reports, public
 * results): language, viewport, title and a stylesheet (the reports' own by default) around
 * `body`; no script, no external asset.
 */
export function htmlDocument(lang: Lang, title: string, body: Markup, css: string = CSS): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Markup(css)}</style>
</head>
<body>
${body}
</body>
</html>
`.value;
}

interface Ctx {
  lang: Lang;
  w: (label: LocalizedText) => string;
  criteria: ReportModel['methodology']['criteria'];
  options: HtmlOptions;
  number: Intl.NumberFormat;
}

export function pct(rate: number | null, lang: Lang): string {
  if (rate === null) return '—';
  return `${(rate * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

function verdictBadge(verdict: Verdict, ctx: Ctx): Markup {
  return html`<span class="v v-${verdict}">${ctx.w(VERDICT_LABELS[verdict])}</span>`;
}

/**
 * A host that breaks only at its dots: a word break (`<wbr>`) after each dot, and the host
 * itself never split mid-label ("moit.g ov.vn" is not a hostname anyone can read).
 */
function hostMarkup(host: string): Markup {
  return html`<span class="host">${host.split('.').map((label, i) => html`${i > 0 ? html`.<wbr>` : null}${label}`)}</span>`;
}

/** A table whose cells carry their column's name, so a phone shows each row as a labelled card. */
function dataTable(headers: string[], rows: Fragment[][], rowIds?: (string | undefined)[]): Markup {
  return html`<table>
<thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows.map(
    (cells, r) =>
      html`<tr${rowIds?.[r] ? html` id="site-${rowIds[r]}"` : null}>${cells.map((cell, c) => html`<td data-label="${headers[c]}"${isNumeric(cell) ? html` class="num"` : null}>${cell}</td>`)}</tr>`,
  )}</tbody>
</table>`;
}

const isNumeric = (cell: Fragment): boolean => typeof cell === 'number';

function cellMarkup(cell: CellVerdict | undefined, ctx: Ctx): Markup {
  if (!cell) return verdictBadge('not-applicable', ctx);
  const o = cell.overridden;
  return html`${verdictBadge(cell.verdict, ctx)}${
    o
      ? html`<span class="ov">${ctx.w(WORDS.overridden)}: ${ctx.w(VERDICT_LABELS[o.from])} → ${ctx.w(VERDICT_LABELS[cell.verdict])}. ${o.reason} (${o.author}${o.until ? `, ${ctx.w(WORDS.until).toLowerCase()} ${o.until}` : ''})</span>`
      : null
  }${cell.verdict !== 'pass' ? html`<span class="small">${ctx.w(cell.verdict === 'unknown' ? (cell.unknownReason ?? cell.summary) : cell.summary)}</span>` : null}${
    cell.evidence.length > 0 ? evidenceList(cell.evidence, ctx) : null
  }`;
}

/**
 * The 2.2b cell: the verdict, then the components the homepage does not link, labelled and
 * named, before anything else; the linked ones collapsed behind their count.
 */
function componentLinksMarkup(portal: PortalRow, linked: string[], ctx: Ctx): Markup {
  const cell = portal.checks['portal-links-components'];
  if (!cell) return verdictBadge('not-applicable', ctx);
  const missing = portal.missingComponents;
  return html`${verdictBadge(cell.verdict, ctx)}${
    missing.length > 0
      ? html`<span class="small"><span class="missing">${ctx.w(WORDS.missingLabel)} (${missing.length}):</span> ${missing.map(
          (m, i) => html`${i > 0 ? ', ' : null}${m.name ? html`${m.name} (${hostMarkup(m.host)})` : hostMarkup(m.host)}`,
        )}</span>`
      : cell.verdict !== 'pass'
        ? html`<span class="small">${ctx.w(cell.verdict === 'unknown' ? (cell.unknownReason ?? cell.summary) : cell.summary)}</span>`
        : null
  }${
    linked.length > 0
      ? html`<details class="small"><summary>${ctx.w(WORDS.linked)}: ${linked.length}</summary>${linked.map((h, i) => html`${i > 0 ? html`<br>` : null}${hostMarkup(h)}`)}</details>`
      : null
  }${cell.overridden ? html`<span class="ov">${ctx.w(WORDS.overridden)}: ${cell.overridden.reason} (${cell.overridden.author})</span>` : null}`;
}

function evidenceList(evidence: EvidenceRef[], ctx: Ctx): Markup {
  const items = evidence.map((e) => ({ e, what: (e.text || e.href || e.excerpt || '').slice(0, 160) })).filter(({ e, what }) => what !== '' || e.key);
  return html`<span class="small">${items.map(({ e, what }) => html`<br>– ${e.key ? evidenceLink(e.key, ctx) : null} ${what}`)}</span>`;
}

/** A short labelled link to one evidence file ("Trang chủ", "Ảnh chụp", "Nhãn EMC"). */
function evidenceLink(key: string, ctx: Ctx): Markup {
  const label = ctx.w(EVIDENCE_LABELS[evidenceKind(key)]);
  const url = ctx.options.linkFor?.(key);
  return url && isSafeEvidenceLink(url) ? html`<a class="ev" href="${url}">${label}</a>` : html`<span class="ev">${label}</span>`;
}

function evidenceKeys(site: Pick<SiteRow, 'evidenceKeys'>, ctx: Ctx): Markup {
  return html`${site.evidenceKeys.map((key) => evidenceLink(key, ctx))}`;
}

/** Splits a label into lines of at most `max` characters at spaces (chart labels are never cut). */
function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** An SVG text of several lines (`tspan`s), starting at (x, y). */
function svgLines(lines: string[], x: number, y: number, lineHeight: number): Markup {
  return html`<text x="${x}" y="${y}">${lines.map((l, i) => html`<tspan x="${x}" dy="${i === 0 ? 0 : lineHeight}">${l}</tspan>`)}</text>`;
}

/* ----------------------------------------------------------------------------- summary */

function summarySection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const overall = model.summary.overall;
  const rows = model.scope.kind === 'overall' ? model.summary.organisations : [];
  const countCells = (c: Counts) =>
    html`<td class="num" data-label="${w(WORDS.pass)}">${c.pass}</td><td class="num" data-label="${w(WORDS.fail)}">${c.fail}</td><td class="num" data-label="${w(WORDS.unknown)}">${c.unknown}</td><td class="num" data-label="${w(WORDS.passRate)}">${pct(c.passRate, ctx.lang)}</td>`;
  return html`<section id="summary">
<h2 class="first">${w(SHEET_NAMES.summary)}</h2>
<p class="note">${w(WORDS.ratesNote)}</p>
<table>
<thead><tr><th>${w(WORDS.criterion)}</th><th>${w(WORDS.pass)}</th><th>${w(WORDS.fail)}</th><th>${w(WORDS.unknown)}</th><th>${w(WORDS.passRate)}</th>${
    overall.previous ? html`<th>${w(WORDS.previousPassRate)}</th>` : null
  }</tr></thead>
<tbody>${CHECK_IDS.map(
    (id) =>
      html`<tr><td>${criterionHeader(ctx.criteria[id], ctx.lang)}</td>${countCells(overall.checks[id])}${
        overall.previous ? html`<td class="num">${pct(overall.previous.checks[id].passRate, ctx.lang)}</td>` : null
      }</tr>`,
  )}<tr><th>${w(WORDS.allCriteria)}</th>${countCells(overall.all)}${
    overall.previous ? html`<td class="num">${pct(overall.previous.all.passRate, ctx.lang)}</td>` : null
  }</tr></tbody>
</table>
${complianceChart(overall.checks, ctx)}
${overall.previous ? monthChart(overall.checks, overall.previous.checks, model, ctx) : null}
${model.scope.kind === 'organisation' && model.trends?.[0] ? trendChart(model.trends[0], ctx) : null}
${
  rows.length > 0
    ? html`<h3>${w(WORDS.organisation)}</h3>
${dataTable(
  [w(WORDS.organisation), w(WORDS.league), w(WORDS.sites), ...CHECK_IDS.map((id) => `${ctx.criteria[id].section} ${w(WORDS.passRate)}`), `${w(WORDS.allCriteria)}: ${w(WORDS.pass)}/${w(WORDS.fail)}/${w(WORDS.unknown)}`, w(WORDS.passRate)],
  rows.map((o): Fragment[] => [
    o.organisation,
    w(LEAGUE_LABELS[o.league]),
    o.sites,
    ...CHECK_IDS.map((id) => pct(o.checks[id].passRate, ctx.lang)),
    `${o.all.pass}/${o.all.fail}/${o.all.unknown}`,
    pct(o.all.passRate, ctx.lang),
  ]),
)}`
    : null
}
</section>`;
}

function legend(items: [string, string][]): Markup {
  return html`<p class="legend">${items.map(([color, label]) => html`<span><i style="background:${color}"></i>${label}</span>`)}</p>`;
}

/** Stacked horizontal bars: pass / fail / unknown per criterion. */
function complianceChart(checks: Record<CheckId, Counts>, ctx: Ctx): Markup {
  const ids = CHECK_IDS.filter((id) => checks[id].pass + checks[id].fail + checks[id].unknown > 0);
  const labelWidth = 260;
  const barWidth = 440;
  const rowHeight = 38;
  const height = ids.length * rowHeight + 10;
  return html`<figure>
<figcaption><strong>${ctx.w(WORDS.complianceChart)}</strong></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" width="${labelWidth + barWidth + 60}" height="${height}" font-size="12">
<title>${ctx.w(WORDS.complianceChart)}</title>
${ids.map((id, i) => {
  const c = checks[id];
  const total = c.pass + c.fail + c.unknown;
  const y = i * rowHeight + 5;
  let x = labelWidth;
  const parts = (['pass', 'fail', 'unknown'] as const).map((kind) => {
    const width = (c[kind] / total) * barWidth;
    const rect = html`<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${rowHeight - 12}" fill="${COLORS[kind]}"><title>${ctx.w(VERDICT_LABELS[kind])}: ${c[kind]}</title></rect>`;
    x += width;
    return rect;
  });
  return html`${svgLines(wrapWords(criterionHeader(ctx.criteria[id], ctx.lang), 38), 0, y + 12, 14)}${parts}<text x="${labelWidth + barWidth + 6}" y="${y + 15}">${pct(c.passRate, ctx.lang)}</text>`;
})}
</svg>
${legend([
  [COLORS.pass, ctx.w(WORDS.pass)],
  [COLORS.fail, ctx.w(WORDS.fail)],
  [COLORS.unknown, ctx.w(WORDS.unknown)],
])}
</figure>`;
}

/** Grouped vertical bars: pass rate per criterion, previous period next to this one. */
function monthChart(current: Record<CheckId, Counts>, previous: Record<CheckId, Counts>, model: ReportModel, ctx: Ctx): Markup {
  const groupWidth = 150;
  const plotHeight = 160;
  const width = CHECK_IDS.length * groupWidth + 40;
  const bar = (rate: number | null, x: number, color: string, label: string) => {
    const h = (rate ?? 0) * plotHeight;
    return html`<rect x="${x}" y="${(plotHeight - h + 10).toFixed(1)}" width="40" height="${h.toFixed(1)}" fill="${color}"><title>${label}: ${pct(rate, ctx.lang)}</title></rect><text x="${x + 20}" y="${(plotHeight - h + 6).toFixed(1)}" text-anchor="middle" font-size="10">${pct(rate, ctx.lang)}</text>`;
  };
  return html`<figure>
<figcaption><strong>${ctx.w(WORDS.monthChart)}</strong></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${plotHeight + 40}" width="${width}" height="${plotHeight + 40}" font-size="11">
<title>${ctx.w(WORDS.monthChart)}</title>
<line x1="30" y1="${plotHeight + 10}" x2="${width}" y2="${plotHeight + 10}" stroke="#555"/>
${CHECK_IDS.map((id, i) => {
  const x = 40 + i * groupWidth;
  return html`${bar(previous[id].passRate, x, COLORS.previous, model.previousPeriod ?? ctx.w(WORDS.previousPeriod))}${bar(current[id].passRate, x + 45, COLORS.pass, model.period)}<text x="${x + 42}" y="${plotHeight + 26}" text-anchor="middle">${ctx.criteria[id].section}</text>`;
})}
</svg>
${legend([
  [COLORS.previous, model.previousPeriod ?? ctx.w(WORDS.previousPeriod)],
  [COLORS.pass, model.period],
])}
</figure>`;
}

/** Colours of the criteria's lines in the trend chart. */
const TREND_COLORS: Record<CheckId, string> = {
  'emc-tracking-code': '#1f4e8c',
  'emc-badge': '#2e7d32',
  'portal-links-components': '#ef6c00',
  'component-links-portal': '#6a1b9a',
};

/**
 * The organisation's season: each criterion's pass rate per month (lines, 0–100%) and, under
 * each month, the portal's traffic rank.
 */
function trendChart(trend: OrganisationTrend, ctx: Ctx): Markup {
  const step = 150;
  const plot = { left: 40, top: 10, height: 150 };
  const width = plot.left + Math.max(1, trend.points.length) * step;
  const x = (i: number) => plot.left + step / 2 + i * step;
  const y = (rate: number) => plot.top + (1 - rate) * plot.height;
  const base = plot.top + plot.height;
  const ids = CHECK_IDS.filter((id) => trend.points.some((p) => p.passRates[id] !== null));
  return html`<figure>
<figcaption><strong>${ctx.w(WORDS.trendChart)}</strong></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${base + 44}" width="${width}" height="${base + 44}" font-size="11">
<title>${ctx.w(WORDS.trendChart)}</title>
${[0, 0.5, 1].map((r) => html`<line x1="${plot.left}" y1="${y(r)}" x2="${width}" y2="${y(r)}" stroke="#ddd"/><text x="0" y="${y(r) + 4}">${pct(r, ctx.lang)}</text>`)}
${ids.map((id) => {
  const points = trend.points.map((p, i) => [i, p.passRates[id]] as const).filter((pt): pt is readonly [number, number] => pt[1] !== null);
  return html`<polyline fill="none" stroke="${TREND_COLORS[id]}" stroke-width="2" points="${points.map(([i, r]) => `${x(i)},${y(r).toFixed(1)}`).join(' ')}"/>${points.map(
    ([i, r]) => html`<circle cx="${x(i)}" cy="${y(r).toFixed(1)}" r="3" fill="${TREND_COLORS[id]}"><title>${ctx.criteria[id].section}: ${pct(r, ctx.lang)}</title></circle>`,
  )}`;
})}
${trend.points.map(
  (p, i) => html`<text x="${x(i)}" y="${base + 16}" text-anchor="middle">${p.period}</text><text x="${x(i)}" y="${base + 32}" text-anchor="middle">${ctx.w(WORDS.rank)}: ${p.rank ?? '—'}</text>`,
)}
</svg>
${legend(ids.map((id) => [TREND_COLORS[id], criterionHeader(ctx.criteria[id], ctx.lang)]))}
</figure>`;
}

/* ----------------------------------------------------------------------------- rankings */

function rankingSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const own = model.scope.kind === 'organisation' ? model.scope.organisation : undefined;
  return html`<section id="rankings">
<h2>${w(SHEET_NAMES.rankings)}</h2>
<p class="note">${w(WORDS.rankingRule)}: ${rankingRuleText(model.methodology.ranking, ctx.lang)}</p>
${model.rankings.map(
  (league) => html`<h3>${w(LEAGUE_LABELS[league.league])}</h3>
${league.ranked.length > 0 ? rankingChart(league, ctx) : null}
<table>
<thead><tr><th>${w(WORDS.rank)}</th><th>${w(WORDS.organisation)}</th><th>${w(WORDS.host)}</th><th>${w(WORDS.visits)}</th><th>${w(WORDS.previousRank)}</th><th>${w(WORDS.rankChange)}</th></tr></thead>
<tbody>${league.ranked.map(
    (r) =>
      html`<tr${own === r.organisation ? html` style="font-weight:700"` : null}><td class="num" data-label="${w(WORDS.rank)}">${r.rank}</td><td data-label="${w(WORDS.organisation)}">${r.organisation}</td><td data-label="${w(WORDS.host)}">${hostMarkup(r.host)}</td><td class="num" data-label="${w(WORDS.visits)}">${ctx.number.format(r.visits)}</td><td class="num" data-label="${w(WORDS.previousRank)}">${r.previousRank ?? '—'}</td><td class="num" data-label="${w(WORDS.rankChange)}">${rankChange(r.rankChange)}</td></tr>`,
  )}${league.noData.map(
    (r) => html`<tr><td class="num" data-label="${w(WORDS.rank)}">—</td><td data-label="${w(WORDS.organisation)}">${r.organisation}</td><td data-label="${w(WORDS.host)}">${hostMarkup(r.host)}</td><td colspan="3" data-label="${w(WORDS.visits)}">${w(r.reason)}</td></tr>`,
  )}${league.ranked.length + league.noData.length === 0 ? html`<tr><td colspan="6">${w(WORDS.none)}</td></tr>` : null}</tbody>
</table>`,
)}
</section>`;
}

function rankChange(change: number | undefined): Markup {
  if (change === undefined) return html`—`;
  if (change > 0) return html`<span class="up">▲ ${change}</span>`;
  if (change < 0) return html`<span class="down">▼ ${-change}</span>`;
  return html`=`;
}

/** Horizontal bars of the ranked figure, longest first. */
function rankingChart(league: LeagueRanking, ctx: Ctx): Markup {
  const labelWidth = 300;
  const barWidth = 380;
  const labels = league.ranked.map((r) => wrapWords(`${r.rank}. ${r.organisation}`, 46));
  const lineHeight = 13;
  const rowHeights = labels.map((l) => Math.max(18, l.length * lineHeight + 5));
  const tops = rowHeights.map((_, i) => rowHeights.slice(0, i).reduce((a, b) => a + b, 3));
  const max = Math.max(...league.ranked.map((r) => r.value), 1);
  const height = rowHeights.reduce((a, b) => a + b, 6);
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${labelWidth + barWidth + 90} ${height}" width="${labelWidth + barWidth + 90}" height="${height}" font-size="11">
<title>${ctx.w(WORDS.rankingChart)} — ${ctx.w(LEAGUE_LABELS[league.league])}</title>
${league.ranked.map((r, i) => {
  const y = tops[i];
  const width = (r.value / max) * barWidth;
  return html`${svgLines(labels[i], 0, y + 12, lineHeight)}<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="14" fill="#1f4e8c"/><text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + 12}">${ctx.number.format(r.value)}</text>`;
})}
</svg>`;
}

/* ----------------------------------------------------------------------------- sites */

function portalSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const ids = CHECK_IDS.filter((id) => ctx.criteria[id].appliesTo.includes('portal'));
  const componentsOf = new Map(model.components.filter((g) => g.portalHost).map((g) => [g.portalHost as string, g.rows.map((r) => r.host)]));
  const headers = [w(WORDS.organisation), w(WORDS.host), ...ids.map((id) => criterionHeader(ctx.criteria[id], ctx.lang)), w(WORDS.evidence)];
  const rows = model.portals.map((p): Fragment[] => {
    const missing = new Set(p.missingComponents.map((m) => m.host));
    const linked = (componentsOf.get(p.host) ?? []).filter((h) => !missing.has(h));
    return [
      html`${p.organisation}${p.siteId ? html`<br><span class="small">${w(WORDS.siteId)}: ${p.siteId}</span>` : null}`,
      html`${hostMarkup(p.host)}${p.unconfirmedDomain ? html`<br><span class="small missing">${w(WORDS.unconfirmedDomain)}</span>` : null}`,
      ...ids.map((id) => (id === 'portal-links-components' ? componentLinksMarkup(p, linked, ctx) : cellMarkup(p.checks[id], ctx))),
      evidenceKeys(p, ctx),
    ];
  });
  return html`<section id="portals">
<h2>${w(SHEET_NAMES.portals)}</h2>
${dataTable(headers, rows, model.portals.map((p) => p.host))}
</section>`;
}

function componentSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const ids = CHECK_IDS.filter(
    (id) => ctx.criteria[id].appliesTo.includes('component') || ctx.criteria[id].appliesTo.includes('standalone'),
  );
  const headers = [w(WORDS.name), w(WORDS.host), w(WORDS.role), ...ids.map((id) => criterionHeader(ctx.criteria[id], ctx.lang)), w(WORDS.evidence)];
  return html`<section id="components">
<h2>${w(SHEET_NAMES.components)}</h2>
${model.components.length === 0 ? html`<p>${w(WORDS.none)}</p>` : null}
${model.components.map(
  (group) => html`<h3>${group.portalHost ? html`${group.organisation} — ${hostMarkup(group.portalHost)}` : w(WORDS.noPortal)}</h3>
${dataTable(
  headers,
  group.rows.map((c): Fragment[] => [c.name, hostMarkup(c.host), w(ROLE_LABELS[c.role]), ...ids.map((id) => cellMarkup(c.checks[id], ctx)), evidenceKeys(c, ctx)]),
  group.rows.map((c) => c.host),
)}`,
)}
</section>`;
}

function changeSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const headers = [w(WORDS.change), w(WORDS.organisation), w(WORDS.host), w(WORDS.criterion), w(WORDS.from), w(WORDS.to), w(WORDS.evidence)];
  return html`<section id="changes">
<h2>${w(SHEET_NAMES.changes)}</h2>
${model.changes.length === 0 ? html`<p>${w(WORDS.none)}</p>` : dataTable(headers, model.changes.map((c): Fragment[] => [
  w(CHANGE_LABELS[c.kind]),
  c.organisation,
  html`<a href="#site-${c.host}">${hostMarkup(c.host)}</a>`,
  criterionHeader(ctx.criteria[c.check], ctx.lang),
  c.from ? verdictBadge(c.from, ctx) : '—',
  verdictBadge(c.to, ctx),
  evidenceKeys(c, ctx),
]))}
</section>`;
}

function unknownSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const headers = [w(WORDS.organisation), w(WORDS.host), w(WORDS.criterion), w(WORDS.reason), w(WORDS.hint)];
  return html`<section id="unknowns">
<h2>${w(SHEET_NAMES.unknowns)}</h2>
${model.unknowns.length === 0 ? html`<p>${w(WORDS.none)}</p>` : dataTable(headers, model.unknowns.map((u): Fragment[] => [
  u.organisation, hostMarkup(u.host), ctx.criteria[u.check].section, w(u.reason), u.hint ? w(u.hint) : null,
]))}
</section>`;
}

function duplicateSiteIdSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const headers = [w(WORDS.siteId), w(WORDS.host), w(WORDS.name), w(WORDS.siteIdVia)];
  return html`<section id="duplicate-site-ids">
<h2>${w(SHEET_NAMES.duplicateSiteIds)}</h2>
<p class="note">${w(WORDS.duplicateSiteIdsNote)}</p>
${model.duplicateSiteIds.length === 0 ? html`<p>${w(WORDS.none)}</p>` : dataTable(headers, model.duplicateSiteIds.flatMap((g) =>
  g.hosts.map((h): Fragment[] => [g.siteId, hostMarkup(h.host), h.org ?? '—', w(SITE_ID_VIA_LABELS[h.via])]),
))}
</section>`;
}

function overrideSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const headers = [w(WORDS.organisation), w(WORDS.host), w(WORDS.criterion), w(WORDS.verdict), w(WORDS.reason), w(WORDS.author), w(WORDS.createdAt), w(WORDS.until), w(WORDS.state)];
  return html`<section id="overrides">
<h2>${w(SHEET_NAMES.overrides)}</h2>
${model.overrides.length === 0 ? html`<p>${w(WORDS.none)}</p>` : dataTable(headers, model.overrides.map((o): Fragment[] => [
  o.organisation,
  hostMarkup(o.host),
  ctx.criteria[o.check].section,
  html`${o.from ? html`${verdictBadge(o.from, ctx)} → ` : null}${verdictBadge(o.verdict, ctx)}`,
  o.reason,
  o.author,
  formatLocalTime(o.createdAt, ctx.lang),
  o.until ?? '—',
  w(OVERRIDE_STATE_LABELS[o.state]),
]))}
</section>`;
}

function methodologySection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const m = model.methodology;
  const time = (iso: string | undefined) => (iso ? formatLocalTime(iso, ctx.lang) : '—');
  const unconfirmed = [...model.portals, ...model.components.flatMap((g) => g.rows)].filter((s) => s.unconfirmedDomain);
  return html`<section id="methodology">
<h2>${w(SHEET_NAMES.methodology)}</h2>
<table><tbody>
<tr><th>${w(WORDS.ruleSet)}</th><td>${m.ruleSetVersion}</td></tr>
<tr><th>${w(WORDS.rankingRule)}</th><td>${rankingRuleText(m.ranking, ctx.lang)}</td></tr>
<tr><th>${w(WORDS.legal)}</th><td>${m.legal.map((l, i) => html`${i > 0 ? html`<br>` : null}${l[ctx.lang]}`)}</td></tr>
<tr><th>${w(WORDS.criterion)}</th><td>${CHECK_IDS.map((id, i) => html`${i > 0 ? html`<br>` : null}${criterionHeader(m.criteria[id], ctx.lang)}`)}<br>${criterionHeader(m.trafficCriterion, ctx.lang)}</td></tr>
<tr><th>${w(WORDS.scanDates)}</th><td>${time(m.scanDates.from)} – ${time(m.scanDates.to)}</td></tr>
<tr><th>${w(WORDS.runs)}</th><td>${m.runs.map((r, i) => html`${i > 0 ? html`<br>` : null}${r.runId} (${time(r.startedAt)})`)}</td></tr>
<tr><th>${w(WORDS.sampledPages)}</th><td>${sampledPagesText(m.sampledPages, ctx.lang)}</td></tr>
<tr><th>${w(WORDS.unconfirmedDomains)}</th><td>${unconfirmed.length === 0 ? w(WORDS.none) : unconfirmed.map((u, i) => html`${i > 0 ? html`<br>` : null}${hostMarkup(u.host)} (${u.name})`)}</td></tr>
<tr><th>${w(WORDS.overridesOn)}</th><td>${m.overridesOn}</td></tr>
</tbody></table>
<p class="note">${w(WORDS.ratesNote)}</p>
</section>`;
}

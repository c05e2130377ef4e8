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
  LEAGUE_LABELS,
  OVERRIDE_STATE_LABELS,
  ROLE_LABELS,
  SHEET_NAMES,
  SITE_ID_VIA_LABELS,
  VERDICT_LABELS,
  WORDS,
  criterionHeader,
  rankingRuleText,
  sampledPagesText,
} from '../../core/report/labels.ts';
import type { CellVerdict, Counts, EvidenceRef, LeagueRanking, ReportModel, SiteRow } from '../../core/report/model.ts';
import { escapeHtml, isSafeLinkUrl } from '../../core/report/safe-text.ts';
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

export interface HtmlOptions {
  lang?: Lang;
  /** URL of a stored evidence object (presigned link); when absent, the key is shown as text. */
  evidenceLink?: (key: string) => string;
}

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
th, td { border: 1px solid #c9d1dc; padding: 3px 5px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #e8eef7; } td.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
.v { display: inline-block; padding: 0 6px; border-radius: 8px; font-weight: 600; white-space: nowrap; color: #fff; }
.v-pass { background: ${COLORS.pass}; } .v-fail { background: ${COLORS.fail}; } .v-unknown { background: ${COLORS.unknown}; } .v-not-applicable { background: #cfd8dc; color: #333; }
.ov { display: block; font-size: 8.5pt; color: #6a1b9a; } .small { font-size: 8.5pt; color: #444; } .up { color: ${COLORS.pass}; } .down { color: ${COLORS.fail}; }
.note { font-size: 9pt; color: #444; } svg { max-width: 100%; height: auto; } code { font-size: 8.5pt; overflow-wrap: anywhere; }
.legend span { display: inline-block; margin-right: 12px; font-size: 9pt; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } h2 { break-before: page; } h2.first { break-before: auto; } a { color: inherit; } }
`;

/** Renders the report as one HTML document. */
export function writeReportHtml(model: ReportModel, options: HtmlOptions = {}): string {
  const lang = options.lang ?? 'vi';
  const w = (label: LocalizedText) => label[lang];
  const criteria = model.methodology.criteria;
  const scope = model.scope.kind === 'overall' ? w(WORDS.overall) : model.scope.organisation;
  const title = `${w(WORDS.title)} — ${model.period}`;
  const ctx: Ctx = { lang, w, criteria, options, number: new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB') };

  const page = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${scope}</title>
<style>${new Markup(CSS)}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta"><span>${w(WORDS.scope)}: <strong>${scope}</strong></span><span>${w(WORDS.period)}: ${model.period}</span>${
    model.previousPeriod ? html`<span>${w(WORDS.previousPeriod)}: ${model.previousPeriod}</span>` : null
  }<span>${w(WORDS.generatedAt)}: ${model.generatedAt}</span><span>${w(WORDS.ruleSet)}: ${model.methodology.ruleSetVersion}</span></p>
${model.outsideWindow ? html`<p class="note" role="note"><strong>${w(model.outsideWindow)}</strong></p>` : null}
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
</main>
</body>
</html>
`;
  return page.value;
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

function evidenceList(evidence: EvidenceRef[], ctx: Ctx): Markup {
  return html`<span class="small">${evidence.map((e) => {
    const what = e.text || e.href || e.excerpt || e.kind;
    return html`<br>• ${e.key ? evidenceKeyLink(e.key, ctx) : null} ${what.slice(0, 160)}`;
  })}</span>`;
}

function evidenceKeyLink(key: string, ctx: Ctx): Markup {
  const url = ctx.options.evidenceLink?.(key);
  return url && isSafeLinkUrl(url) ? html`<a href="${url}"><code>${key}</code></a>` : html`<code>${key}</code>`;
}

function evidenceKeys(site: Pick<SiteRow, 'evidenceKeys'>, ctx: Ctx): Markup {
  return html`${site.evidenceKeys.map((key, i) => html`${i > 0 ? html`<br>` : null}${evidenceKeyLink(key, ctx)}`)}`;
}

/* ----------------------------------------------------------------------------- summary */

function summarySection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const overall = model.summary.overall;
  const rows = model.scope.kind === 'overall' ? model.summary.organisations : [];
  const countCells = (c: Counts) =>
    html`<td class="num">${c.pass}</td><td class="num">${c.fail}</td><td class="num">${c.unknown}</td><td class="num">${pct(c.passRate, ctx.lang)}</td>`;
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
${
  rows.length > 0
    ? html`<h3>${w(WORDS.organisation)}</h3>
<table>
<thead><tr><th>${w(WORDS.organisation)}</th><th>${w(WORDS.league)}</th><th>${w(WORDS.sites)}</th>${CHECK_IDS.map(
        (id) => html`<th>${ctx.criteria[id].section} ${w(WORDS.passRate)}</th>`,
      )}<th>${w(WORDS.allCriteria)}: ${w(WORDS.pass)}/${w(WORDS.fail)}/${w(WORDS.unknown)}</th><th>${w(WORDS.passRate)}</th></tr></thead>
<tbody>${rows.map(
        (o) =>
          html`<tr><td>${o.organisation}</td><td>${w(LEAGUE_LABELS[o.league])}</td><td class="num">${o.sites}</td>${CHECK_IDS.map(
            (id) => html`<td class="num">${pct(o.checks[id].passRate, ctx.lang)}</td>`,
          )}<td class="num">${o.all.pass}/${o.all.fail}/${o.all.unknown}</td><td class="num">${pct(o.all.passRate, ctx.lang)}</td></tr>`,
      )}</tbody>
</table>`
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
  const rowHeight = 30;
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
    const rect = html`<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${rowHeight - 8}" fill="${COLORS[kind]}"><title>${ctx.w(VERDICT_LABELS[kind])}: ${c[kind]}</title></rect>`;
    x += width;
    return rect;
  });
  return html`<text x="0" y="${y + 15}">${criterionHeader(ctx.criteria[id], ctx.lang).slice(0, 42)}</text>${parts}<text x="${labelWidth + barWidth + 6}" y="${y + 15}">${pct(c.passRate, ctx.lang)}</text>`;
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
      html`<tr${own === r.organisation ? html` style="font-weight:700"` : null}><td class="num">${r.rank}</td><td>${r.organisation}</td><td>${r.host}</td><td class="num">${ctx.number.format(r.visits)}</td><td class="num">${r.previousRank ?? '—'}</td><td class="num">${rankChange(r.rankChange)}</td></tr>`,
  )}${league.noData.map(
    (r) => html`<tr><td class="num">—</td><td>${r.organisation}</td><td>${r.host}</td><td colspan="3">${w(WORDS.noData)}: ${w(r.reason)}</td></tr>`,
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
  const rowHeight = 18;
  const max = Math.max(...league.ranked.map((r) => r.value), 1);
  const height = league.ranked.length * rowHeight + 6;
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${labelWidth + barWidth + 90} ${height}" width="${labelWidth + barWidth + 90}" height="${height}" font-size="11">
<title>${ctx.w(WORDS.rankingChart)} — ${ctx.w(LEAGUE_LABELS[league.league])}</title>
${league.ranked.map((r, i) => {
  const y = i * rowHeight + 3;
  const width = (r.value / max) * barWidth;
  return html`<text x="0" y="${y + 12}">${r.rank}. ${r.organisation.slice(0, 44)}</text><rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${rowHeight - 4}" fill="#1f4e8c"/><text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + 12}">${ctx.number.format(r.value)}</text>`;
})}
</svg>`;
}

/* ----------------------------------------------------------------------------- sites */

function portalSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const ids = CHECK_IDS.filter((id) => ctx.criteria[id].appliesTo.includes('portal'));
  return html`<section id="portals">
<h2>${w(SHEET_NAMES.portals)}</h2>
<table>
<thead><tr><th>${w(WORDS.organisation)}</th><th>${w(WORDS.host)}</th>${ids.map((id) => html`<th>${criterionHeader(ctx.criteria[id], ctx.lang)}</th>`)}<th>${w(WORDS.missingComponents)}</th><th>${w(WORDS.evidence)}</th></tr></thead>
<tbody>${model.portals.map(
    (p) =>
      html`<tr id="site-${p.host}"><td>${p.organisation}${p.siteId ? html`<br><span class="small">${w(WORDS.siteId)}: ${p.siteId}</span>` : null}</td><td>${p.host}</td>${ids.map(
        (id) => html`<td>${cellMarkup(p.checks[id], ctx)}</td>`,
      )}<td>${p.missingComponents.map((m, i) => html`${i > 0 ? html`<br>` : null}${m.name ? `${m.name} (${m.host})` : m.host}`)}</td><td>${evidenceKeys(p, ctx)}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}

function componentSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const ids = CHECK_IDS.filter(
    (id) => ctx.criteria[id].appliesTo.includes('component') || ctx.criteria[id].appliesTo.includes('standalone'),
  );
  return html`<section id="components">
<h2>${w(SHEET_NAMES.components)}</h2>
${model.components.length === 0 ? html`<p>${w(WORDS.none)}</p>` : null}
${model.components.map(
  (group) => html`<h3>${group.portalHost ? `${group.organisation} — ${group.portalHost}` : w(WORDS.noPortal)}</h3>
<table>
<thead><tr><th>${w(WORDS.name)}</th><th>${w(WORDS.host)}</th><th>${w(WORDS.role)}</th>${ids.map((id) => html`<th>${criterionHeader(ctx.criteria[id], ctx.lang)}</th>`)}<th>${w(WORDS.evidence)}</th></tr></thead>
<tbody>${group.rows.map(
    (c) =>
      html`<tr id="site-${c.host}"><td>${c.name}</td><td>${c.host}</td><td>${w(ROLE_LABELS[c.role])}</td>${ids.map(
        (id) => html`<td>${cellMarkup(c.checks[id], ctx)}</td>`,
      )}<td>${evidenceKeys(c, ctx)}</td></tr>`,
  )}</tbody>
</table>`,
)}
</section>`;
}

function changeSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  return html`<section id="changes">
<h2>${w(SHEET_NAMES.changes)}</h2>
${model.changes.length === 0 ? html`<p>${w(WORDS.none)}</p>` : html`<table>
<thead><tr><th>${w(WORDS.change)}</th><th>${w(WORDS.organisation)}</th><th>${w(WORDS.host)}</th><th>${w(WORDS.criterion)}</th><th>${w(WORDS.from)}</th><th>${w(WORDS.to)}</th><th>${w(WORDS.evidence)}</th></tr></thead>
<tbody>${model.changes.map(
  (c) =>
    html`<tr><td>${w(CHANGE_LABELS[c.kind])}</td><td>${c.organisation}</td><td><a href="#site-${c.host}">${c.host}</a></td><td>${criterionHeader(ctx.criteria[c.check], ctx.lang)}</td><td>${c.from ? verdictBadge(c.from, ctx) : '—'}</td><td>${verdictBadge(c.to, ctx)}</td><td>${evidenceKeys(c, ctx)}</td></tr>`,
)}</tbody>
</table>`}
</section>`;
}

function unknownSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  return html`<section id="unknowns">
<h2>${w(SHEET_NAMES.unknowns)}</h2>
${model.unknowns.length === 0 ? html`<p>${w(WORDS.none)}</p>` : html`<table>
<thead><tr><th>${w(WORDS.organisation)}</th><th>${w(WORDS.host)}</th><th>${w(WORDS.criterion)}</th><th>${w(WORDS.reason)}</th><th>${w(WORDS.hint)}</th></tr></thead>
<tbody>${model.unknowns.map(
  (u) =>
    html`<tr><td>${u.organisation}</td><td>${u.host}</td><td>${ctx.criteria[u.check].section}</td><td>${w(u.reason)}</td><td>${u.hint ? w(u.hint) : null}</td></tr>`,
)}</tbody>
</table>`}
</section>`;
}

function duplicateSiteIdSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  return html`<section id="duplicate-site-ids">
<h2>${w(SHEET_NAMES.duplicateSiteIds)}</h2>
<p class="note">${w(WORDS.duplicateSiteIdsNote)}</p>
${model.duplicateSiteIds.length === 0 ? html`<p>${w(WORDS.none)}</p>` : html`<table>
<thead><tr><th>${w(WORDS.siteId)}</th><th>${w(WORDS.host)}</th><th>${w(WORDS.name)}</th><th>${w(WORDS.siteIdVia)}</th></tr></thead>
<tbody>${model.duplicateSiteIds.map((g) =>
  g.hosts.map(
    (h, i) =>
      html`<tr>${i === 0 ? html`<td rowspan="${g.hosts.length}">${g.siteId}</td>` : null}<td>${h.host}</td><td>${h.org ?? '—'}</td><td>${w(SITE_ID_VIA_LABELS[h.via])}</td></tr>`,
  ),
)}</tbody>
</table>`}
</section>`;
}

function overrideSection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  return html`<section id="overrides">
<h2>${w(SHEET_NAMES.overrides)}</h2>
${model.overrides.length === 0 ? html`<p>${w(WORDS.none)}</p>` : html`<table>
<thead><tr><th>${w(WORDS.organisation)}</th><th>${w(WORDS.host)}</th><th>${w(WORDS.criterion)}</th><th>${w(WORDS.verdict)}</th><th>${w(WORDS.reason)}</th><th>${w(WORDS.author)}</th><th>${w(WORDS.createdAt)}</th><th>${w(WORDS.until)}</th><th>${w(WORDS.state)}</th></tr></thead>
<tbody>${model.overrides.map(
  (o) =>
    html`<tr><td>${o.organisation}</td><td>${o.host}</td><td>${ctx.criteria[o.check].section}</td><td>${o.from ? html`${verdictBadge(o.from, ctx)} → ` : null}${verdictBadge(o.verdict, ctx)}</td><td>${o.reason}</td><td>${o.author}</td><td>${o.createdAt}</td><td>${o.until ?? '—'}</td><td>${w(OVERRIDE_STATE_LABELS[o.state])}</td></tr>`,
)}</tbody>
</table>`}
</section>`;
}

function methodologySection(model: ReportModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const m = model.methodology;
  return html`<section id="methodology">
<h2>${w(SHEET_NAMES.methodology)}</h2>
<table><tbody>
<tr><th>${w(WORDS.ruleSet)}</th><td>${m.ruleSetVersion}</td></tr>
<tr><th>${w(WORDS.rankingRule)}</th><td>${rankingRuleText(m.ranking, ctx.lang)}</td></tr>
<tr><th>${w(WORDS.legal)}</th><td>${m.legal.map((l, i) => html`${i > 0 ? html`<br>` : null}${l[ctx.lang]}`)}</td></tr>
<tr><th>${w(WORDS.criterion)}</th><td>${CHECK_IDS.map((id, i) => html`${i > 0 ? html`<br>` : null}${criterionHeader(m.criteria[id], ctx.lang)}`)}<br>${criterionHeader(m.trafficCriterion, ctx.lang)}</td></tr>
<tr><th>${w(WORDS.scanDates)}</th><td>${m.scanDates.from ?? '—'} – ${m.scanDates.to ?? '—'}</td></tr>
<tr><th>${w(WORDS.runs)}</th><td>${m.runs.map((r, i) => html`${i > 0 ? html`<br>` : null}${r.runId} (${r.startedAt})`)}</td></tr>
<tr><th>${w(WORDS.sampledPages)}</th><td>${sampledPagesText(m.sampledPages, ctx.lang)}</td></tr>
<tr><th>${w(WORDS.overridesOn)}</th><td>${m.overridesOn}</td></tr>
</tbody></table>
<p class="note">${w(WORDS.ratesNote)}</p>
</section>`;
}

/**
 * The round report as one self-contained HTML page (inline CSS and SVG, no script): summary
 * per criterion with improved/regressed counts, a trend chart per criterion (pass rate per
 * window month), the round ranking per league with each month's figure and the missing months,
 * and every site × criterion with each month's verdict and the round verdict. Built with the
 * monthly writer's escaping tag, so untrusted names and excerpts stay text.
 */
import { LEAGUE_LABELS, ROLE_LABELS, VERDICT_LABELS, WORDS } from '../../core/report/labels.ts';
import type { Counts } from '../../core/report/model.ts';
import type { RoundCell, RoundModel } from '../../core/report/round/model.ts';
import { criterionName, roundRankingText } from '../../core/report/round/round-tables.ts';
import { ROUND_WORDS, TREND_LABELS } from '../../core/report/round/words.ts';
import { CHECK_IDS, type CheckId, type Lang, type LocalizedText, type Verdict } from '../../core/types.ts';
import { COLORS, html, htmlDocument, Markup, pct } from './html-writer.ts';

interface Ctx {
  lang: Lang;
  w: (label: LocalizedText) => string;
  number: Intl.NumberFormat;
}

/** Renders the round report (overall or one organisation) as one HTML document. */
export function writeRoundHtml(model: RoundModel, options: { lang?: Lang } = {}): string {
  const lang = options.lang ?? 'vi';
  const w = (label: LocalizedText) => label[lang];
  const ctx: Ctx = { lang, w, number: new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB') };
  const scope = model.scope.kind === 'overall' ? w(WORDS.overall) : model.scope.organisation;
  const title = `${w(ROUND_WORDS.roundTitle)} — ${model.year}`;
  const withoutRuns = model.months.filter((m) => !model.monthsWithRuns.includes(m));
  return htmlDocument(lang, `${title} — ${scope}`, html`<header>
<h1>${title}</h1>
<p class="meta"><span>${w(WORDS.scope)}: <strong>${scope}</strong></span><span>${w(ROUND_WORDS.months)}: ${model.months.join(', ')}</span><span>${w(WORDS.generatedAt)}: ${model.generatedAt}</span><span>${w(WORDS.ruleSet)}: ${model.ruleSetVersion}</span></p>
${withoutRuns.length > 0 ? html`<p class="note">${w(ROUND_WORDS.monthsWithoutRuns)}: ${withoutRuns.join(', ')}</p>` : null}
</header>
<main>
${summarySection(model, ctx)}
${rankingSection(model, ctx)}
${siteSection(model, ctx)}
<section id="rules">
<h2>${w(ROUND_WORDS.roundRule)}</h2>
<p>${w(ROUND_WORDS.verdictRule)}</p>
<p>${w(roundRankingText(model))}</p>
<p class="small">${w(WORDS.runs)}: ${model.runs.map((r) => r.runId).join(', ')}</p>
</section>
</main>`);
}

function applicableIds(model: RoundModel): CheckId[] {
  const c = model.summary.overall.checks;
  return CHECK_IDS.filter((id) => c[id].pass + c[id].fail + c[id].unknown > 0);
}

function summarySection(model: RoundModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const s = model.summary.overall;
  return html`<section id="summary">
<h2 class="first">${w(ROUND_WORDS.round)}</h2>
<table>
<thead><tr><th scope="col">${w(WORDS.criterion)}</th><th scope="col">${w(WORDS.pass)}</th><th scope="col">${w(WORDS.fail)}</th><th scope="col">${w(WORDS.unknown)}</th><th scope="col">${w(WORDS.passRate)}</th>${model.months.map((m) => html`<th scope="col">${m}</th>`)}<th scope="col">${w(ROUND_WORDS.improved)}</th><th scope="col">${w(ROUND_WORDS.regressed)}</th></tr></thead>
<tbody>${applicableIds(model).map((id) => {
    const c = s.checks[id];
    return html`<tr><th scope="row">${criterionName(id, ctx.lang)}</th><td class="num">${c.pass}</td><td class="num">${c.fail}</td><td class="num">${c.unknown}</td><td class="num">${pct(c.passRate, ctx.lang)}</td>${s.monthly[id].map((m) => html`<td class="num">${pct(m.passRate, ctx.lang)}</td>`)}<td class="num">${s.trend[id].improved}</td><td class="num">${s.trend[id].regressed}</td></tr>`;
  })}</tbody>
</table>
<p>${w(ROUND_WORDS.sitesImproved)}: <strong>${s.sitesTrend.improved}</strong> · ${w(ROUND_WORDS.sitesRegressed)}: <strong>${s.sitesTrend.regressed}</strong></p>
${applicableIds(model).map((id) => trendChart(id, s.monthly[id], model.months, ctx))}
</section>`;
}

/** A line of the pass rate per window month (months without a judged site leave a gap). */
function trendChart(id: CheckId, monthly: Counts[], months: string[], ctx: Ctx): Markup {
  const width = 520;
  const height = 200;
  const left = 44;
  const top = 12;
  const plotW = width - left - 20;
  const plotH = height - top - 36;
  const x = (i: number) => left + (months.length === 1 ? plotW / 2 : (i * plotW) / (months.length - 1));
  const y = (rate: number) => top + plotH - rate * plotH;
  const points = monthly.map((c, i) => (c.passRate === null ? null : { x: x(i), y: y(c.passRate), c, month: months[i] }));
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p) current.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    else if (current.length > 0) {
      segments.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) segments.push(current.join(' '));
  const label = `${ctx.w(ROUND_WORDS.trendChart)} — ${criterionName(id, ctx.lang)}`;
  return html`<figure>
<figcaption><strong>${label}</strong></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="11">
<title>${label}</title>
${[0, 0.5, 1].map((r) => html`<line x1="${left}" y1="${y(r).toFixed(1)}" x2="${left + plotW}" y2="${y(r).toFixed(1)}" stroke="#c9d1dc"/><text x="${left - 6}" y="${(y(r) + 4).toFixed(1)}" text-anchor="end">${r * 100}%</text>`)}
${segments.map((s) => html`<polyline points="${s}" fill="none" stroke="${COLORS.pass}" stroke-width="2"/>`)}
${points.map((p) => (p ? html`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="4" fill="${COLORS.pass}"><title>${p.month}: ${pct(p.c.passRate, ctx.lang)} (${p.c.pass}/${p.c.judged})</title></circle>` : null))}
${months.map((m, i) => html`<text x="${x(i).toFixed(1)}" y="${height - 12}" text-anchor="middle">${m}</text>`)}
</svg>
</figure>`;
}

function rankingSection(model: RoundModel, ctx: Ctx): Markup {
  const { w } = ctx;
  const own = model.scope.kind === 'organisation' ? model.scope.organisation : undefined;
  return html`<section id="rankings">
<h2>${w(WORDS.rankingRule)}</h2>
<p class="note">${w(roundRankingText(model))}</p>
${model.rankings.map(
  (league) => html`<table>
<caption>${w(LEAGUE_LABELS[league.league])}</caption>
<thead><tr><th scope="col">${w(WORDS.rank)}</th><th scope="col">${w(WORDS.organisation)}</th><th scope="col">${w(WORDS.host)}</th><th scope="col">${w(ROUND_WORDS.roundValue)}</th>${model.months.map((m) => html`<th scope="col">${m}</th>`)}<th scope="col">${w(ROUND_WORDS.missingMonths)}</th></tr></thead>
<tbody>${league.ranked.map(
    (r) =>
      html`<tr${own === r.organisation ? html` style="font-weight:700"` : null}><td class="num">${r.rank}</td><td>${r.organisation}</td><td>${r.host}</td><td class="num">${ctx.number.format(r.value)}</td>${r.months.map((v) => html`<td class="num">${v === null ? '—' : ctx.number.format(v)}</td>`)}<td>${r.missingMonths.join(', ')}</td></tr>`,
  )}${league.noData.map((r) => html`<tr><td class="num">—</td><td>${r.organisation}</td><td>${r.host}</td><td colspan="${model.months.length + 2}">${w(WORDS.noData)}</td></tr>`)}</tbody>
</table>`,
)}
</section>`;
}

function badge(verdict: Verdict, ctx: Ctx): Markup {
  return html`<span class="v v-${verdict}">${ctx.w(VERDICT_LABELS[verdict])}</span>`;
}

function siteSection(model: RoundModel, ctx: Ctx): Markup {
  const { w } = ctx;
  return html`<section id="sites">
<h2>${w(WORDS.verdict)}</h2>
<table>
<thead><tr><th scope="col">${w(WORDS.name)}</th><th scope="col">${w(WORDS.criterion)}</th>${model.months.map((m) => html`<th scope="col">${m}</th>`)}<th scope="col">${w(ROUND_WORDS.roundVerdict)}</th><th scope="col">${w(ROUND_WORDS.trend)}</th><th scope="col">${w(WORDS.reason)}</th></tr></thead>
<tbody>${model.sites.map((site) =>
    (Object.entries(site.checks) as [CheckId, RoundCell][]).map(
      ([id, cell], i) =>
        html`<tr>${i === 0 ? html`<th scope="rowgroup" rowspan="${Object.keys(site.checks).length}">${site.name}<br><span class="small">${site.host} · ${w(ROLE_LABELS[site.role])}</span></th>` : null}<td>${criterionName(id, ctx.lang)}</td>${cell.months.map((v) => html`<td>${badge(v, ctx)}</td>`)}<td>${badge(cell.verdict, ctx)}${cell.decidedIn ? html`<span class="small"> (${cell.decidedIn})</span>` : null}</td><td>${w(TREND_LABELS[cell.trend])}</td><td>${w(cell.summary)}${cell.evidence ? html`<br><code>${cell.evidence}</code>` : null}</td></tr>`,
    ),
  )}</tbody>
</table>
</section>`;
}

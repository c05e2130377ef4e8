/**
 * The public results of a round as static HTML (what is published in December): an index and
 * one page per league with the traffic ranking and each organisation's compliance per
 * criterion. Accessible by construction — `lang`, a caption on every table, `scope` on every
 * header cell, text colours with at least 7:1 contrast, no script — and checked with axe-core
 * in the tests. Only the public model is rendered, so nothing internal can appear.
 */
import { LEAGUE_LABELS, WORDS } from '../../core/report/labels.ts';
import type { PublicLeague, PublicResults } from '../../core/report/round/public-results.ts';
import { criterionName, roundRankingText } from '../../core/report/round/round-tables.ts';
import { ROUND_WORDS } from '../../core/report/round/words.ts';
import type { League } from '../../core/records.ts';
import { CHECK_IDS, type Lang, type LocalizedText } from '../../core/types.ts';
import { html, htmlDocument, Markup, pct } from './html-writer.ts';

/** File name of a league's page. */
export const LEAGUE_PAGES: Record<League, string> = { ministry: 'bo-nganh.html', province: 'tinh-thanh.html', other: 'khac.html' };

const CSS = `
body { font-family: "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; font-size: 12pt; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1100px; padding: 16px; line-height: 1.5; }
h1 { font-size: 20pt; margin: 0 0 8px; } h2 { font-size: 15pt; margin: 28px 0 8px; color: #1f3f73; }
a { color: #1f3f73; } a:focus { outline: 3px solid #1f3f73; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 11pt; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { border: 1px solid #8a97a8; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #e8eef7; } td.num { text-align: right; white-space: nowrap; }
.note { color: #333; font-size: 10.5pt; }
`;

/** The public pages: `index.html` and one page per league, by file name. */
export function writePublicPages(results: PublicResults, options: { lang?: Lang } = {}): { name: string; html: string }[] {
  const lang = options.lang ?? 'vi';
  const w = (label: LocalizedText) => label[lang];
  const title = `${w(ROUND_WORDS.publicTitle)} ${results.year}`;
  const index = page(lang, title, html`<h1>${title}</h1>
<p>${w(ROUND_WORDS.months)}: ${results.months.join(', ')}</p>
<nav aria-label="${w(ROUND_WORDS.index)}"><ul>${results.leagues.map((l) => html`<li><a href="${LEAGUE_PAGES[l.league]}">${w(LEAGUE_LABELS[l.league])}</a></li>`)}</ul></nav>
${footer(results, w)}`);
  return [{ name: 'index.html', html: index }, ...results.leagues.map((league) => ({ name: LEAGUE_PAGES[league.league], html: leaguePage(results, league, lang, title) }))];
}

function page(lang: Lang, title: string, body: Markup): string {
  return htmlDocument(lang, title, html`<main>
${body}
</main>`, CSS);
}

function footer(results: PublicResults, w: (label: LocalizedText) => string): Markup {
  return html`<footer><p class="note">${w(ROUND_WORDS.publishedBy)} ${w(ROUND_WORDS.verdictRule)} ${w(WORDS.ruleSet)}: ${results.ruleSetVersion}.</p></footer>`;
}

function leaguePage(results: PublicResults, league: PublicLeague, lang: Lang, siteTitle: string): string {
  const w = (label: LocalizedText) => label[lang];
  const number = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const leagueName = w(LEAGUE_LABELS[league.league]);
  const ids = CHECK_IDS.filter((id) => league.organisations.some((o) => o.checks[id]));
  const body = html`<p><a href="index.html">${siteTitle}</a></p>
<h1>${leagueName}</h1>
<h2>${w(WORDS.rankingChart)}</h2>
<p class="note">${w(roundRankingText(results))}</p>
<table>
<caption>${w(WORDS.rankingChart)} — ${leagueName}, ${results.year}</caption>
<thead><tr><th scope="col">${w(WORDS.rank)}</th><th scope="col">${w(WORDS.organisation)}</th><th scope="col">${w(WORDS.host)}</th><th scope="col">${w(ROUND_WORDS.roundValue)}</th><th scope="col">${w(ROUND_WORDS.missingMonths)}</th></tr></thead>
<tbody>${league.ranking.map((r) => html`<tr><td class="num">${r.rank}</td><th scope="row">${r.organisation}</th><td>${r.host}</td><td class="num">${number.format(r.value)}</td><td>${r.missingMonths.join(', ')}</td></tr>`)}${league.unranked.map(
    (r) => html`<tr><td class="num">—</td><th scope="row">${r.organisation}</th><td>${r.host}</td><td colspan="2">${w(WORDS.noData)}</td></tr>`,
  )}</tbody>
</table>
<h2>${w(ROUND_WORDS.complianceByOrg)}</h2>
<table>
<caption>${w(ROUND_WORDS.complianceByOrg)} — ${leagueName} (${w(ROUND_WORDS.sitesJudged)}, ${w(WORDS.passRate).toLowerCase()})</caption>
<thead><tr><th scope="col">${w(WORDS.organisation)}</th>${ids.map((id) => html`<th scope="col">${criterionName(id, lang)}</th>`)}</tr></thead>
<tbody>${league.organisations.map(
    (o) =>
      html`<tr><th scope="row">${o.organisation}</th>${ids.map((id) => {
        const c = o.checks[id];
        return c ? html`<td class="num">${c.pass}/${c.judged} (${pct(c.passRate, lang)})</td>` : html`<td>—</td>`;
      })}</tr>`,
  )}</tbody>
</table>
${footer(results, w)}`;
  return page(lang, `${leagueName} — ${siteTitle}`, body);
}

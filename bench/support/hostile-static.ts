/**
 * Child process of bench:core: the static tier (parse, discovery, every check — as the scan's
 * analyser runs it) on one hostile page, then on an ordinary page of the same size, in a
 * process of its own so that its peak RSS (`maxRSS`) is that page's alone.
 * Input: one JSON argument `{ kind }`. Output: one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PageTooComplexError } from '../../functions/core/page/html-events.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { judgePages } from '../../functions/core/static-analysis.ts';
import { withDeepNesting, withDeepTables, withLinkFlood, withNestingBomb } from '../../local/sim-web/hostile-pages.ts';

const URL_ = 'https://haiphong.gov.vn/';
const home = readFileSync(join(import.meta.dirname, '../../test/fixtures/pages/pass-canonical-head.html'), 'utf8');

const HOSTILE: Record<string, () => string> = {
  'deep-nesting': () => withDeepNesting(home),
  'deep-tables': () => withDeepTables(home),
  'link-flood': () => withLinkFlood(home, 'haiphong.gov.vn'),
  'nesting-bomb': () => withNestingBomb(home),
};

/** An ordinary page of `length` characters: the homepage's news list repeated. */
function ordinaryPage(length: number): string {
  const item = '<div class="news-item"><a href="/tin-tuc/hoi-nghi-chuyen-doi-so.html"><img src="/uploads/thumb.jpg" alt="Hội nghị"></a><h3><a href="/tin-tuc/hoi-nghi-chuyen-doi-so.html">Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2025</a></h3><p>Sáng nay, Sở Thông tin và Truyền thông tổ chức hội nghị triển khai nhiệm vụ chuyển đổi số.</p></div>\n';
  const at = home.lastIndexOf('</body>');
  const padding = item.repeat(Math.max(0, Math.ceil((length - home.length) / item.length)));
  return home.slice(0, at) + padding + home.slice(at);
}

function staticTier(html: string): string {
  const started = performance.now();
  try {
    const page = parsePage(html, URL_);
    judgePages({ target: { url: URL_, role: 'portal' }, pages: [page] });
    return `ok in ${Math.round(performance.now() - started)}`;
  } catch (error) {
    if (error instanceof PageTooComplexError) return `too-complex in ${Math.round(performance.now() - started)}`;
    throw error;
  }
}

const { kind } = JSON.parse(process.argv[2]) as { kind: string };
const html = HOSTILE[kind]();
const normal = ordinaryPage(html.length);
// Warm-up on the ordinary page, so that both timings see compiled code.
staticTier(normal);
const t0 = performance.now();
const outcome = staticTier(html);
const hostileMs = performance.now() - t0;
const t1 = performance.now();
staticTier(normal);
const normalMs = performance.now() - t1;
process.stdout.write(`${JSON.stringify({ kind, bytes: Buffer.byteLength(html), outcome: outcome.split(' ')[0], hostileMs, normalMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);

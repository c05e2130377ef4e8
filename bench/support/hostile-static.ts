/**
 * Child process of bench:core: the static tier (parse, discovery, every check — as the scan's
 * analyser runs it) on one hostile page and on an ordinary page of the same size, in turns
 * (REPEATS of each, the order alternating), in CPU time, medians reported; in a process of its
 * own so that its peak RSS (`maxRSS`) is that page's alone.
 * Input: one JSON argument `{ kind }`. Output: one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PageTooComplexError } from '../../functions/core/page/html-events.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { judgePages } from '../../functions/core/static-analysis.ts';
import { withDeepNesting, withDeepTables, withLinkFlood, withNestingBomb } from '../../local/sim-web/hostile-pages.ts';
import { cpuTime, median } from './stats.ts';

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

const REPEATS = 5;

/** The outcome of the static tier on the page (`ok` or `too-complex`). */
function staticTier(html: string): string {
  try {
    const page = parsePage(html, URL_);
    judgePages({ target: { url: URL_, role: 'portal' }, pages: [page] });
    return 'ok';
  } catch (error) {
    if (error instanceof PageTooComplexError) return 'too-complex';
    throw error;
  }
}

const { kind } = JSON.parse(process.argv[2]) as { kind: string };
const html = HOSTILE[kind]();
const normal = ordinaryPage(html.length);
// Warm-up on the ordinary page, so that both timings see compiled code.
staticTier(normal);
let outcome = '';
// Peak RSS is the first hostile run's (round 0 runs it first): later rounds add only the garbage
// the collector has not yet taken back, not what one page costs.
let peakRssMb = 0;
const hostileMs: number[] = [];
const normalMs: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  const sides = [
    () => {
      hostileMs.push(cpuTime(() => (outcome = staticTier(html))));
      peakRssMb ||= process.resourceUsage().maxRSS / 1024;
    },
    () => normalMs.push(cpuTime(() => staticTier(normal))),
  ];
  for (const side of i % 2 === 0 ? sides : sides.reverse()) side();
}
process.stdout.write(`${JSON.stringify({ kind, bytes: Buffer.byteLength(html), outcome, hostileMs: median(hostileMs), normalMs: median(normalMs), peakRssMb })}\n`);

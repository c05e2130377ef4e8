/**
 * The renderer as it runs on Lambda: Chromium launched with exactly the Lambda flags
 * (`--single-process` among them), where closing a browser context kills the browser. A run of
 * simulated-web homepages in a row must render with zero browser errors, and no site may see
 * what an earlier one stored (cookies, local storage).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumRenderer } from '../../functions/adapters/browser/chromium-renderer.ts';
import { findChromium, LAMBDA_FLAGS } from '../../functions/adapters/browser/launch.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import type { PageRenderer, RenderOutcome } from '../../functions/core/render/observation.ts';
import { startSimWeb, type SimWeb } from '../../local/sim-web/index.ts';

const browser = await findChromium();
/** A site that remembers its visitor, and shows EMC's badge markup only to a returning one. */
const RETURNING_HOST = 'so-noivu.thaibinh.gov.vn';
const RETURNING_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở Nội vụ tỉnh Thái Bình</title></head>
<body><header><h1>Sở Nội vụ tỉnh Thái Bình</h1></header><main><p>Tin tức, thông báo, văn bản chỉ đạo điều hành.</p></main>
<script>
  var returning = localStorage.getItem('visited') === '1' || document.cookie.indexOf('visited=1') >= 0;
  localStorage.setItem('visited', '1');
  document.cookie = 'visited=1; max-age=31536000; path=/';
  if (returning) {
    var a = document.createElement('a');
    a.id = 'btnEMC';
    a.className = 'yhy-btn-emc';
    a.textContent = 'Đã kết nối EMC';
    document.body.appendChild(a);
  }
</script></body></html>`;

let sim: SimWeb;
let site: http.Server;
let renderer: PageRenderer;
const outcomes: { url: string; outcome: RenderOutcome }[] = [];
let returningVisits: RenderOutcome[] = [];

beforeAll(async () => {
  if (browser === undefined) return;
  // Prepare: the simulated web, plus the remembering site on a port of its own.
  sim = await startSimWeb({ seed: 20260920 });
  site = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(RETURNING_PAGE));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const port = (site.address() as AddressInfo).port;
  renderer = createChromiumRenderer({
    resolve: [...sim.resolve, `${RETURNING_HOST}:${port}:127.0.0.1`].map(parseResolveMapping),
    ca: sim.caPem,
    launchArgs: LAMBDA_FLAGS,
  });
  const homepages = sim.manifest.hosts.filter((h) => h.expect.transport === 'ok' && !h.scenario.some((tag) => tag.startsWith('fault:'))).slice(0, 12);

  // Act: one page after the other, as the render function takes its messages.
  for (const host of homepages) outcomes.push({ url: host.url, outcome: await renderer.render(host.url) });
  const returningUrl = `http://${RETURNING_HOST}:${port}/`;
  returningVisits = [await renderer.render(returningUrl), await renderer.render(returningUrl)];
}, 600_000);

afterAll(async () => {
  await renderer?.close();
  await new Promise((resolve) => site?.close(resolve));
  await sim?.close();
});

describe.skipIf(browser === undefined)('renderer with the Lambda launch flags', () => {
  it('renders at least 10 simulated-web homepages in a row with zero browser errors', () => {
    // Assess
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    const failures = outcomes
      .filter(({ outcome }) => outcome.observation.navigation !== 'ok' || outcome.observation.error !== undefined)
      .map(({ url, outcome }) => `${url}: ${outcome.observation.navigation} ${outcome.observation.error ?? ''}`);
    expect(failures).toEqual([]);
    expect(outcomes.every(({ outcome }) => outcome.viewportPng !== undefined && outcome.viewportPng.length > 0)).toBe(true);
  });

  it('lets no site see what an earlier render stored: a second visit is again a first visit', () => {
    // Assess
    expect(returningVisits.map((o) => o.observation.navigation)).toEqual(['ok', 'ok']);
    expect(returningVisits.map((o) => o.observation.badge.found)).toEqual([false, false]);
  });
});

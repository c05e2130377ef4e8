import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { runInNewContext } from 'node:vm';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../functions/core/types.ts';
import { EMC_SCRIPT } from '../../local/sim-web/emc-standin.ts';
import { FAULT_KINDS, HOSTILE_FAULTS, type FaultKind } from '../../local/sim-web/fault-kinds.ts';
import { GZIP_BOMB_MIN_INFLATED, HUGE_BODY_BYTES } from '../../local/sim-web/faults.ts';
import { COMPONENT_LINK_CASES, EMC_HOST } from '../../local/sim-web/fleet.ts';
import { startSimWeb, type SimHostTruth, type SimWeb } from '../../local/sim-web/index.ts';
import { BADGE_CASES, BROWSER_CASES, SNIPPET_SHAPES } from '../../local/sim-web/snippets.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** GET `url` by connecting to 127.0.0.1 with the URL's host as Host header and SNI. */
function get(sim: SimWeb, url: string, options: { timeoutMs?: number; ca?: string | null } = {}): Promise<Answer> {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        host: '127.0.0.1',
        port: Number(u.port),
        path: u.pathname + u.search,
        headers: { host: u.host },
        ...(https ? { servername: u.hostname, ...(options.ca === null ? {} : { ca: options.ca ?? sim.caPem }) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const withPort = (host: string, sim: SimWeb): RegExp => new RegExp(`//(www\\.)?${host.replace(/\./g, '\\.')}:(${sim.httpPort}|${sim.httpsPort})/`);
/** A link to `host` in the served markup itself (`href="…"`, `value="…"`), not a URL inside a script's data. */
const markupLinkTo = (host: string, sim: SimWeb): RegExp => new RegExp(`(?:href|value)="https?:${withPort(host, sim).source}`);
/** The served HTML without its script blocks (markup a script writes later is not served markup). */
const withoutScripts = (html: string): string => html.replace(/<script\b[\s\S]*?<\/script>/gi, '');

describe('simulated government web', () => {
  let sim: SimWeb;
  const hostsWith = (tag: string): SimHostTruth[] => sim.manifest.hosts.filter((h) => h.scenario.includes(tag));
  const faultHost = (fault: FaultKind): SimHostTruth => hostsWith(`fault:${fault}`)[0];

  beforeAll(async () => {
    sim = await startSimWeb({ slowMs: 300 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('serves every judgeable host on its manifest URL with a 100–400 KB Vietnamese UTF-8 page', async () => {
    // Prepare
    const hosts = sim.manifest.hosts.filter((h) => h.expect.transport === 'ok' && !h.scenario.some((t) => /fault:(windows-1258|viscii)/.test(t)));

    // Act
    const answers = await Promise.all(hosts.map((h) => get(sim, h.url)));

    // Assess
    expect(hosts.length).toBeGreaterThan(20);
    answers.forEach((a, i) => {
      const html = a.body.toString('utf8');
      expect(a.status, hosts[i].url).toBe(200);
      expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(a.body.length).toBeGreaterThanOrEqual(100_000);
      expect(a.body.length).toBeLessThanOrEqual(400_000);
      expect(html).toContain(hosts[i].org);
      expect(html).toMatch(/Liên kết website[\s\S]*Địa chỉ:[\s\S]*Điện thoại[\s\S]*Email[\s\S]*© Bản quyền/);
      if (hosts[i].expect.siteId && hosts[i].expect.static['emc-tracking-code'] === 'pass') expect(html).toContain(hosts[i].expect.siteId);
    });
  });

  it('serves internal pages (links page, introduction, articles) of 100–400 KB', async () => {
    // Prepare
    const portal = sim.manifest.hosts.find((h) => h.role === 'portal' && h.expect.transport === 'ok')!;
    const home = (await get(sim, portal.url)).body.toString('utf8');
    const article = /href="(\/tin-tuc\/[a-z0-9-]+-\d+\.html)"/.exec(home)![1];

    // Act
    const pages = await Promise.all(['lien-ket-website', 'gioi-thieu', article.slice(1)].map((p) => get(sim, new URL(p, portal.url).href)));

    // Assess
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.body.length).toBeGreaterThanOrEqual(100_000);
      expect(page.body.length).toBeLessThanOrEqual(400_000);
    }
    expect(home).toContain('<a href="/lien-ket-website">Liên kết website</a>');
  });

  it('covers every shape, badge case, browser case, fault and link case', () => {
    // Prepare
    const tags = new Set(sim.manifest.hosts.flatMap((h) => h.scenario));
    const wanted = [
      ...SNIPPET_SHAPES.map((s) => `shape:${s}`),
      ...BADGE_CASES.map((b) => `badge:${b}`),
      ...BROWSER_CASES.map((b) => `browser:${b}`),
      // The hostile faults come only with `hostile: true` (test/integration/hostile-pipeline.test.ts).
      ...FAULT_KINDS.filter((f) => !HOSTILE_FAULTS.includes(f)).map((f) => `fault:${f}`),
      ...COMPONENT_LINK_CASES.map((c) => `component-links:${c}`),
      'portal-links:box',
      'portal-links:select',
      'portal-links:footer',
      'portal-links:missing-on-homepage',
      'https',
      'off-pattern-host',
      'site-id:duplicate',
      'tin-nhiem-mang',
    ];

    // Act
    const missing = wanted.filter((t) => !tags.has(t));

    // Assess
    expect(missing).toEqual([]);
  });

  it('states verdicts that follow the contract of docs/checks.md', () => {
    for (const h of sim.manifest.hosts) {
      for (const tier of [h.expect.static, h.expect.rendered]) {
        expect(Object.keys(tier).sort()).toEqual([...CHECK_IDS].sort());
        if (h.role !== 'portal') expect(tier['portal-links-components']).toBe('not-applicable');
        if (h.role !== 'component') expect(tier['component-links-portal']).toBe('not-applicable');
        if (h.expect.transport !== 'ok') {
          expect(Object.values(tier).every((v) => v === 'unknown' || v === 'not-applicable'), h.host).toBe(true);
        }
      }
      expect(h.expect.static['emc-badge']).not.toBe('pass');
      if (h.role === 'portal' && h.expect.transport === 'ok') {
        expect(h.expect.static['portal-links-components']).toBe(h.expect.missingComponentsStatic!.length > 0 ? 'fail' : 'pass');
        expect(h.expect.rendered['portal-links-components']).toBe(h.expect.missingComponents!.length > 0 ? 'fail' : 'pass');
      }
    }
    const tagManager = hostsWith('shape:tag-manager')[0];
    expect([tagManager.expect.static['emc-tracking-code'], tagManager.expect.rendered['emc-tracking-code']]).toEqual(['fail', 'pass']);
    expect(hostsWith('fault:slow')[0].expect.static['emc-tracking-code']).toBe('pass');
  });

  it('links components from portal homepages exactly as the manifest says, and lists all on "Liên kết website"', async () => {
    // Prepare
    const portals = sim.manifest.hosts.filter((h) => h.role === 'portal' && h.expect.transport === 'ok');

    for (const portal of portals) {
      // Act
      const [home, links] = await Promise.all([get(sim, portal.url), get(sim, new URL('/lien-ket-website', portal.url).href)]);

      // Assess
      for (const component of portal.expect.discovered!) {
        const onHome = markupLinkTo(component, sim).test(withoutScripts(home.body.toString('utf8')));
        expect(onHome, `${portal.host} → ${component}`).toBe(!portal.expect.missingComponentsStatic!.includes(component));
        expect(withPort(component, sim).test(links.body.toString('utf8'))).toBe(true);
      }
    }
    expect(portals.some((p) => p.expect.missingComponents!.length > 0)).toBe(true);
  });

  it('links the parent portal from component homepages exactly as the manifest says', async () => {
    // Prepare
    const components = sim.manifest.hosts.filter((h) => h.role === 'component' && h.expect.transport === 'ok' && !h.scenario.includes('fault:windows-1258') && !h.scenario.includes('fault:viscii'));

    // Act
    const homes = await Promise.all(components.map((c) => get(sim, c.url)));

    // Assess
    components.forEach((c, i) => {
      const parentHost = new URL(c.parentUrl!).hostname;
      expect(markupLinkTo(parentHost, sim).test(withoutScripts(homes[i].body.toString('utf8'))), c.host).toBe(c.expect.static['component-links-portal'] === 'pass');
    });
  });

  it('serves HTTPS sites with a certificate that chains to caPem only', async () => {
    // Prepare
    const site = hostsWith('https')[0];

    // Act
    const [trusted, untrusted] = await Promise.allSettled([get(sim, site.url), get(sim, site.url, { ca: null })]);

    // Assess
    expect(trusted).toMatchObject({ status: 'fulfilled', value: { status: 200 } });
    expect(untrusted).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/certificate/i) } });
  });

  it.each([
    ['http-500', (a: Answer) => expect(a.status).toBe(500)],
    ['http-503', (a: Answer) => expect([a.status, a.headers['retry-after']]).toEqual([503, '120'])],
    ['waf-challenge', (a: Answer) => {
      expect([a.status, a.headers['cf-mitigated']]).toEqual([403, 'challenge']);
      expect(a.body.toString()).toContain('Just a moment...');
    }],
    ['redirect-blocked', (a: Answer) => expect([a.status, a.headers.location]).toEqual([302, 'http://169.254.169.254/latest/meta-data/'])],
    ['pdf', (a: Answer) => {
      expect(a.headers['content-type']).toBe('application/pdf');
      expect(a.body.subarray(0, 5).toString()).toBe('%PDF-');
    }],
  ] as const)('fault host %s answers as its fault', async (fault, assess) => {
    // Prepare
    const host = faultHost(fault);

    // Act
    const answer = await get(sim, host.url);

    // Assess
    assess(answer);
  });

  it('loops redirects on the redirect-loop host', async () => {
    // Prepare
    const host = faultHost('redirect-loop');

    // Act
    const first = await get(sim, host.url);
    const second = await get(sim, first.headers.location!);

    // Assess
    expect(first.status).toBe(302);
    expect(second.headers.location).toBe(host.url);
  });

  it('never answers on the never-answers host, resets mid-body on the reset host', async () => {
    // Act
    const [silent, reset] = await Promise.allSettled([
      get(sim, faultHost('never-answers').url, { timeoutMs: 500 }),
      get(sim, faultHost('reset').url),
    ]);

    // Assess
    expect(silent).toMatchObject({ status: 'rejected', reason: { message: 'timeout' } });
    expect(reset).toMatchObject({ status: 'rejected', reason: { code: 'ECONNRESET' } });
  });

  it('keeps the DNS-fault host out of resolve and unknown to the servers', async () => {
    // Prepare
    const host = faultHost('dns');

    // Act
    const forced = await get(sim, host.url);

    // Assess
    expect(sim.resolve.some((r) => r.startsWith(`${host.host}:`))).toBe(false);
    expect(sim.resolve).toContain(`${EMC_HOST}:${sim.httpsPort}:127.0.0.1`);
    expect(forced.status).toBe(421);
  });

  it('serves windows-1258 and VISCII pages that decode to the same Vietnamese text', async () => {
    // Prepare
    const cases = [
      ['windows-1258', 'windows1258'],
      ['viscii', 'viscii'],
    ] as const;

    for (const [fault, codec] of cases) {
      const host = faultHost(fault);

      // Act
      const answer = await get(sim, host.url);
      const html = iconv.decode(answer.body, codec).normalize('NFC');

      // Assess
      expect(answer.headers['content-type']).toMatch(new RegExp(`charset=${fault}`, 'i'));
      expect(html).toContain(host.org);
      expect(html).toContain('Liên kết website');
      expect(html).toMatch(new RegExp(`setSiteId["'],\\s*["']${host.expect.siteId}["']`));
      expect(answer.body.toString('utf8')).not.toContain(host.org);
    }
  });

  it('streams the 50 MB body under back-pressure instead of buffering it', async () => {
    // Prepare
    const u = new URL(faultHost('huge-body').url);
    const before = sim.stats.streamedBytes;

    // Act
    const result = await new Promise<{ whilePaused: number; total: number }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: Number(u.port), path: '/', headers: { host: u.host } }, (res) => {
        let total = 0;
        res.once('data', (c: Buffer) => {
          total += c.length;
          res.pause();
          setTimeout(() => {
            const whilePaused = sim.stats.streamedBytes - before;
            res.on('data', (d: Buffer) => (total += d.length));
            res.on('end', () => resolve({ whilePaused, total }));
            res.resume();
          }, 300);
        });
      });
      req.on('error', reject);
      req.end();
    });

    // Assess
    expect(result.whilePaused).toBeLessThan(16 * 1024 * 1024);
    expect(result.total).toBeGreaterThanOrEqual(HUGE_BODY_BYTES);
  });

  it('serves a small gzip body that inflates past 1 GB', async () => {
    // Prepare
    const answer = await get(sim, faultHost('gzip-bomb').url);

    // Act
    const inflated = await new Promise<number>((resolve, reject) => {
      let bytes = 0;
      // Large output chunks: the count matters, not the bytes, and 16 KB chunks meant 65 000 events.
      const gunzip = createGunzip({ chunkSize: 8 * 1024 * 1024 });
      gunzip.on('data', (c: Buffer) => (bytes += c.length));
      gunzip.on('end', () => resolve(bytes));
      gunzip.on('error', reject);
      gunzip.end(answer.body);
    });

    // Assess
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.body.length).toBeLessThan(2 * 1024 * 1024);
    expect(inflated).toBeGreaterThan(GZIP_BOMB_MIN_INFLATED);
  });

  it('delays the slow host but still serves its page', async () => {
    // Prepare
    const host = faultHost('slow');
    const started = performance.now();

    // Act
    const answer = await get(sim, host.url);

    // Assess
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('serves the EMC stand-in script, 404s the moved script and records beacons', async () => {
    // Prepare
    const emc = `https://${EMC_HOST}:${sim.httpsPort}`;
    const failing = hostsWith('browser:beacon-500')[0].expect.siteId!;

    // Act
    const script = await get(sim, `${emc}/embed/gov-tracking.min.js`);
    const moved = await get(sim, `${emc}/embed/old/gov-tracking.min.js`);
    const beacon = await get(sim, `${emc}/tracking?idsite=227&rec=1&url=${encodeURIComponent('http://soyt.quangninh.gov.vn/')}`);
    const failed = await get(sim, `${emc}/tracking?idsite=${failing}&rec=1`);

    // Assess
    expect(script.status).toBe(200);
    expect(script.body.toString()).toContain('Đã kết nối EMC');
    expect(moved.status).toBe(404);
    expect([beacon.status, failed.status]).toEqual([204, 500]);
    expect(sim.beacons).toContainEqual(expect.objectContaining({ host: EMC_HOST, idsite: '227', url: 'http://soyt.quangninh.gov.vn/', status: 204 }));
  });

  it('runs the stand-in script: beacon with the configured site id and the badge widget', () => {
    // Prepare: the smallest DOM the script touches.
    const images: string[] = [];
    const appended: { className?: string; innerHTML?: string }[] = [];
    const document = {
      readyState: 'complete',
      title: 'Sở Y tế',
      currentScript: { src: 'https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js' },
      createElement: () => ({}),
      head: { appendChild: () => undefined },
      body: { appendChild: (el: { className?: string; innerHTML?: string }) => appended.push(el) },
      addEventListener: () => undefined,
    };
    const window = { _govaq: [['trackPageView'], ['setTrackerUrl', 'https://f-emc.ngsp.gov.vn/tracking'], ['setSiteId', '227']] };
    class Image {
      set src(value: string) {
        images.push(value);
      }
    }

    // Act
    runInNewContext(EMC_SCRIPT, { window, document, Image, location: { href: 'http://soyt.quangninh.gov.vn/' } });

    // Assess
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^https:\/\/f-emc\.ngsp\.gov\.vn\/tracking\?idsite=227&rec=1&url=http%3A%2F%2Fsoyt\.quangninh\.gov\.vn%2F/);
    expect(appended[0].className).toBe('yhy-append-wrap');
    expect(appended[0].innerHTML).toMatch(/id="yhy-append"[\s\S]*id="btnEMC" class="yhy-append-btn yhy-btn-emc"[\s\S]*Đã kết nối EMC/);
  });

  it('gives the same manifest and pages for the same seed, and another fleet for another seed', async () => {
    // Prepare
    const again = await startSimWeb({ slowMs: 300 });
    const other = await startSimWeb({ seed: 99, faults: false });
    const portsOut = (s: SimWeb, text: string): string =>
      text.replaceAll(`:${s.httpPort}/`, ':HTTP/').replaceAll(`:${s.httpsPort}/`, ':HTTPS/').replaceAll(`"httpPort":${s.httpPort}`, '').replaceAll(`"httpsPort":${s.httpsPort}`, '');

    try {
      // Act
      const portal = sim.manifest.hosts[0];
      const [a, b] = await Promise.all([get(sim, portal.url), get(again, again.manifest.hosts[0].url)]);

      // Assess
      expect(portsOut(again, JSON.stringify(again.manifest))).toBe(portsOut(sim, JSON.stringify(sim.manifest)));
      expect(portsOut(again, b.body.toString())).toBe(portsOut(sim, a.body.toString()));
      expect(other.manifest.hosts.map((h) => h.host)).not.toEqual(sim.manifest.hosts.map((h) => h.host));
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });

  it('adds the configured latency to every response', async () => {
    // Prepare
    const slowWeb = await startSimWeb({ portals: 1, faults: false, latencyMs: [120, 150] });
    const started = performance.now();

    try {
      // Act
      const answer = await get(slowWeb, slowWeb.manifest.hosts[0].url);

      // Assess
      expect(answer.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    } finally {
      await slowWeb.close();
    }
  });

  it('answers 421 for a host it does not simulate', async () => {
    // Act
    const answer = await get(sim, `http://example.gov.vn:${sim.httpPort}/`);

    // Assess
    expect(answer.status).toBe(421);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emcBadge } from '../../functions/core/checks/emc-badge.ts';
import { emcTrackingCode } from '../../functions/core/checks/emc-tracking-code.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { isConnectedText } from '../../functions/core/render/badge-text.ts';
import { foldText } from '../../functions/core/text.ts';
import { judgeRendered, type EmcResults } from '../../functions/core/render/judge-rendered.ts';
import type { BadgeObservation, RenderObservation } from '../../functions/core/render/observation.ts';
import type { CheckResult, Verdict } from '../../functions/core/types.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/pages');
const HOME = 'https://portal.haiphong.gov.vn/';
const SCRIPT = 'https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js';

/** Static results of both checks on a realistic fixture page, as the static tier computes them. */
function staticResults(file: string): EmcResults {
  const homepage = parsePage(readFileSync(join(FIXTURES, file), 'utf8'), HOME);
  const context = { target: { url: HOME, role: 'portal' as const }, homepage, pages: [homepage], discovered: [] };
  return { tracking: emcTrackingCode.run(context), badge: emcBadge.run(context) };
}

const VISIBLE_BADGE: BadgeObservation = {
  found: true,
  selector: '#btnEMC',
  visible: true,
  text: 'Đã kết nối EMC',
  connectedText: true,
  box: { x: 1180, y: 718, width: 170, height: 34 },
  fixed: true,
};
const NO_BADGE: BadgeObservation = { found: false, visible: false, connectedText: false };

/** What the browser sees on a page whose EMC code works: script 200, beacon 204, badge fixed bottom-right. */
function observation(siteId: string, overrides: Partial<RenderObservation> = {}): RenderObservation {
  return {
    url: HOME,
    finalUrl: HOME,
    navigation: 'ok',
    status: 200,
    badge: VISIBLE_BADGE,
    emcScript: { url: SCRIPT, status: 200 },
    beacons: [{ url: `https://f-emc.ngsp.gov.vn/tracking?idsite=${siteId}&rec=1&url=${encodeURIComponent(HOME)}`, status: 204, idsite: siteId }],
    runtimeTracker: { govaqDefined: true, siteId, trackerUrl: 'https://f-emc.ngsp.gov.vn/tracking' },
    blocked: [],
    loaded: true,
    cspViolations: [],
    scriptErrors: [],
    elapsedMs: 1800,
    ...overrides,
  };
}

interface Case {
  name: string;
  file: string;
  obs: RenderObservation;
  tracking: Verdict;
  badge: Verdict;
  /** `data.reason` of the badge result. */
  badgeReason?: string;
  /** Substrings expected in the English tracking / badge summaries. */
  trackingSummary?: string;
  badgeSummary?: string;
  /** Substrings expected among the English warnings (tracking, badge). */
  trackingWarning?: string;
  badgeWarning?: string;
  /** Substring expected among the Vietnamese warnings of the tracking result. */
  trackingWarningVi?: string;
}

const CASES: Case[] = [
  {
    name: 'canonical code, script 200, beacon sent, badge visible and fixed',
    file: 'pass-canonical-head.html',
    obs: observation('227'),
    tracking: 'pass',
    badge: 'pass',
    badgeSummary: 'is visible on the homepage (fixed to the viewport)',
  },
  {
    name: 'visible #btnEMC whose text changed (ministry merger): pass, with a warning',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: { ...VISIBLE_BADGE, text: 'Trực thuộc Bộ Khoa học và Công nghệ', connectedText: false } }),
    tracking: 'pass',
    badge: 'pass',
    badgeWarning: 'its text is "Trực thuộc Bộ Khoa học và Công nghệ", not "Đã kết nối EMC"',
  },
  {
    name: 'badge recognised by its text only',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: { ...VISIBLE_BADGE, selector: 'text', text: 'Da ket noi EMC' } }),
    tracking: 'pass',
    badge: 'pass',
    badgeWarning: 'recognised by its text',
  },
  {
    name: 'badge hidden by a stylesheet rule',
    file: 'badge-css-hiding.html',
    obs: observation('1502', {
      badge: { ...VISIBLE_BADGE, visible: false, hiddenBy: 'display', hiddenVia: 'stylesheet', hiddenOn: 'div.yhy-append-wrap', fixed: true, box: undefined },
    }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'css-hidden',
    badgeSummary: 'The page CSS hides the EMC badge (display:none on div.yhy-append-wrap)',
  },
  {
    name: 'badge hidden by a script (inline style)',
    file: 'badge-script-hiding.html',
    obs: observation('2210', {
      badge: { ...VISIBLE_BADGE, visible: false, hiddenBy: 'display', hiddenVia: 'inline-style', hiddenOn: 'div#yhy-append', box: undefined },
    }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'script-hidden',
    badgeSummary: 'A script on the page hides the EMC badge (display:none set inline on div#yhy-append)',
  },
  {
    name: 'badge made transparent by a stylesheet',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: { ...VISIBLE_BADGE, visible: false, hiddenBy: 'opacity', hiddenVia: 'stylesheet', hiddenOn: 'a#btnEMC' } }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'css-hidden',
    badgeSummary: 'opacity:0 on a#btnEMC',
  },
  {
    name: 'badge injected then removed by a script',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: { ...NO_BADGE, hiddenBy: 'removed' } }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'script-removed',
    badgeSummary: 'removed by a script',
  },
  {
    name: 'badge of zero size',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: { ...VISIBLE_BADGE, visible: false, hiddenBy: 'size', box: { x: 0, y: 0, width: 0, height: 0 } } }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'zero-size',
  },
  {
    name: 'badge pushed out of the viewport',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: { ...VISIBLE_BADGE, visible: false, hiddenBy: 'offscreen', fixed: false, box: { x: -9999, y: 700, width: 170, height: 34 } } }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'offscreen',
  },
  {
    name: 'static fake badge without code: the static fail is kept',
    file: 'badge-fake-static.html',
    obs: observation('0', { emcScript: undefined, beacons: [], runtimeTracker: { govaqDefined: false } }),
    tracking: 'fail',
    badge: 'fail',
    badgeReason: 'fake-static-badge',
    badgeSummary: 'a fake badge',
  },
  {
    name: 'a visible badge on a page where no code runs at all (copied by a script): fake',
    file: 'fail-nothing.html',
    obs: observation('0', { emcScript: undefined, beacons: [], runtimeTracker: { govaqDefined: false } }),
    tracking: 'fail',
    badge: 'fail',
    badgeReason: 'fake-badge',
    badgeSummary: 'no EMC tracking code runs: a fake badge',
  },
  {
    name: 'code injected at run time by a tag manager: static fail becomes pass',
    file: 'fail-nothing.html',
    obs: observation('4410'),
    tracking: 'pass',
    badge: 'pass',
    trackingSummary: 'injected at run time',
    trackingWarning: 'injected at run time',
    trackingWarningVi: 'mã được chèn khi chạy trang',
  },
  {
    name: 'injected at run time, proven by the beacon alone (script response still pending)',
    file: 'fail-nothing.html',
    obs: observation('4410', { emcScript: { url: SCRIPT }, badge: NO_BADGE, runtimeTracker: { govaqDefined: true } }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'not-injected',
    trackingSummary: 'a beacon with idsite=4410',
  },
  {
    name: 'runtime queue with an empty site id: stays fail, no badge',
    file: 'fail-empty-site-id.html',
    obs: observation('', { beacons: [], badge: NO_BADGE, runtimeTracker: { govaqDefined: true, siteId: '' } }),
    tracking: 'fail',
    badge: 'fail',
    badgeReason: 'no-code',
    badgeSummary: 'There is no EMC tracking code (not even at run time)',
  },
  {
    name: 'runtime queue with a self-hosted copy of the script: not EMC, stays fail',
    file: 'fail-nothing.html',
    obs: observation('15', {
      emcScript: { url: 'https://portal.haiphong.gov.vn/js/gov-tracking.min.js', status: 200 },
      beacons: [{ url: 'https://portal.haiphong.gov.vn/tracking?idsite=15&rec=1', status: 204, idsite: '15' }],
      badge: NO_BADGE,
    }),
    tracking: 'fail',
    badge: 'fail',
    badgeReason: 'no-code',
  },
  {
    name: 'no code anywhere, nothing at run time',
    file: 'fail-nothing.html',
    obs: observation('0', { emcScript: undefined, beacons: [], badge: NO_BADGE, runtimeTracker: { govaqDefined: false } }),
    tracking: 'fail',
    badge: 'fail',
    badgeReason: 'no-code',
  },
  {
    name: 'EMC script answers 404: not connected, tracking fail; badge fail',
    file: 'pass-canonical-head.html',
    obs: observation('227', { emcScript: { url: SCRIPT, status: 404 }, beacons: [], badge: NO_BADGE }),
    tracking: 'fail',
    trackingSummary: 'answered HTTP 404: the tracking code did not run',
    badge: 'fail',
    badgeReason: 'script-http-error',
    badgeSummary: 'the EMC script answered HTTP 404',
  },
  {
    name: 'EMC server unreachable from the auditor (tunnel refused): badge unknown, never fail',
    file: 'pass-canonical-head.html',
    obs: observation('227', { emcScript: { url: SCRIPT, failed: 'net::ERR_TUNNEL_CONNECTION_FAILED' }, beacons: [], badge: NO_BADGE }),
    tracking: 'pass',
    badge: 'unknown',
    badgeReason: 'emc-unreachable',
    badgeSummary: 'the auditor could not reach the EMC server (net::ERR_TUNNEL_CONNECTION_FAILED)',
    trackingWarning: 'it may be blocked',
  },
  {
    name: 'EMC script refused by the browser (net::ERR_BLOCKED_BY_CSP): tracking fail',
    file: 'pass-canonical-head.html',
    obs: observation('227', { emcScript: { url: SCRIPT, failed: 'net::ERR_BLOCKED_BY_CSP' }, beacons: [], badge: NO_BADGE }),
    tracking: 'fail',
    trackingSummary: 'refused to load the EMC script (net::ERR_BLOCKED_BY_CSP)',
    badge: 'fail',
    badgeReason: 'script-blocked',
    badgeSummary: 'could not be loaded (net::ERR_BLOCKED_BY_CSP)',
  },
  {
    name: 'code in the HTML but the script is never requested on a loaded page: tracking fail',
    file: 'pass-canonical-head.html',
    obs: observation('227', { emcScript: undefined, beacons: [], badge: NO_BADGE }),
    tracking: 'fail',
    trackingSummary: 'never requested gov-tracking.min.js',
    badge: 'fail',
    badgeReason: 'script-not-requested',
  },
  {
    name: 'script never requested yet, page still loading at the end of the wait: inconclusive, static pass kept',
    file: 'pass-canonical-head.html',
    obs: observation('227', { emcScript: undefined, beacons: [], badge: NO_BADGE, loaded: false }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'script-not-requested',
    trackingWarning: 'inconclusive',
  },
  {
    name: 'beacon endpoint answers 500: tracking pass with a warning',
    file: 'pass-canonical-head.html',
    obs: observation('227', { beacons: [{ url: 'https://f-emc.ngsp.gov.vn/tracking?idsite=227&rec=1', status: 500, idsite: '227' }] }),
    tracking: 'pass',
    badge: 'pass',
    trackingWarning: 'The tracking beacon to EMC failed (HTTP 500)',
  },
  {
    name: 'script loaded, no hit within the wait on a loaded page: not connected',
    file: 'pass-canonical-head.html',
    obs: observation('227', { beacons: [] }),
    tracking: 'fail',
    trackingSummary: 'no hit (idsite=…) reached EMC',
    badge: 'pass',
  },
  {
    name: 'beacon with another site id than the snippet',
    file: 'pass-canonical-head.html',
    obs: observation('227', { beacons: [{ url: 'https://f-emc.ngsp.gov.vn/tracking?idsite=228&rec=1', status: 204, idsite: '228' }] }),
    tracking: 'pass',
    badge: 'pass',
    trackingWarning: 'idsite=228, not the site id 227',
  },
  {
    name: 'script loaded but no badge appeared',
    file: 'pass-canonical-head.html',
    obs: observation('227', { badge: NO_BADGE }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'not-injected',
  },
  {
    name: 'static copy with code, script 404: the visible copy passes with a warning, tracking not connected',
    file: 'badge-static-with-code.html',
    obs: observation('640', { emcScript: { url: SCRIPT, status: 404 }, beacons: [] }),
    tracking: 'fail',
    badge: 'pass',
    badgeWarning: 'it is a static copy, not injected by EMC',
  },
  {
    name: 'navigation timeout: badge unknown, tracking keeps the static pass',
    file: 'pass-canonical-head.html',
    obs: observation('227', { navigation: 'timeout', error: 'page.goto: Timeout 15000ms exceeded.', emcScript: undefined, beacons: [], badge: NO_BADGE, runtimeTracker: { govaqDefined: false } }),
    tracking: 'pass',
    badge: 'unknown',
    badgeReason: 'browser-timeout',
    badgeSummary: 'could not load the page (timeout: page.goto: Timeout 15000ms exceeded.)',
    trackingWarning: 'the result rests on the served HTML alone',
  },
  {
    name: 'navigation error on a page with no code: tracking keeps the static fail, badge unknown',
    file: 'fail-nothing.html',
    obs: observation('0', { navigation: 'error', error: 'net::ERR_CONNECTION_RESET', emcScript: undefined, beacons: [], badge: NO_BADGE, runtimeTracker: { govaqDefined: false } }),
    tracking: 'fail',
    badge: 'unknown',
    badgeReason: 'browser-error',
  },
  {
    name: 'navigation error keeps a fail the served HTML proves (CSS hides the badge)',
    file: 'badge-css-hiding.html',
    obs: observation('1502', { navigation: 'error', error: 'net::ERR_CONNECTION_RESET', emcScript: undefined, beacons: [], badge: NO_BADGE }),
    tracking: 'pass',
    badge: 'fail',
    badgeReason: 'css-hidden',
    badgeWarning: 'The browser could not load the page (error: net::ERR_CONNECTION_RESET)',
  },
  {
    name: 'a static CSS rule that does not apply at this screen size: the browser wins',
    file: 'badge-css-hiding.html',
    obs: observation('1502'),
    tracking: 'pass',
    badge: 'pass',
    badgeWarning: 'the rule may apply at other screen sizes',
  },
];

describe('judgeRendered', () => {
  it.each(CASES)('$name', (c) => {
    // Prepare
    const before = staticResults(c.file);

    // Act
    const after = judgeRendered(before, c.obs);

    // Assess
    expect(after.tracking.verdict).toBe(c.tracking);
    expect(after.badge.verdict).toBe(c.badge);
    if (c.badgeReason !== undefined) expect(after.badge.data?.reason).toBe(c.badgeReason);
    if (c.trackingSummary !== undefined) expect(after.tracking.summary.en).toContain(c.trackingSummary);
    if (c.badgeSummary !== undefined) expect(after.badge.summary.en).toContain(c.badgeSummary);
    if (c.trackingWarning !== undefined) expect(after.tracking.warnings.map((w) => w.en).join('\n')).toContain(c.trackingWarning);
    if (c.trackingWarningVi !== undefined) expect(after.tracking.warnings.map((w) => w.vi).join('\n')).toContain(c.trackingWarningVi);
    if (c.badgeWarning !== undefined) expect(after.badge.warnings.map((w) => w.en).join('\n')).toContain(c.badgeWarning);
    for (const result of [after.tracking, after.badge]) {
      expect(result.summary.vi).not.toBe('');
      expect(result.summary.vi).not.toBe(result.summary.en);
      if (result.verdict === 'fail' || result.verdict === 'unknown') expect(result.hint?.vi).toMatch(/[ăâđêôơưàảãáạèéẹìíòóọùúụ]/);
    }
  });

  it('adds network evidence of kind "request" with the script status and the beacon', () => {
    // Prepare
    const before = staticResults('pass-canonical-head.html');

    // Act
    const after = judgeRendered(before, observation('227'));

    // Assess
    const requests = after.tracking.evidence.filter((e) => e.kind === 'request');
    expect(requests.map((e) => [e.href, e.text])).toEqual([
      [SCRIPT, 'HTTP 200'],
      [expect.stringContaining('idsite=227'), 'HTTP 204'],
    ]);
    expect(after.tracking.evidence[0].kind).toBe('script');
    expect(after.tracking.data?.rendered).toMatchObject({ scriptStatus: 200, beaconIdsite: '227', beaconStatus: 204 });
  });

  it('records the run-time site id and tracker URL of an injected snippet', () => {
    // Prepare
    const before = staticResults('fail-nothing.html');

    // Act
    const after = judgeRendered(before, observation('4410'));

    // Assess
    expect(after.tracking.data).toMatchObject({
      siteId: '4410',
      trackerUrl: 'https://f-emc.ngsp.gov.vn/tracking',
      scriptUrl: SCRIPT,
      injectedAtRunTime: true,
      staticReason: 'nothing',
    });
  });

  it('cites the screenshot key and the badge box in the badge evidence', () => {
    // Prepare
    const before = staticResults('pass-canonical-head.html');
    const obs = observation('227', { screenshots: { viewportKey: 'evidence/r1/portal.haiphong.gov.vn/viewport.png', badgeKey: 'evidence/r1/portal.haiphong.gov.vn/badge.png' } });

    // Act
    const after = judgeRendered(before, obs);

    // Assess
    expect(after.badge.evidence).toContainEqual({ kind: 'screenshot', pageUrl: HOME, key: 'evidence/r1/portal.haiphong.gov.vn/badge.png' });
    expect(after.badge.evidence).toContainEqual(expect.objectContaining({ kind: 'note', excerpt: '#btnEMC, visible, fixed, 170×34 at (1180, 718)', text: 'Đã kết nối EMC' }));
  });

  it('leaves a transport unknown untouched', () => {
    // Prepare
    const unknown = (id: CheckResult['id']): CheckResult => ({
      id,
      verdict: 'unknown',
      summary: { vi: 'Không tải được trang chủ (hết thời gian chờ).', en: 'The homepage could not be fetched (timeout).' },
      warnings: [],
      evidence: [],
    });
    const before = { tracking: unknown('emc-tracking-code'), badge: unknown('emc-badge') };

    // Act
    const after = judgeRendered(before, observation('227'));

    // Assess
    expect(after).toEqual(before);
  });
});

describe('isConnectedText', () => {
  it.each([
    ['Đã kết nối EMC', true],
    ['Da ket noi EMC', true],
    ['  ĐÃ KẾT NỐI\n EMC ', true],
    ['Đã kết nối với EMC', true],
    // Decomposed (NFD) diacritics, as some CMS editors store them.
    ['Đã kết nối EMC'.normalize('NFD'), true],
    ['Chưa kết nối EMC', false],
    ['Trực thuộc BTTTT', false],
    ['Đã kết nối', false],
  ])('%j → %s', (text, expected) => {
    // Prepare
    const folded = foldText(text);

    // Act
    const connected = isConnectedText(text);

    // Assess
    expect(connected).toBe(expected);
    expect(folded).not.toMatch(/[\u0300-\u036fđ]/);
  });
});

/** The static results of a fixture page edited the way a real site edits it. */
function staticResultsOf(file: string, edit: (html: string) => string): EmcResults {
  const homepage = parsePage(edit(readFileSync(join(FIXTURES, file), 'utf8')), HOME);
  const context = { target: { url: HOME, role: 'portal' as const }, homepage, pages: [homepage], discovered: [] };
  return { tracking: emcTrackingCode.run(context), badge: emcBadge.run(context) };
}

describe('judgeRendered: 2.1 is embedded AND connected', () => {
  const NOTHING_RAN: Partial<RenderObservation> = { emcScript: undefined, beacons: [], badge: NO_BADGE, runtimeTracker: { govaqDefined: false } };

  it.each([
    {
      name: 'CSP violation naming the EMC host (header the HTML could not show)',
      obs: observation('227', { ...NOTHING_RAN, runtimeTracker: { govaqDefined: true, siteId: '227', pageViewQueued: true }, cspViolations: [{ blockedUrl: SCRIPT, directive: 'script-src-elem', disposition: 'enforce', policy: "script-src 'self' 'unsafe-inline'" }] }),
      notConnected: 'csp-blocked',
      summary: `refused ${SCRIPT} under the page's Content-Security-Policy (directive script-src-elem)`,
      evidenceKind: 'csp',
    },
    {
      name: 'inline snippet refused by CSP: the queue never appeared',
      obs: observation('227', { ...NOTHING_RAN, cspViolations: [{ blockedUrl: 'inline', directive: 'script-src-elem', disposition: 'enforce', policy: "script-src 'nonce-x'" }] }),
      notConnected: 'csp-blocked',
      summary: 'refused the inline snippet',
      evidenceKind: 'csp',
    },
    {
      name: 'the browser rejects the snippet block (syntax error), nothing ran',
      obs: observation('227', { ...NOTHING_RAN, scriptErrors: [{ message: 'Uncaught SyntaxError: Invalid or unexpected token', url: HOME, line: 24, column: 30 }] }),
      notConnected: 'script-error',
      summary: 'failed with "Uncaught SyntaxError: Invalid or unexpected token" (line 24:30)',
      evidenceKind: 'console',
    },
    {
      name: 'a page script replaced the queue before EMC read it',
      obs: observation('227', { beacons: [], runtimeTracker: { govaqDefined: true, siteId: '227', pageViewQueued: true, queueReset: { by: 'an inline script', to: 'a new array (0 commands)' } } }),
      notConnected: 'queue-replaced',
      summary: 'replaced or removed the _govaq queue (a new array (0 commands), by an inline script)',
      evidenceKind: 'note',
    },
    {
      name: 'a page script deleted the queue',
      obs: observation('227', { beacons: [], runtimeTracker: { govaqDefined: true, siteId: '227', removedAtEnd: true } }),
      notConnected: 'queue-replaced',
      summary: 'deleted from window',
      evidenceKind: 'note',
    },
  ])('static pass + $name → fail ($notConnected)', ({ obs, notConnected, summary, evidenceKind }) => {
    // Prepare
    const before = staticResults('pass-canonical-head.html');
    // Act
    const after = judgeRendered(before, obs);
    // Assess
    expect(before.tracking.verdict).toBe('pass');
    expect(after.tracking.verdict).toBe('fail');
    expect(after.tracking.data?.notConnected).toBe(notConnected);
    expect(after.tracking.summary.en).toContain(summary);
    expect(after.tracking.evidence[0].kind).toBe(evidenceKind);
  });

  it.each([
    { name: 'EMC answers 503 (EMC trouble)', obs: observation('227', { emcScript: { url: SCRIPT, status: 503 }, beacons: [], badge: NO_BADGE }), warning: "that is EMC's trouble" },
    { name: 'the hit cannot reach EMC from the auditor', obs: observation('227', { beacons: [{ url: 'https://f-emc.ngsp.gov.vn/tracking?idsite=227', failed: 'net::ERR_NAME_NOT_RESOLVED', idsite: '227' }] }), warning: 'The hit could not reach EMC from the auditor' },
    { name: 'the browser was served a challenge page (HTTP 403)', obs: observation('227', { status: 403, emcScript: undefined, beacons: [], badge: NO_BADGE }), warning: 'HTTP 403 answer, so it proves nothing' },
    { name: 'a report-only violation blocks nothing', obs: observation('227', { cspViolations: [{ blockedUrl: SCRIPT, directive: 'script-src-elem', disposition: 'report' }] }), warning: undefined },
  ])('static pass + inconclusive render ($name) → static pass kept, reason said', ({ obs, warning }) => {
    // Prepare
    const before = staticResults('pass-canonical-head.html');
    // Act
    const after = judgeRendered(before, obs);
    // Assess
    expect(after.tracking.verdict).toBe('pass');
    if (warning !== undefined) expect(after.tracking.warnings.map((w) => w.en).join(' ')).toContain(warning);
  });

  it('a bare <script src> needs no hit: script loaded is enough', () => {
    // Prepare
    const before = staticResults('pass-direct-script-src.html');
    // Act
    const after = judgeRendered(before, observation('227', { beacons: [], runtimeTracker: { govaqDefined: true } }));
    // Assess
    expect(after.tracking.verdict).toBe('pass');
  });

  it('static CSP fail, and the browser saw a hit leave for EMC: pass, the HTML reading overruled', () => {
    // Prepare
    const before = staticResultsOf('pass-canonical-head.html', (h) => h.replace('<head>', `<head>\n<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">`));
    // Act
    const after = judgeRendered(before, observation('227'));
    // Assess
    expect(before.tracking.data?.reason).toBe('csp-blocks-emc');
    expect(after.tracking.verdict).toBe('pass');
    expect(after.tracking.data?.connectedDespiteHtml).toBe(true);
  });

  it('static CSP fail on the hit, script loaded but no hit: the fail stands with the browser confirmation', () => {
    // Prepare
    const before = staticResultsOf('pass-canonical-head.html', (h) => h.replace('</head>', `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline' https://f-emc.ngsp.gov.vn; style-src 'unsafe-inline'">\n</head>`));
    const obs = observation('227', { beacons: [], cspViolations: [{ blockedUrl: 'https://f-emc.ngsp.gov.vn/tracking?idsite=227&rec=1', directive: 'img-src', disposition: 'enforce', policy: "default-src 'self'" }] });
    // Act
    const after = judgeRendered(before, obs);
    // Assess
    expect(before.tracking.data?.reason).toBe('csp-blocks-emc');
    expect(after.tracking.verdict).toBe('fail');
    expect(after.tracking.evidence.some((e) => e.kind === 'csp' && e.href?.includes('/tracking?idsite=227'))).toBe(true);
    // The badge EMC's script injected is EMC's own: 2.2a is judged on it.
    expect(after.badge.verdict).toBe('pass');
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../functions/core/checks/check.ts';
import { emcTrackingCode, evaluateStringExpression, pageCarriesCode } from '../../functions/core/checks/emc-tracking-code.ts';
import type { PageModel } from '../../functions/core/page/page-model.ts';
import { headerPolicies } from '../../functions/core/page/content-security-policy.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import type { AuditTarget } from '../../functions/core/types.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/pages');
const HOME = 'https://portal.haiphong.gov.vn/';
const EMC_SCRIPT = 'https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js';
const EMC_TRACKER = 'https://f-emc.ngsp.gov.vn/tracking';

function load(file: string, url = HOME): PageModel {
  return parsePage(readFileSync(join(FIXTURES, file), 'utf8'), url);
}

function context(homepage: PageModel, sampled: PageModel[] = [], target: Partial<AuditTarget> = {}): CheckContext {
  return { target: { url: homepage.url, role: 'component', ...target }, homepage, pages: [homepage, ...sampled], discovered: [] };
}

interface Case {
  file: string;
  verdict: 'pass' | 'fail';
  siteId?: string;
  trackerUrl?: string;
  scriptUrl?: string;
  scheme?: 'http' | 'https';
  placement?: 'head' | 'body';
  legacyHost?: boolean;
  markerComment?: string;
  /** Substrings of the English warnings, in order. */
  warnings?: string[];
  reason?: string;
}

const CASES: Case[] = [
  { file: 'pass-canonical-head.html', verdict: 'pass', siteId: '227', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false, markerComment: 'Begin EMC Tracking Code' },
  { file: 'pass-no-type-language-nonce.html', verdict: 'pass', siteId: '1043', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false, markerComment: 'Begin Gov Tracking Code' },
  { file: 'pass-minified-double-quotes.html', verdict: 'pass', siteId: '205', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false },
  { file: 'pass-http-scheme.html', verdict: 'pass', siteId: '88', trackerUrl: 'http://f-emc.ngsp.gov.vn/tracking', scriptUrl: 'http://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js', scheme: 'http', placement: 'head', legacyHost: false, markerComment: 'Begin EMC Tracking Code', warnings: ['mixed content'] },
  { file: 'pass-body-end-no-markers.html', verdict: 'pass', siteId: '3051', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'body', legacyHost: false },
  { file: 'pass-legacy-host.html', verdict: 'pass', siteId: '45', trackerUrl: 'https://tracking.aita.gov.vn/tracking', scriptUrl: 'https://tracking.aita.gov.vn/embed/gov-tracking.min.js', scheme: 'https', placement: 'head', legacyHost: true, markerComment: 'Begin EMC Tracking Code', warnings: ['legacy EMC host (tracking.aita.gov.vn)'] },
  { file: 'pass-direct-script-src.html', verdict: 'pass', scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false },
  { file: 'pass-with-matomo.html', verdict: 'pass', siteId: '612', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false, markerComment: 'Begin EMC Tracking Code', warnings: ['Matomo (_paq)'] },
  { file: 'badge-css-hiding.html', verdict: 'pass', siteId: '1502', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false, markerComment: 'Begin EMC Tracking Code' },
  { file: 'badge-script-hiding.html', verdict: 'pass', siteId: '2210', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false, markerComment: 'Begin EMC Tracking Code' },
  { file: 'badge-static-with-code.html', verdict: 'pass', siteId: '640', trackerUrl: EMC_TRACKER, scriptUrl: EMC_SCRIPT, scheme: 'https', placement: 'head', legacyHost: false, markerComment: 'Begin EMC Tracking Code' },
  { file: 'fail-commented-out.html', verdict: 'fail', reason: 'commented-out' },
  { file: 'fail-empty-site-id.html', verdict: 'fail', reason: 'empty-site-id' },
  { file: 'fail-placeholder-dollar.html', verdict: 'fail', reason: 'placeholder-site-id' },
  { file: 'fail-placeholder-php.html', verdict: 'fail', reason: 'placeholder-site-id' },
  { file: 'fail-placeholder-mustache.html', verdict: 'fail', reason: 'placeholder-site-id' },
  { file: 'fail-matomo-only.html', verdict: 'fail', reason: 'matomo-only' },
  { file: 'fail-trackdvc-only.html', verdict: 'fail', reason: 'no-page-view' },
  { file: 'fail-inside-noscript.html', verdict: 'fail', reason: 'inside-noscript' },
  { file: 'fail-text-template.html', verdict: 'fail', reason: 'non-js-type' },
  { file: 'fail-host-in-link.html', verdict: 'fail', reason: 'host-only-in-link-or-text' },
  { file: 'fail-nothing.html', verdict: 'fail', reason: 'nothing' },
  { file: 'badge-fake-static.html', verdict: 'fail', reason: 'nothing' },
];

describe('emc-tracking-code on the fixture homepages', () => {
  it('has a case for every fixture page', () => {
    // Prepare
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.html')).sort();
    // Act
    const covered = CASES.map((c) => c.file).sort();
    // Assess
    expect(covered).toEqual(files);
  });

  it.each(CASES.filter((c) => c.verdict === 'pass'))('$file → pass, site id $siteId', (c) => {
    // Prepare
    const homepage = load(c.file);
    // Act
    const result = emcTrackingCode.run(context(homepage));
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.data).toEqual({
      siteId: c.siteId,
      trackerUrl: c.trackerUrl,
      scriptUrl: c.scriptUrl,
      scheme: c.scheme,
      placement: c.placement,
      legacyHost: c.legacyHost,
      coverage: { withCode: 1, judged: 1 },
      markerComment: c.markerComment,
    });
    expect(result.warnings.map((w) => w.en)).toHaveLength((c.warnings ?? []).length);
    (c.warnings ?? []).forEach((w, i) => expect(result.warnings[i].en).toContain(w));
    result.warnings.forEach((w) => expect(w.vi).not.toBe(''));
    const [evidence] = result.evidence;
    expect(evidence).toMatchObject({ kind: 'script', pageUrl: HOME, href: c.scriptUrl, region: c.placement });
    expect(evidence.excerpt!.length).toBeLessThanOrEqual(600);
    expect(evidence.excerpt).toContain(c.siteId ?? 'gov-tracking.min.js');
  });

  it.each(CASES.filter((c) => c.verdict === 'fail'))('$file → fail because $reason', (c) => {
    // Prepare
    const homepage = load(c.file);
    // Act
    const result = emcTrackingCode.run(context(homepage));
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.data).toEqual({ reason: c.reason, coverage: { withCode: 0, judged: 1 } });
    expect(result.summary.vi).not.toBe('');
    expect(result.hint?.vi).toBeTruthy();
    expect(result.hint?.en).toBeTruthy();
    expect(result.evidence).toHaveLength(1);
    expect(result.evidence[0].pageUrl).toBe(HOME);
    expect(pageCarriesCode(homepage)).toBeUndefined();
  });

  it('names a different reason for each fail shape, in both languages', () => {
    // Prepare
    const failing = CASES.filter((c) => c.verdict === 'fail' && c.file !== 'badge-fake-static.html');
    // Act
    const summaries = failing.map((c) => emcTrackingCode.run(context(load(c.file))).summary);
    // Assess
    const distinctReasons = new Set(failing.map((c) => c.reason));
    expect(new Set(summaries.map((s) => s.en)).size).toBe(distinctReasons.size);
    expect(new Set(summaries.map((s) => s.vi)).size).toBe(distinctReasons.size);
  });

  it('quotes the commented-out snippet and the inert script as evidence', () => {
    // Prepare
    const commented = load('fail-commented-out.html');
    const template = load('fail-text-template.html');
    // Act
    const commentedResult = emcTrackingCode.run(context(commented));
    const templateResult = emcTrackingCode.run(context(template));
    // Assess
    expect(commentedResult.evidence[0].kind).toBe('comment');
    expect(commentedResult.evidence[0].excerpt).toMatch(/^<!--[\s\S]*setSiteId', '310'/);
    expect(templateResult.evidence[0].excerpt).toMatch(/^<script type="text\/template">/);
    expect(templateResult.evidence[0].region).toBe('body');
  });

  it('points at the link when the EMC host is only linked', () => {
    // Prepare
    const homepage = load('fail-host-in-link.html');
    // Act
    const result = emcTrackingCode.run(context(homepage));
    // Assess
    expect(result.evidence[0]).toMatchObject({ kind: 'link', href: 'https://f-emc.ngsp.gov.vn/', text: 'Hệ thống giám sát EMC', region: 'footer' });
  });
});

describe('emc-tracking-code site-level rules', () => {
  it('reports coverage and warns about sampled pages without the code', () => {
    // Prepare
    const homepage = load('pass-canonical-head.html');
    const withCode = load('pass-canonical-head.html', `${HOME}gioi-thieu.html`);
    const without = load('fail-nothing.html', `${HOME}lien-he.html`);
    // Act
    const result = emcTrackingCode.run(context(homepage, [withCode, without]));
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.data?.coverage).toEqual({ withCode: 2, judged: 3 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].en).toContain(`${HOME}lien-he.html`);
    expect(result.warnings[0].vi).toContain('trang con');
  });

  it('fails on the homepage alone even when sampled pages carry the code', () => {
    // Prepare
    const homepage = load('fail-nothing.html');
    const sampled = load('pass-canonical-head.html', `${HOME}tin-tuc.html`);
    // Act
    const result = emcTrackingCode.run(context(homepage, [sampled]));
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.data?.coverage).toEqual({ withCode: 1, judged: 2 });
  });

  it.each([
    { expectedSiteId: '227', warned: false },
    { expectedSiteId: '228', warned: true },
  ])('compares the site id with the registered one ($expectedSiteId)', ({ expectedSiteId, warned }) => {
    // Prepare
    const homepage = load('pass-canonical-head.html');
    // Act
    const result = emcTrackingCode.run(context(homepage, [], { expectedSiteId }));
    // Assess
    expect(result.warnings.some((w) => w.en.includes('not the registered 228'))).toBe(warned);
  });

  it('counts a snippet whose marker comment closes an outer comment as executed (HTML comments do not nest)', () => {
    // Prepare
    const html = readFileSync(join(FIXTURES, 'pass-canonical-head.html'), 'utf8')
      .replace('<!-- Begin EMC Tracking Code -->', '<!--\n<!-- Begin EMC Tracking Code -->')
      .replace('<!-- End EMC Tracking Code -->', '<!-- End EMC Tracking Code -->\n-->');
    // Act
    const result = emcTrackingCode.run(context(parsePage(html, HOME)));
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.data?.siteId).toBe('227');
  });

  it.each([
    { name: 'script type with a charset parameter', find: '<script type="text/javascript">', replace: '<script type="text/javascript; charset=utf-8">', reason: 'non-js-type' },
    { name: 'loader pointing at a non-EMC host', find: "g.src = 'https://f-emc.ngsp.gov.vn/embed", replace: "g.src = 'https://cdn.example.vn/embed", reason: 'script-not-loaded' },
    { name: 'non-numeric site id', find: "'setSiteId', '227'", replace: "'setSiteId', 'haiphong'", reason: 'invalid-site-id' },
    { name: 'site id from an undefined variable', find: "'setSiteId', '227'", replace: "'setSiteId', emcSiteId", reason: 'invalid-site-id' },
  ])('fails a $name', ({ find, replace, reason }) => {
    // Prepare
    const html = readFileSync(join(FIXTURES, 'pass-canonical-head.html'), 'utf8').replace(find, replace);
    // Act
    const result = emcTrackingCode.run(context(parsePage(html, HOME)));
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.data?.reason).toBe(reason);
  });

  it('resolves a protocol-relative loader against the page scheme', () => {
    // Prepare
    const html = readFileSync(join(FIXTURES, 'pass-canonical-head.html'), 'utf8').replaceAll('https://f-emc', '//f-emc');
    // Act
    const onHttp = pageCarriesCode(parsePage(html, 'http://portal.haiphong.gov.vn/'));
    const onHttps = pageCarriesCode(parsePage(html, HOME));
    // Assess
    expect(onHttp?.scheme).toBe('http');
    expect(onHttps?.scheme).toBe('https');
    expect(onHttps?.scriptUrl).toBe(EMC_SCRIPT);
  });
});

describe('evaluateStringExpression', () => {
  it.each([
    { expression: "'227'])", script: '', value: '227' },
    { expression: '205]', script: '', value: '205' },
    { expression: '"")', script: '', value: '' },
    { expression: 'u+"tracking"]),_govaq', script: 'var u="https://f-emc.ngsp.gov.vn/";', value: 'https://f-emc.ngsp.gov.vn/tracking' },
    { expression: "base + 'embed/gov-tracking.min.js';", script: "let base = 'https://x/';", value: 'https://x/embed/gov-tracking.min.js' },
    { expression: 'siteId]', script: 'var other = 1;', value: undefined },
  ])('reads $expression', ({ expression, script, value }) => {
    // Prepare: the table
    // Act
    const read = evaluateStringExpression(expression, script);
    // Assess
    expect(read).toBe(value);
  });
});

/** A full fixture page changed the way a real site changes it (header, meta tag, edited snippet). */
function variant(file: string, edit: (html: string) => string, headers: Record<string, string> = {}): PageModel {
  const page = parsePage(edit(readFileSync(join(FIXTURES, file), 'utf8')), HOME);
  const fromHeaders = headerPolicies(headers);
  return fromHeaders.length === 0 ? page : { ...page, policies: [...fromHeaders, ...(page.policies ?? [])] };
}
const inHead = (tag: string) => (html: string) => html.replace('<head>', `<head>\n${tag}`);
const beforeHeadEnd = (tag: string) => (html: string) => html.replace('</head>', `${tag}\n</head>`);

describe('emc-tracking-code: code the browser would not run (static tier)', () => {
  it.each([
    {
      name: 'CSP header that omits the EMC host',
      page: () => variant('pass-canonical-head.html', (h) => h, { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; img-src 'self' data:" }),
      reason: 'csp-blocks-emc',
      summary: `The directive "script-src 'self' 'unsafe-inline'" (the Content-Security-Policy HTTP header) does not allow gov-tracking.min.js (${EMC_SCRIPT})`,
    },
    {
      name: 'CSP meta tag in <head> before the snippet, no unsafe-inline',
      page: () => variant('pass-canonical-head.html', inHead(`<meta http-equiv="Content-Security-Policy" content="script-src 'self' https://f-emc.ngsp.gov.vn">`)),
      reason: 'csp-blocks-emc',
      summary: 'does not allow the inline snippet',
    },
    {
      name: 'curly quotes pasted from a word processor',
      page: () => variant('pass-canonical-head.html', (h) => h.replace("['setSiteId', '227']", "['setSiteId', ‘227’]")),
      reason: 'script-syntax-error',
      summary: "Syntax error: Unexpected character '‘' (line",
    },
    {
      name: 'a stray closing parenthesis',
      page: () => variant('pass-body-end-no-markers.html', (h) => h.replace("_govaq.push(['trackPageView']);", "_govaq.push(['trackPageView']));")),
      reason: 'script-syntax-error',
      summary: 'Syntax error: Unexpected token',
    },
    {
      name: 'snippet in a module script: the queue is the module\'s own',
      page: () => variant('pass-canonical-head.html', (h) => h.replace('<script type="text/javascript">\n  var _govaq', '<script type="module">\n  var _govaq')),
      reason: 'module-scoped-queue',
      summary: '<script type="module">',
    },
  ])('$name → fail ($reason)', ({ page, reason, summary }) => {
    // Act
    const result = emcTrackingCode.run(context(page()));
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.data?.reason).toBe(reason);
    expect(result.summary.en).toContain(summary);
  });

  it('reports the syntax error at its line in the page', () => {
    // Prepare
    const html = readFileSync(join(FIXTURES, 'pass-canonical-head.html'), 'utf8').replace("['setSiteId', '227']", "['setSiteId', ‘227’]");
    const expectedLine = html.slice(0, html.indexOf('‘227’')).split('\n').length;
    // Act
    const result = emcTrackingCode.run(context(parsePage(html, HOME)));
    // Assess
    expect(result.data?.syntaxError).toMatchObject({ pageLine: expectedLine });
    expect(result.evidence[0].text).toBe(`SyntaxError: Unexpected character '‘' (line ${expectedLine})`);
  });

  it.each([
    { name: 'CSP that allows the EMC host', page: () => variant('pass-canonical-head.html', (h) => h, { 'content-security-policy': "script-src 'self' 'unsafe-inline' https://*.ngsp.gov.vn; img-src 'self' data: https://f-emc.ngsp.gov.vn" }) },
    { name: 'CSP meta after the snippet (governs later scripts only)', page: () => variant('pass-canonical-head.html', beforeHeadEnd(`<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">`)) },
    { name: 'CSP meta in <body> (browsers ignore it)', page: () => variant('pass-canonical-head.html', (h) => h.replace('</footer>', `</footer><meta http-equiv="Content-Security-Policy" content="default-src 'none'">`)) },
    { name: 'strict-dynamic with the nonce on the snippet', page: () => variant('pass-no-type-language-nonce.html', (h) => h, { 'content-security-policy': "script-src 'nonce-r4nd0mN0nc3' 'strict-dynamic'; img-src *" }) },
    { name: 'module script that writes window._govaq', page: () => variant('pass-canonical-head.html', (h) => h.replace('<script type="text/javascript">\n  var _govaq = window._govaq || [];', '<script type="module">\n  const _govaq = (window._govaq = window._govaq || []);')) },
    {
      name: 'snippet split across two blocks',
      page: () => variant('pass-canonical-head.html', (h) => h.replace("  _govaq.push(['enableLinkTracking']);\n", "  _govaq.push(['enableLinkTracking']);\n</script>\n<script>\n")),
    },
  ])('$name → pass', ({ page }) => {
    // Act
    const result = emcTrackingCode.run(context(page()));
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.data?.siteId ?? '227').toMatch(/^\d+$/);
  });

  it('a report-only CSP that would block is information only', () => {
    // Prepare
    const page = variant('pass-canonical-head.html', (h) => h, { 'content-security-policy-report-only': "script-src 'self'" });
    // Act
    const result = emcTrackingCode.run(context(page));
    // Assess
    expect(result.verdict).toBe('pass');
    expect(result.warnings.map((w) => w.en).join(' ')).toContain("report-only CSP would block the EMC code if enforced (script-src 'self')");
  });
});

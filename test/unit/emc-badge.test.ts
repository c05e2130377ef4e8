import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emcBadge, findHidingCss } from '../../functions/core/checks/emc-badge.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/pages');
const HOME = 'https://portal.haiphong.gov.vn/';

function run(html: string) {
  const homepage = parsePage(html, HOME);
  return emcBadge.run({ target: { url: HOME, role: 'portal' }, homepage, pages: [homepage], discovered: [] });
}

function fixture(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8');
}

interface Case {
  file: string;
  verdict: 'fail' | 'unknown';
  reason?: string;
  /** Substring of the English summary. */
  summary: string;
  /** Substring of the evidence excerpt, when there is evidence. */
  excerpt?: string;
}

const CODE_PRESENT = 'Code present, badge not verifiable statically';
const NO_CODE = 'No code found: the badge cannot appear unless the code is injected at run time';

const CASES: Case[] = [
  { file: 'badge-css-hiding.html', verdict: 'fail', reason: 'css-hidden', summary: 'CSS hides', excerpt: '.yhy-append-wrap{display:none !important}' },
  { file: 'badge-script-hiding.html', verdict: 'fail', reason: 'script-hidden', summary: 'script on the page hides', excerpt: "document.querySelector('#yhy-append');" },
  { file: 'badge-fake-static.html', verdict: 'fail', reason: 'fake-static-badge', summary: 'fake badge', excerpt: '<div class="yhy-append-wrap">' },
  { file: 'badge-static-with-code.html', verdict: 'unknown', summary: CODE_PRESENT, excerpt: "'setSiteId', '640'" },
  { file: 'pass-canonical-head.html', verdict: 'unknown', summary: CODE_PRESENT, excerpt: "'setSiteId', '227'" },
  { file: 'pass-no-type-language-nonce.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'pass-minified-double-quotes.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'pass-http-scheme.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'pass-body-end-no-markers.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'pass-legacy-host.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'pass-direct-script-src.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'pass-with-matomo.html', verdict: 'unknown', summary: CODE_PRESENT },
  { file: 'fail-commented-out.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-empty-site-id.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-placeholder-dollar.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-placeholder-php.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-placeholder-mustache.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-matomo-only.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-trackdvc-only.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-inside-noscript.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-text-template.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-host-in-link.html', verdict: 'unknown', summary: NO_CODE },
  { file: 'fail-nothing.html', verdict: 'unknown', summary: NO_CODE },
];

describe('emc-badge (static tier) on the fixture homepages', () => {
  it('has a case for every fixture page', () => {
    // Prepare
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.html')).sort();
    // Act
    const covered = CASES.map((c) => c.file).sort();
    // Assess
    expect(covered).toEqual(files);
  });

  it.each(CASES)('$file → $verdict $reason', (c) => {
    // Prepare
    const html = fixture(c.file);
    // Act
    const result = run(html);
    // Assess
    expect(result.verdict).toBe(c.verdict);
    expect(result.data?.reason).toBe(c.reason);
    expect(result.summary.en).toContain(c.summary);
    expect(result.summary.vi).not.toBe('');
    expect(result.hint?.vi).toBeTruthy();
    if (c.excerpt !== undefined) expect(result.evidence[0].excerpt).toContain(c.excerpt);
    if (c.verdict === 'fail') expect(result.evidence).toHaveLength(1);
  });

  it('notes a static widget copy next to real code without failing', () => {
    // Prepare
    const html = fixture('badge-static-with-code.html');
    // Act
    const result = run(html);
    // Assess
    expect(result.verdict).toBe('unknown');
    expect(result.data).toEqual({ tier: 'static', codePresent: true, staticBadge: true });
    expect(result.warnings[0].en).toContain('static copy of the EMC badge markup');
    expect(result.evidence.map((e) => e.kind)).toEqual(['script', 'note']);
  });

  it('ignores a hiding script that only sits in a comment or a template', () => {
    // Prepare
    const hiding = "<script>document.getElementById('btnEMC').style.display='none';</script>";
    const html = fixture('pass-canonical-head.html').replace('</body>', `<!-- ${hiding} --><template>${hiding}</template></body>`);
    // Act
    const result = run(html);
    // Assess
    expect(result.verdict).toBe('unknown');
  });

  it.each([
    "document.getElementById('btnEMC').style.display = 'none';",
    "$('.yhy-append-wrap').hide();",
    "jQuery('#yhy-append').css('display', 'none');",
    "var b = document.querySelector('.yhy-btn-emc'); b && b.remove();",
    "document.querySelector('#btnEMC').style.setProperty('visibility', 'hidden', 'important');",
  ])('fails a script that hides the badge: %s', (statement) => {
    // Prepare
    const html = fixture('pass-canonical-head.html').replace('</body>', `<script>${statement}</script></body>`);
    // Act
    const result = run(html);
    // Assess
    expect(result.verdict).toBe('fail');
    expect(result.data?.reason).toBe('script-hidden');
    expect(result.evidence[0].excerpt).toContain(statement.slice(0, 20));
  });

  it('does not fail a script that hides only the BTTTT button', () => {
    // Prepare
    const html = fixture('pass-canonical-head.html').replace('</body>', "<script>document.getElementById('btnBTTTT').style.display='none';</script></body>");
    // Act
    const result = run(html);
    // Assess
    expect(result.verdict).toBe('unknown');
  });
});

describe('findHidingCss', () => {
  it.each([
    { css: '.yhy-append-wrap{display:none !important}', hit: true },
    { css: '#yhy-append { visibility : hidden }', hit: true },
    { css: 'body .wrap > #btnEMC, .x{color:red;display: none}', hit: true },
    { css: '@media (max-width: 767px) { .yhy-btn-emc { display:none } }', hit: true },
    { css: '/* .yhy-append-wrap{display:none} */ .x{display:none}', hit: false },
    { css: '.yhy-append-wrap .yhy-btn-btttt{display:none}', hit: false },
    { css: '#btnBTTTT{display:none}', hit: false },
    { css: '.yhy-append-wrapper{display:none}', hit: false },
    { css: '#btnEMC::before{display:none}', hit: false },
    { css: '.yhy-append{opacity:0}', hit: false },
    { css: '.yhy-append{display:block;bottom:20px}', hit: false },
  ])('$css → $hit', ({ css, hit }) => {
    // Prepare: the table
    // Act
    const rule = findHidingCss([css]);
    // Assess
    expect(rule !== undefined).toBe(hit);
  });
});

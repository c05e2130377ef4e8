import { describe, expect, it } from 'vitest';
import { headerPolicies, snippetBlockedBy, type PolicySource, type SnippetFacts } from '../../functions/core/page/content-security-policy.ts';

const SNIPPET = `var _govaq = window._govaq || [];\n_govaq.push(['trackPageView']);`;
/** sha256 of SNIPPET, base64 (as a site would paste it into its policy). */
const SNIPPET_HASH = 'sha256-' + Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(SNIPPET))).toString('base64');

const FACTS: SnippetFacts = {
  pageUrl: 'https://sotttt.hanoi.gov.vn/',
  inlineText: SNIPPET,
  offset: 500,
  scriptUrl: 'https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js',
  parserInserted: false,
  hitUrl: 'https://f-emc.ngsp.gov.vn/tracking',
};

const header = (text: string): PolicySource => ({ origin: 'header', disposition: 'enforce', text });

describe('snippetBlockedBy: what a browser refuses on the way from the snippet to EMC', () => {
  it.each([
    { name: 'no directive about scripts or images', policy: "frame-ancestors 'self'; upgrade-insecure-requests", blocked: undefined },
    { name: "script-src 'self' only: the inline snippet is refused", policy: "script-src 'self'", blocked: 'inline script-src' },
    { name: "script-src 'self' 'unsafe-inline': EMC's script refused", policy: "script-src 'self' 'unsafe-inline'", blocked: 'script script-src' },
    { name: 'default-src is the fallback of script-src', policy: "default-src 'self' 'unsafe-inline'", blocked: 'script default-src' },
    { name: 'script-src-elem wins over script-src', policy: "script-src 'self' 'unsafe-inline' https://f-emc.ngsp.gov.vn; script-src-elem 'self' 'unsafe-inline'", blocked: 'script script-src-elem' },
    { name: 'exact host allowed, images anywhere', policy: "script-src 'self' 'unsafe-inline' https://f-emc.ngsp.gov.vn; img-src *", blocked: undefined },
    { name: 'wildcard subdomain', policy: "script-src 'unsafe-inline' *.ngsp.gov.vn; img-src https:", blocked: undefined },
    { name: 'wildcard does not match the bare domain', policy: "script-src 'unsafe-inline' *.f-emc.ngsp.gov.vn", blocked: 'script script-src' },
    { name: 'scheme source https:', policy: "script-src 'unsafe-inline' https:", blocked: undefined },
    { name: 'http: scheme source also allows https (upgrade)', policy: "script-src 'unsafe-inline' http:", blocked: undefined },
    { name: 'explicit other port', policy: "script-src 'unsafe-inline' https://f-emc.ngsp.gov.vn:8443", blocked: 'script script-src' },
    { name: 'path prefix that holds the script', policy: "script-src 'unsafe-inline' https://f-emc.ngsp.gov.vn/embed/", blocked: undefined },
    { name: 'path that is another file', policy: "script-src 'unsafe-inline' https://f-emc.ngsp.gov.vn/embed/other.js", blocked: 'script script-src' },
    { name: "'none'", policy: "script-src 'none'", blocked: 'inline script-src' },
    { name: 'nonce present: unsafe-inline is ignored and the snippet has no nonce', policy: "script-src 'nonce-abc' 'unsafe-inline' https:", blocked: 'inline script-src' },
    { name: 'hash of the snippet allows it', policy: `script-src '${SNIPPET_HASH}' https://f-emc.ngsp.gov.vn; img-src *`, blocked: undefined },
    { name: 'hits: img-src and connect-src both refuse the tracker', policy: "script-src 'unsafe-inline' https://f-emc.ngsp.gov.vn; img-src 'self'; connect-src 'self'", blocked: 'hit img-src' },
    { name: 'hits: connect-src alone allows the tracker', policy: "script-src 'unsafe-inline' https://f-emc.ngsp.gov.vn; img-src 'self'; connect-src https://f-emc.ngsp.gov.vn", blocked: undefined },
  ])('$name', ({ policy, blocked }) => {
    // Act
    const result = snippetBlockedBy([header(policy)], FACTS);
    // Assess
    expect(result === undefined ? undefined : `${result.what} ${result.directive}`).toBe(blocked);
  });

  it("'strict-dynamic': a nonced snippet may create EMC's script whatever the host list; without the nonce nothing runs", () => {
    // Prepare
    const policy = header("script-src 'nonce-r4nd0m' 'strict-dynamic' 'unsafe-inline' https:; object-src 'none'");
    // Act
    const withNonce = snippetBlockedBy([policy], { ...FACTS, nonce: 'r4nd0m' });
    const without = snippetBlockedBy([policy], FACTS);
    const parserInserted = snippetBlockedBy([policy], { ...FACTS, inlineText: undefined, parserInserted: true });
    // Assess
    expect(withNonce).toBeUndefined();
    expect(without?.what).toBe('inline');
    expect(parserInserted?.what).toBe('script');
  });

  it('several policies intersect: each must allow', () => {
    // Prepare
    const policies = headerPolicies({
      'content-security-policy': "script-src 'self' 'unsafe-inline' https://f-emc.ngsp.gov.vn, script-src 'self' 'unsafe-inline' https://cdn.hanoi.gov.vn",
    });
    // Act
    const result = snippetBlockedBy(policies, FACTS);
    // Assess
    expect(policies).toHaveLength(2);
    expect(result).toMatchObject({ what: 'script', excerpt: "script-src 'self' 'unsafe-inline' https://cdn.hanoi.gov.vn" });
  });

  it('report-only policies block nothing', () => {
    // Prepare
    const policies = headerPolicies({ 'content-security-policy-report-only': "default-src 'none'" });
    // Act
    const result = snippetBlockedBy(policies, FACTS);
    // Assess
    expect(policies[0].disposition).toBe('report');
    expect(result).toBeUndefined();
  });

  it('a meta policy after the snippet governs the later hit only, not the snippet nor its script fetch', () => {
    // Prepare
    const late = (text: string): PolicySource => ({ origin: 'meta', disposition: 'enforce', text, offset: 900 });
    // Act
    const scriptOnly = snippetBlockedBy([late("script-src 'self'")], FACTS);
    const hits = snippetBlockedBy([late("default-src 'self'")], FACTS);
    // Assess
    expect(scriptOnly).toBeUndefined();
    expect(hits).toMatchObject({ what: 'hit', directive: 'default-src', origin: 'meta' });
  });

  it("'self' matches the page origin and its https upgrade, not a sibling host", () => {
    // Prepare
    const facts = { ...FACTS, pageUrl: 'http://sotttt.hanoi.gov.vn/', scriptUrl: 'https://sotttt.hanoi.gov.vn/js/gov-tracking.min.js', hitUrl: 'https://hanoi.gov.vn/tracking' };
    // Act
    const result = snippetBlockedBy([header("script-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'")], facts);
    // Assess
    expect(result).toMatchObject({ what: 'hit', url: 'https://hanoi.gov.vn/tracking' });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../functions/core/checks/index.ts';
import { discoverComponents } from '../../functions/core/discovery.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { boundAudit, LISTED_LIMIT } from '../../functions/core/pipeline/bound-finding.ts';
import type { SiteAudit } from '../../functions/core/types.ts';
import { withLinkFlood } from '../../local/sim-web/hostile-pages.ts';

const PORTAL = 'https://haiphong.gov.vn/';

/** The audit of a real homepage padded with `count` component links, as the engine builds it. */
function floodedAudit(count: number): SiteAudit {
  const html = withLinkFlood(readFileSync(join(import.meta.dirname, '../fixtures/pages/pass-canonical-head.html'), 'utf8'), 'haiphong.gov.vn', count);
  const homepage = parsePage(html, PORTAL);
  const discovered = discoverComponents({ host: homepage.host }, [homepage]);
  const checks = runChecks({ target: { url: PORTAL, role: 'portal', components: ['https://so-moi.haiphong.gov.vn/'] }, homepage, pages: [homepage], discovered });
  return { url: PORTAL, host: 'haiphong.gov.vn', role: 'portal', transport: { status: 'ok' }, checks, pages: [{ url: PORTAL, ok: true }], discovered, info: {}, startedAt: '2025-06-02T01:00:00.000Z', elapsedMs: 1 };
}

describe('boundAudit', () => {
  it('cuts every list of a link-flooded portal to the limit, unlinked components first, counts and full lists kept', () => {
    // Prepare
    const audit = floodedAudit(2500);
    const links = audit.checks['portal-links-components'];
    // Act
    const bounded = boundAudit(audit);
    // Assess
    const kept = bounded.audit.checks['portal-links-components'];
    expect(kept.verdict).toBe('fail');
    expect(kept.data).toMatchObject({ linked: links.data?.linked, total: links.data?.total });
    expect((kept.data?.components as { host: string }[])).toHaveLength(LISTED_LIMIT);
    expect((kept.data?.components as { host: string }[])[0].host).toBe('so-moi.haiphong.gov.vn');
    expect(kept.evidence).toHaveLength(LISTED_LIMIT);
    expect(bounded.audit.discovered).toHaveLength(LISTED_LIMIT);
    expect(bounded.cut.components).toBe((links.data?.components as unknown[]).length - LISTED_LIMIT);
    expect(bounded.full?.discovered).toHaveLength(audit.discovered.length);
    expect(bounded.full?.checks['portal-links-components'].components).toHaveLength((links.data?.components as unknown[]).length);
    expect(audit.discovered.length).toBeGreaterThan(2500);
  });

  it('leaves a normal audit as it is', () => {
    // Prepare
    const audit = floodedAudit(10);
    // Act
    const bounded = boundAudit(audit);
    // Assess
    expect(bounded.audit).toBe(audit);
    expect(bounded.full).toBeUndefined();
  });
});

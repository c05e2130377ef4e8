/**
 * The machine-readable form of one site's audit: schema `gov-audit/check-result@1`
 * (docs/cli.md). Stable: fields are only ever added; a breaking change bumps the version.
 */
import { CHECK_IDS, type CheckId, type SiteAudit } from './types.ts';

export const CHECK_RESULT_SCHEMA = 'gov-audit/check-result@1';

/**
 * Lifts the check-specific data of `emc-tracking-code` (siteId, trackerUrl, scriptUrl, …) to the
 * check object. `renderMode` is the browser tier that ran on this site (an audit recorded
 * before the browser tier existed reads as `never`).
 */
export function toCheckResultJson(audit: SiteAudit, meta: { tool: string; version: string }) {
  const checks = Object.fromEntries(
    CHECK_IDS.map((id: CheckId) => {
      const { data, ...result } = audit.checks[id];
      return [id, { ...(data ?? {}), ...result }];
    }),
  );
  return {
    schema: CHECK_RESULT_SCHEMA,
    tool: { name: meta.tool, version: meta.version },
    url: audit.url,
    host: audit.host,
    role: audit.role,
    finalUrl: audit.finalUrl,
    startedAt: audit.startedAt,
    elapsedMs: audit.elapsedMs,
    renderMode: audit.renderMode ?? 'never',
    transport: audit.transport,
    overall: overallVerdict(audit),
    checks,
    pages: audit.pages,
    discovered: audit.discovered,
    info: audit.info,
  };
}

/** `fail` if any check failed, else `unknown` if any is unknown, else `pass`. */
export function overallVerdict(audit: Pick<SiteAudit, 'checks'>): 'pass' | 'fail' | 'unknown' {
  const verdicts = CHECK_IDS.map((id) => audit.checks[id].verdict);
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'pass';
}

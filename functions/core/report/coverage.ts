/**
 * How complete a report is, said up front: how many registered sites were scanned and reached,
 * the share of verdicts that stayed unknown, how many runs the period had — and the warnings
 * that a reader must see before any figure (no run, nothing reachable, low coverage, a period
 * outside the evaluation window). A report is never silently empty or partial.
 */
import type { CoverageWarning, ReportCoverage, ScopeSummary } from './model.ts';

/**
 * Below this share of registered sites scanned and reached, the report is partial: rankings and
 * pass rates over the rest would mislead.
 */
export const MIN_COVERAGE = 0.8;

/** The coverage of one scope (overall or one organisation), with its warnings, most serious first. */
export function coverageOf(summary: ScopeSummary, runs: number, insideWindow: boolean): ReportCoverage {
  const { sites: registered, scanned, unreachable } = summary;
  const verdicts = summary.all.pass + summary.all.fail + summary.all.unknown;
  const reached = scanned - unreachable;
  const warnings: CoverageWarning[] = [];
  if (runs === 0) warnings.push('no-run');
  else if (scanned > 0 && reached === 0) warnings.push('nothing-reachable');
  else if (registered > 0 && reached / registered < MIN_COVERAGE) warnings.push('low-coverage');
  if (!insideWindow) warnings.push('outside-window');
  return {
    registered,
    scanned,
    unreachable,
    unknownShare: verdicts > 0 ? summary.all.unknown / verdicts : null,
    runs,
    insideWindow,
    minCoverage: MIN_COVERAGE,
    warnings,
  };
}

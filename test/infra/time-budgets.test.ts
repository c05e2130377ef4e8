/**
 * The consumers' timeouts come from one per-record budget (lib/time-budgets.ts), built on the
 * adapters' own limits; the handlers get that budget to stop starting records in time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDER_PAGE_LIMIT_MS as RENDERER_PAGE_LIMIT_MS } from '../../functions/adapters/browser/chromium-renderer.ts';
import { LAUNCH_TIMEOUT_MS } from '../../functions/adapters/browser/launch.ts';
import { DEFAULT_MAX_PER_HOST, DEFAULT_TOTAL_TIMEOUT_MS } from '../../functions/adapters/http-fetcher.ts';
import type { EvaluationConfig } from '../../lib/config.ts';
import { RENDER_BATCH_SIZE, SCAN_BATCH_SIZE } from '../../lib/auditor-stack.ts';
import {
  BROWSER_LAUNCH_LIMIT_MS,
  FETCHES_PER_HOST,
  INVOCATION_MARGIN_MS,
  PAGE_FETCH_LIMIT_MS,
  RENDER_PAGE_LIMIT_MS,
  renderRecordBudgetMs,
  scanRecordBudgetMs,
} from '../../lib/time-budgets.ts';
import { addStack, cdkJsonContext, makeApp, synthTemplate } from './support/synth-auditor.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const SAMPLE_PAGES = (cdkJsonContext().evaluation as EvaluationConfig).samplePages;
let resources: Record<string, Resource>;

beforeAll(() => {
  resources = synthTemplate().template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

function functionProps(id: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const found = Object.entries(resources).filter(([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${id}Function`));
  expect(found).toHaveLength(1);
  return found[0][1].Properties;
}

describe('time budgets', () => {
  it('rest on the limits the adapters really apply (fetcher, renderer, browser launch)', () => {
    // Assess
    expect(PAGE_FETCH_LIMIT_MS).toBe(DEFAULT_TOTAL_TIMEOUT_MS);
    expect(FETCHES_PER_HOST).toBe(DEFAULT_MAX_PER_HOST);
    expect(RENDER_PAGE_LIMIT_MS).toBe(RENDERER_PAGE_LIMIT_MS);
    expect(BROWSER_LAUNCH_LIMIT_MS).toBe(LAUNCH_TIMEOUT_MS);
  });

  it.each([
    { fn: 'Scan', budget: scanRecordBudgetMs(SAMPLE_PAGES), batch: SCAN_BATCH_SIZE, startup: 0 },
    { fn: 'Render', budget: renderRecordBudgetMs(SAMPLE_PAGES), batch: RENDER_BATCH_SIZE, startup: BROWSER_LAUNCH_LIMIT_MS },
  ])('$fn gets its per-record budget and a timeout that holds a whole batch of worst-case records', ({ fn, budget, batch, startup }) => {
    // Prepare / Act
    const props = functionProps(fn);

    // Assess
    expect(props.Environment.Variables.RECORD_BUDGET_MS).toBe(String(budget));
    expect(props.Timeout * 1000).toBeGreaterThanOrEqual(startup + batch * budget + INVOCATION_MARGIN_MS);
    expect(props.Timeout).toBeLessThanOrEqual(900);
  });

  it('is what the issue asked for: a batch of five slow sites (homepage + samples at 30 s each) fits in the scan timeout', () => {
    // Prepare: every page of every site at the fetcher's limit, samples fetched two at a time.
    const slowSite = (1 + Math.ceil(SAMPLE_PAGES / FETCHES_PER_HOST)) * 30_000;

    // Act
    const timeoutMs = functionProps('Scan').Timeout * 1000;

    // Assess
    expect(timeoutMs).toBeGreaterThan(SCAN_BATCH_SIZE * slowSite);
  });

  it('refuses a sample size for which not even one render fits in Lambda\'s 15 minutes', () => {
    // Prepare
    const evaluation = { ...(cdkJsonContext().evaluation as EvaluationConfig), samplePages: 20 };

    // Act
    const build = () => addStack(makeApp({ evaluation }));

    // Assess
    expect(build).toThrow(/evaluation\.samplePages/);
  });
});

/**
 * The static tier in worker threads: same results as in the caller's thread, and a budget that
 * really stops a task (the worker is terminated; the pool carries on with a fresh one). The
 * budget is injected: the tests decide when it is spent, no clock is read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerAnalyser } from '../../functions/adapters/analysis/worker-analyser.ts';
import { PageTooComplexError } from '../../functions/core/page/html-events.ts';
import { parsePage } from '../../functions/core/page/parse-page.ts';
import { judgePages } from '../../functions/core/static-analysis.ts';
import { withDeepNesting } from '../../local/sim-web/hostile-pages.ts';

const HOME = 'https://stttt.haiphong.gov.vn/';
const html = readFileSync(join(import.meta.dirname, '../fixtures/pages/pass-canonical-head.html'), 'utf8');
const never = (done: AbortSignal) => new Promise<void>((resolve) => done.addEventListener('abort', () => resolve()));

describe('WorkerAnalyser', () => {
  const analysers: WorkerAnalyser[] = [];
  afterAll(async () => {
    await Promise.all(analysers.map((a) => a.close()));
  });

  it('parses and judges a portal homepage exactly as the caller’s thread does', async () => {
    // Prepare
    const analyser = new WorkerAnalyser({ budget: never });
    analysers.push(analyser);
    const target = { url: HOME, role: 'portal' as const, components: ['https://sonv.haiphong.gov.vn/'] };
    // Act
    const model = await analyser.parse(html, HOME);
    const judged = await analyser.judge({ target, pages: [model] });
    // Assess
    expect(model).toEqual(parsePage(html, HOME));
    expect(judged).toEqual(judgePages({ target, pages: [parsePage(html, HOME)] }));
    expect(judged.checks['emc-tracking-code'].verdict).toBe('pass');
  });

  it('stops a parse whose budget is spent, then carries on with a fresh worker', async () => {
    // Prepare: the first task's budget is spent as soon as it starts; the later ones never are
    let tasks = 0;
    const analyser = new WorkerAnalyser({ workers: 1, budget: (done) => (tasks++ === 0 ? Promise.resolve() : never(done)) });
    analysers.push(analyser);
    // Act
    const stopped = analyser.parse(withDeepNesting(html), HOME);
    const next = analyser.parse(html, HOME);
    // Assess
    await expect(stopped).rejects.toBeInstanceOf(PageTooComplexError);
    await expect(stopped).rejects.toThrow(/budget/);
    expect((await next).title).toBe('Sở Thông tin và Truyền thông thành phố Hải Phòng - Cổng thông tin điện tử');
  });

  it('reports a page past the parser’s own limits as too complex, and keeps its worker', async () => {
    // Prepare
    const analyser = new WorkerAnalyser({ workers: 1, budget: never });
    analysers.push(analyser);
    // Act
    const refused = analyser.parse(`<html><body>${'<svg>'.repeat(5000)}</body></html>`, HOME);
    // Assess
    await expect(refused).rejects.toBeInstanceOf(PageTooComplexError);
    expect((await analyser.parse(html, HOME)).scripts.length).toBeGreaterThan(0);
  });
});

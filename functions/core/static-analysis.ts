/**
 * The static tier's CPU-bound work — parsing pages, discovering components, running every check,
 * reading the links of a rendered homepage's DOM — behind one port, so that it can run where a budget can stop it: a page built to cost
 * minutes of CPU must not block the event loop that keeps the other sites' fetches, timeouts
 * and queue leases alive. The adapter (adapters/analysis/worker-analyser.ts) runs this work in
 * worker threads terminated at the budget; {@link inProcessAnalyser} runs it here, unbounded
 * in time, for callers without threads. Over budget or past the parser's limits, both reject
 * with {@link PageTooComplexError}: the site is `unknown` (`too-complex`), never retried.
 */
import { runChecks } from './checks/index.ts';
import { discoverComponents } from './discovery.ts';
import type { LinkRef, PageModel } from './page/page-model.ts';
import { parsePage } from './page/parse-page.ts';
import { renderedLinks } from './page/rendered-links.ts';
import type { AuditTarget, CheckId, CheckResult, ComponentCandidate } from './types.ts';

/** What the checks judge: the target and its parsed pages, homepage first. */
export interface JudgeInput {
  target: AuditTarget;
  pages: PageModel[];
}

/** The static verdicts of one site and, for a portal, its discovered components. */
export interface JudgeOutput {
  discovered: ComponentCandidate[];
  checks: Record<CheckId, CheckResult>;
}

/** Port: the static tier's CPU-bound steps. Both reject with PageTooComplexError when over budget. */
export interface StaticAnalyser {
  /** One page's model (html-events.ts bounds its cost by the bytes). */
  parse(html: string, url: string): Promise<PageModel>;
  /** Discovery (portals) and every check. */
  judge(input: JudgeInput): Promise<JudgeOutput>;
  /** The links of a rendered homepage's DOM snapshot (up to megabytes of page-made markup). */
  renderedLinks(snapshot: string, url: string): Promise<LinkRef[]>;
}

/** Discovery and every check on parsed pages: the work {@link StaticAnalyser.judge} runs. */
export function judgePages({ target, pages }: JudgeInput): JudgeOutput {
  const [homepage] = pages;
  const discovered = target.role === 'portal' ? discoverComponents({ host: homepage.host }, pages) : [];
  return { discovered, checks: runChecks({ target, homepage, pages, discovered }) };
}

/** The static tier in the caller's thread: no budget beyond the parser's own limits. */
export const inProcessAnalyser: StaticAnalyser = {
  parse: async (html, url) => parsePage(html, url),
  judge: async (input) => judgePages(input),
  renderedLinks: async (snapshot, url) => renderedLinks(snapshot, url),
};

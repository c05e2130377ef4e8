/**
 * `emc-tracking-code` (criterion 2.1): does the homepage carry EMC's tracking code?
 * Contract: docs/checks.md; shapes and rules: docs/detection.md §1 and rules/emc.ts.
 *
 * A page carries the code when an executable script either holds a `_govaq` page-view snippet
 * with a real site id that loads `gov-tracking.min.js` from a known EMC host, or loads that file
 * directly with `<script src>`. When the homepage does not, the summary names the closest shape
 * found (commented out, inert script, bad site id, look-alike…), since that is what the site
 * has to fix.
 */
import { parse as parseJs } from 'acorn';
import { reportOnlyObjections, snippetBlockedBy, type PolicyBlock, type SnippetFacts } from '../page/content-security-policy.ts';
import type { PageModel, ScriptBlock } from '../page/page-model.ts';
import {
  EMC_SCRIPT_FILE,
  EVENT_CALL_PATTERN,
  GOVAQ_PATTERN,
  MARKER_COMMENTS,
  MATOMO_PATTERN,
  PAGE_VIEW_PATTERN,
  PLACEHOLDER_PATTERNS,
  SCRIPT_SRC_ASSIGNMENT_PATTERN,
  SET_SITE_ID_PATTERN,
  SET_TRACKER_URL_PATTERN,
  SITE_ID_PATTERN,
  WINDOW_GOVAQ_ASSIGNMENT_PATTERN,
  emcHost,
} from '../rules/emc.ts';
import type { CheckResult, Evidence, LocalizedText, PageRegion } from '../types.ts';
import type { Check, CheckContext } from './check.ts';

const EXCERPT_LENGTH = 600;
/** Context kept before the first `_govaq` of a long inline script, so the excerpt starts near the snippet. */
const EXCERPT_LEAD = 80;
/** How far after `setSiteId` a placeholder is looked for (placeholders may contain `]` or quotes). */
const PLACEHOLDER_WINDOW = 160;

/** The EMC code found on a page: what the check reports and the badge and browser tiers reuse. */
export interface CodeFinding {
  /** `snippet`: inline `_govaq` page-view snippet; `script-src`: `<script src=…gov-tracking.min.js>`. */
  via: 'snippet' | 'script-src';
  siteId?: string;
  trackerUrl?: string;
  scriptUrl: string;
  /** `http` when the tracker or the script is loaded over plain HTTP. */
  scheme: 'https' | 'http';
  placement: 'head' | 'body';
  legacyHost: boolean;
  /** Text of a "Begin EMC/Gov Tracking Code" comment on the page, if any. */
  markerComment?: string;
  /** Source excerpt (≤ 600 chars) of the script that carries the code. */
  excerpt: string;
  /** Offset of the `<script` tag in the page. */
  offset: number;
}

/** Why a page does not carry the code, from the closest shape found (docs/checks.md). */
export type MissingReason =
  | 'commented-out'
  | 'script-syntax-error'
  | 'module-scoped-queue'
  | 'csp-blocks-emc'
  | 'inside-noscript'
  | 'inside-template'
  | 'non-js-type'
  | 'empty-site-id'
  | 'placeholder-site-id'
  | 'invalid-site-id'
  | 'script-not-loaded'
  | 'no-page-view'
  | 'matomo-only'
  | 'host-only-in-link-or-text'
  | 'nothing';

interface SnippetAnalysis {
  pageView: boolean;
  siteIdRaw?: string;
  siteIdState: 'ok' | 'empty' | 'placeholder' | 'invalid' | 'absent';
  siteId?: string;
  trackerUrl?: string;
  scriptUrl?: string;
  event?: string;
}

interface Shape {
  reason: MissingReason;
  evidence: Evidence;
  /** Said after the reason's summary (the directive, the syntax error and its line). */
  detail?: LocalizedText;
  data?: Record<string, unknown>;
}

/** A JavaScript syntax error of a script block, as a browser would meet it. */
export interface ScriptSyntaxError {
  message: string;
  /** Line and column inside the block (1-based line, 0-based column, as acorn gives them). */
  blockLine: number;
  column: number;
  /** Line in the page, when the parser recorded where the block starts. */
  pageLine?: number;
}

/** The code found in the HTML, with the script that carries it (before the page's CSP is applied). */
interface Located {
  finding: CodeFinding;
  script: ScriptBlock;
  /** Inline snippet text whose execution the CSP must allow; undefined for a bare `<script src>`. */
  inlineText?: string;
}

/**
 * Returns the EMC code a page carries, or undefined. Pure; reused by the badge and browser
 * tiers. Code the browser would not run does not count: a block that is not valid JavaScript,
 * a module whose queue never reaches `window._govaq`, or code the page's own
 * Content-Security-Policy refuses.
 */
export function pageCarriesCode(page: PageModel): CodeFinding | undefined {
  const located = locateCode(page);
  return located !== undefined && policyBlock(page, located) === undefined ? located.finding : undefined;
}

function locateCode(page: PageModel): Located | undefined {
  const markerComment = page.comments.find((c) => MARKER_COMMENTS.some((m) => c.text.includes(m)) && !GOVAQ_PATTERN.test(c.text));
  const marker = markerComment?.text.trim();
  const direct = page.scripts.find((s) => s.executable && isEmcScriptUrl(s.srcUrl));

  let partial: { script: ScriptBlock; analysis: SnippetAnalysis } | undefined;
  const runnable = page.scripts.filter((s) => s.executable && GOVAQ_PATTERN.test(s.text) && runs(s));
  for (const script of runnable) {
    const analysis = analyseSnippet(script.text, page.url);
    if (!analysis.pageView || analysis.siteIdState !== 'ok') continue;
    if (isEmcScriptUrl(analysis.scriptUrl)) return located(finding('snippet', script, analysis, analysis.scriptUrl as string, marker), script, script.text);
    partial ??= { script, analysis };
  }
  const split = splitSnippet(page, runnable, marker);
  if (split !== undefined) return split;
  if (direct === undefined) return undefined;
  const scriptUrl = direct.srcUrl as string;
  if (partial !== undefined) return located(finding('snippet', partial.script, partial.analysis, scriptUrl, marker), partial.script, partial.script.text);
  return located(finding('script-src', direct, { pageView: false, siteIdState: 'absent' }, scriptUrl, marker), direct, undefined);
}

function located(found: CodeFinding, script: ScriptBlock, inlineText: string | undefined): Located {
  return { finding: found, script, ...(inlineText !== undefined ? { inlineText } : {}) };
}

/**
 * The snippet pasted across several blocks (queue and page view in one, site id and loader in
 * another): the blocks run in document order on one global queue, so they are read as one.
 */
function splitSnippet(page: PageModel, runnable: ScriptBlock[], marker: string | undefined): Located | undefined {
  const parts = page.scripts.filter((s) => s.executable && s.src === undefined && runs(s)
    && (GOVAQ_PATTERN.test(s.text) || s.text.includes(EMC_SCRIPT_FILE)));
  if (parts.length < 2 || runnable.length === 0) return undefined;
  const analysis = analyseSnippet(parts.map((p) => p.text).join('\n;\n'), page.url);
  if (!analysis.pageView || analysis.siteIdState !== 'ok' || !isEmcScriptUrl(analysis.scriptUrl)) return undefined;
  const lead = runnable.find((s) => PAGE_VIEW_PATTERN.test(s.text)) ?? runnable[0];
  // The CSP must allow every part; the strictest reading is the first part's attributes.
  return located(finding('snippet', lead, analysis, analysis.scriptUrl as string, marker), lead, lead.text);
}

/** Whether an executable script block would actually run its code (parses; a module's queue is global). */
function runs(script: ScriptBlock): boolean {
  if (script.src !== undefined) return true;
  if (scriptSyntaxError(script) !== undefined) return false;
  return !moduleScopedQueue(script);
}

const syntaxErrors = new WeakMap<ScriptBlock, ScriptSyntaxError | null>();

/**
 * The syntax error of an inline script block, parsed with acorn as the browser would (a module
 * for `type="module"`, a classic script otherwise, HTML-like comments allowed): a block that
 * does not parse runs none of its code. Cached per block.
 */
export function scriptSyntaxError(script: ScriptBlock): ScriptSyntaxError | undefined {
  const known = syntaxErrors.get(script);
  if (known !== undefined) return known ?? undefined;
  let error: ScriptSyntaxError | null = null;
  if (script.src === undefined) {
    try {
      parseJs(script.text, { ecmaVersion: 'latest', sourceType: isModule(script) ? 'module' : 'script', allowHashBang: false });
    } catch (failure) {
      const loc = (failure as { loc?: { line: number; column: number } }).loc;
      const message = failure instanceof Error ? failure.message.replace(/\s*\(\d+:\d+\)$/, '') : String(failure);
      const blockLine = loc?.line ?? 1;
      error = {
        message,
        blockLine,
        column: loc?.column ?? 0,
        ...(script.line !== undefined ? { pageLine: script.line + blockLine - 1 } : {}),
      };
    }
  }
  syntaxErrors.set(script, error);
  return error ?? undefined;
}

function isModule(script: ScriptBlock): boolean {
  return script.type?.trim().toLowerCase() === 'module';
}

/**
 * A module's top-level `var _govaq` is the module's own, not `window._govaq`: EMC's script then
 * finds no queue. The queue is global only when the module writes `window._govaq` (or `self.`,
 * `globalThis.`).
 */
function moduleScopedQueue(script: ScriptBlock): boolean {
  return isModule(script) && GOVAQ_PATTERN.test(script.text) && !WINDOW_GOVAQ_ASSIGNMENT_PATTERN.test(script.text);
}

/** What the page's enforced Content-Security-Policy refuses on the way from the code to EMC's hit. */
function policyBlock(page: PageModel, code: Located): PolicyBlock | undefined {
  const policies = page.policies ?? [];
  if (policies.length === 0) return undefined;
  return snippetBlockedBy(policies, snippetFacts(page, code));
}

function snippetFacts(page: PageModel, code: Located): SnippetFacts {
  const { finding: found, script } = code;
  return {
    pageUrl: page.url,
    ...(code.inlineText !== undefined ? { inlineText: code.inlineText } : {}),
    ...(script.nonce !== undefined ? { nonce: script.nonce } : {}),
    offset: script.offset,
    scriptUrl: found.scriptUrl,
    parserInserted: found.via === 'script-src',
    hitUrl: found.trackerUrl ?? new URL('/', found.scriptUrl).href,
  };
}

/** The check itself: pass iff the homepage carries the code; coverage over every page judged. */
export const emcTrackingCode: Check = {
  id: 'emc-tracking-code',
  run(context: CheckContext): CheckResult {
    const found = pageCarriesCode(context.homepage);
    const sampled = context.pages.filter((page) => page !== context.homepage);
    const withoutCode = sampled.filter((page) => pageCarriesCode(page) === undefined);
    const judged = sampled.length + 1;
    const coverage = { withCode: (found ? 1 : 0) + sampled.length - withoutCode.length, judged };
    return found ? passResult(context, found, coverage, withoutCode) : failResult(context, coverage);
  },
};

function passResult(
  context: CheckContext,
  found: CodeFinding,
  coverage: { withCode: number; judged: number },
  withoutCode: PageModel[],
): CheckResult {
  const warnings: LocalizedText[] = [];
  if (found.scheme === 'http') {
    warnings.push({
      vi: 'Mã theo dõi EMC được nạp qua http:// — trình duyệt chặn nội dung hỗn hợp trên trang https, nên mã có thể không chạy. Hãy dùng https://.',
      en: 'The EMC tracking code is loaded over http:// — browsers block mixed content on https pages, so it may not run. Use https://.',
    });
  }
  if (found.legacyHost) {
    warnings.push({
      vi: `Mã dùng máy chủ EMC cũ (${hostOfUrl(found.scriptUrl)}); hãy cập nhật mã mới từ f-emc.ngsp.gov.vn.`,
      en: `The code uses the legacy EMC host (${hostOfUrl(found.scriptUrl)}); update to the current snippet from f-emc.ngsp.gov.vn.`,
    });
  }
  if (found.trackerUrl !== undefined && emcHost(hostOfUrl(found.trackerUrl)) === undefined) {
    warnings.push({
      vi: `Địa chỉ thu nhận (setTrackerUrl) không thuộc máy chủ EMC: ${found.trackerUrl}`,
      en: `The tracker URL (setTrackerUrl) is not a known EMC host: ${found.trackerUrl}`,
    });
  }
  if (withoutCode.length > 0) {
    const list = withoutCode.slice(0, 5).map((p) => p.url).join(', ');
    warnings.push({
      vi: `${withoutCode.length} trang con được kiểm tra không có mã EMC: ${list}`,
      en: `${withoutCode.length} sampled page(s) do not carry the EMC code: ${list}`,
    });
  }
  if (context.homepage.scripts.some((s) => s.executable && MATOMO_PATTERN.test(s.text))) {
    warnings.push({
      vi: 'Thông tin: trang cũng có mã Matomo (_paq); mã này không được tính là mã EMC.',
      en: 'Information: the page also has a Matomo (_paq) snippet; it is not counted as EMC code.',
    });
  }
  const code = locateCode(context.homepage);
  const objections = code === undefined ? [] : reportOnlyObjections(context.homepage.policies ?? [], snippetFacts(context.homepage, code));
  if (objections.length > 0) {
    warnings.push({
      vi: `Thông tin: chính sách CSP chỉ-báo-cáo (Report-Only) của trang sẽ chặn mã EMC nếu được áp dụng (${objections[0].excerpt}); hiện nó không chặn gì.`,
      en: `Information: the page's report-only CSP would block the EMC code if enforced (${objections[0].excerpt}); today it blocks nothing.`,
    });
  }
  const expected = context.target.expectedSiteId;
  if (expected !== undefined && found.siteId !== undefined && found.siteId !== expected) {
    warnings.push({
      vi: `Mã site (setSiteId) là ${found.siteId}, khác với mã đăng ký ${expected}.`,
      en: `The site id (setSiteId) is ${found.siteId}, not the registered ${expected}.`,
    });
  }
  const idText = found.siteId === undefined ? '' : ` (site id ${found.siteId})`;
  return {
    id: 'emc-tracking-code',
    verdict: 'pass',
    summary: {
      vi: `Trang chủ có mã theo dõi EMC${idText}, đặt trong <${found.placement}>.`,
      en: `The homepage carries the EMC tracking code${idText}, in <${found.placement}>.`,
    },
    warnings,
    evidence: [{
      kind: 'script',
      pageUrl: context.homepage.url,
      excerpt: found.excerpt,
      href: found.scriptUrl,
      region: found.placement,
    }],
    data: {
      siteId: found.siteId,
      trackerUrl: found.trackerUrl,
      scriptUrl: found.scriptUrl,
      scheme: found.scheme,
      placement: found.placement,
      legacyHost: found.legacyHost,
      coverage,
      markerComment: found.markerComment,
    },
  };
}

function failResult(context: CheckContext, coverage: { withCode: number; judged: number }): CheckResult {
  const shape = closestShape(context.homepage);
  const message = REASON_MESSAGES[shape.reason];
  const summary = shape.detail === undefined ? message.summary : {
    vi: `${message.summary.vi} ${shape.detail.vi}`,
    en: `${message.summary.en} ${shape.detail.en}`,
  };
  return {
    id: 'emc-tracking-code',
    verdict: 'fail',
    summary,
    hint: message.hint,
    warnings: [],
    evidence: [shape.evidence],
    data: { reason: shape.reason, ...shape.data, coverage },
  };
}

/**
 * The closest shape to the code on a page that does not carry it, most "almost working" first:
 * a snippet that is there but never runs, then one that runs but is not connected, then
 * look-alikes and mere mentions.
 */
export function closestShape(page: PageModel): Shape {
  const note = (excerpt: string, kind = 'script', region?: PageRegion, href?: string): Evidence => ({
    kind, pageUrl: page.url, excerpt: clip(excerpt), region, href,
  });

  const code = locateCode(page);
  const blocked = code === undefined ? undefined : policyBlock(page, code);
  if (code !== undefined && blocked !== undefined) return cspShape(page, code, blocked);

  const commented = page.comments.find((c) => GOVAQ_PATTERN.test(c.text) || c.text.includes(EMC_SCRIPT_FILE));
  if (commented) return { reason: 'commented-out', evidence: note(`<!--${commented.text}-->`, 'comment') };

  const broken = page.scripts.find((s) => s.executable && GOVAQ_PATTERN.test(s.text) && scriptSyntaxError(s) !== undefined);
  if (broken) return syntaxShape(page, broken, scriptSyntaxError(broken) as ScriptSyntaxError);
  const scoped = page.scripts.find((s) => s.executable && moduleScopedQueue(s) && PAGE_VIEW_PATTERN.test(s.text));
  if (scoped) return { reason: 'module-scoped-queue', evidence: note(scriptExcerpt(scoped), 'script', scoped.placement) };

  for (const reason of ['noscript', 'template', 'non-js-type'] as const) {
    const inert = page.scripts.find((s) => s.inertReason === reason && (GOVAQ_PATTERN.test(s.text) || isEmcScriptUrl(s.srcUrl)));
    if (inert) {
      const mapped: MissingReason = reason === 'non-js-type' ? 'non-js-type' : reason === 'noscript' ? 'inside-noscript' : 'inside-template';
      return { reason: mapped, evidence: note(scriptExcerpt(inert), 'script', inert.placement, inert.srcUrl) };
    }
  }

  const snippets = page.scripts
    .filter((s) => s.executable && GOVAQ_PATTERN.test(s.text))
    .map((script) => ({ script, analysis: analyseSnippet(script.text, page.url) }));
  const withPageView = snippets.filter((s) => s.analysis.pageView);
  const byState: [SnippetAnalysis['siteIdState'], MissingReason][] = [
    ['empty', 'empty-site-id'],
    ['placeholder', 'placeholder-site-id'],
    ['invalid', 'invalid-site-id'],
    ['absent', 'invalid-site-id'],
    ['ok', 'script-not-loaded'],
  ];
  for (const [state, reason] of byState) {
    const hit = withPageView.find((s) => s.analysis.siteIdState === state);
    if (hit) return { reason, evidence: note(scriptExcerpt(hit.script), 'script', hit.script.placement, hit.analysis.scriptUrl) };
  }
  const foreignLoader = page.scripts.find((s) => s.executable && s.srcUrl?.endsWith(`/${EMC_SCRIPT_FILE}`));
  if (foreignLoader) {
    return { reason: 'script-not-loaded', evidence: note(scriptExcerpt(foreignLoader), 'script', foreignLoader.placement, foreignLoader.srcUrl) };
  }
  if (snippets.length > 0) {
    const hit = snippets[0];
    return { reason: 'no-page-view', evidence: note(scriptExcerpt(hit.script), 'script', hit.script.placement) };
  }

  const matomo = page.scripts.find((s) => s.executable && MATOMO_PATTERN.test(s.text));
  if (matomo) return { reason: 'matomo-only', evidence: note(scriptExcerpt(matomo), 'script', matomo.placement) };

  const link = page.links.find((l) => emcHost(l.host) !== undefined || containsEmcHost(l.text));
  if (link) return { reason: 'host-only-in-link-or-text', evidence: { kind: 'link', pageUrl: page.url, href: link.href, text: link.text, region: link.region } };
  const mention = page.emcMentions?.[0];
  if (mention) return { reason: 'host-only-in-link-or-text', evidence: note(mention.excerpt, 'note') };

  return {
    reason: 'nothing',
    // Language-neutral (reports show it in Vietnamese and English): counts and names, no words.
    evidence: note(`<script> × ${page.scripts.length}: _govaq ✗, ${EMC_SCRIPT_FILE} ✗`, 'note'),
  };
}

const WHAT_BLOCKED: Record<PolicyBlock['what'], LocalizedText> = {
  inline: { vi: 'đoạn mã nhúng (script nội tuyến)', en: 'the inline snippet' },
  script: { vi: `tệp ${EMC_SCRIPT_FILE}`, en: EMC_SCRIPT_FILE },
  hit: { vi: 'tín hiệu thống kê gửi về EMC', en: 'the tracking hit to EMC' },
};

function cspShape(page: PageModel, code: Located, blocked: PolicyBlock): Shape {
  const where: LocalizedText = blocked.origin === 'header'
    ? { vi: 'tiêu đề HTTP Content-Security-Policy', en: 'the Content-Security-Policy HTTP header' }
    : { vi: 'thẻ <meta http-equiv="Content-Security-Policy">', en: 'the <meta http-equiv="Content-Security-Policy"> tag' };
  const what = WHAT_BLOCKED[blocked.what];
  return {
    reason: 'csp-blocks-emc',
    evidence: { kind: 'csp', pageUrl: page.url, excerpt: clip(blocked.excerpt), href: blocked.url ?? code.finding.scriptUrl, text: blocked.origin },
    detail: {
      vi: `Chỉ thị "${clip(blocked.excerpt)}" (${where.vi}) không cho phép ${what.vi}${blocked.url ? ` (${blocked.url})` : ''}.`,
      en: `The directive "${clip(blocked.excerpt)}" (${where.en}) does not allow ${what.en}${blocked.url ? ` (${blocked.url})` : ''}.`,
    },
    data: { csp: { ...blocked }, siteId: code.finding.siteId, scriptUrl: code.finding.scriptUrl },
  };
}

function syntaxShape(page: PageModel, script: ScriptBlock, error: ScriptSyntaxError): Shape {
  const line = error.pageLine ?? error.blockLine;
  const lineVi = error.pageLine !== undefined ? `dòng ${error.pageLine} của trang` : `dòng ${error.blockLine} của khối script`;
  const lineEn = error.pageLine !== undefined ? `line ${error.pageLine} of the page` : `line ${error.blockLine} of the script block`;
  return {
    reason: 'script-syntax-error',
    evidence: { kind: 'script', pageUrl: page.url, excerpt: scriptExcerpt(script), region: script.placement, text: `SyntaxError: ${error.message} (line ${line})` },
    detail: { vi: `Lỗi cú pháp: ${error.message} (${lineVi}).`, en: `Syntax error: ${error.message} (${lineEn}).` },
    data: { syntaxError: error },
  };
}

const REASON_MESSAGES: Record<MissingReason, { summary: LocalizedText; hint: LocalizedText }> = {
  'commented-out': {
    summary: {
      vi: 'Mã theo dõi EMC nằm trong chú thích HTML <!-- … --> nên không được thực thi.',
      en: 'The EMC tracking code sits inside an HTML comment <!-- … --> and never runs.',
    },
    hint: { vi: 'Bỏ cặp dấu chú thích <!-- --> bao quanh mã EMC.', en: 'Remove the <!-- --> comment around the EMC snippet.' },
  },
  'script-syntax-error': {
    summary: {
      vi: 'Khối <script> chứa mã EMC không phải JavaScript hợp lệ nên trình duyệt không chạy dòng nào của nó.',
      en: 'The <script> block holding the EMC code is not valid JavaScript, so the browser runs none of it.',
    },
    hint: {
      vi: 'Dán lại nguyên văn đoạn mã do EMC cấp (chú ý dấu nháy thẳng \' và ", dấu ngoặc), rồi kiểm tra bảng điều khiển (Console) của trình duyệt không còn lỗi.',
      en: 'Paste the snippet issued by EMC again verbatim (straight quotes \' and ", brackets), then check the browser console shows no error.',
    },
  },
  'module-scoped-queue': {
    summary: {
      vi: 'Mã EMC nằm trong <script type="module">: biến _govaq chỉ tồn tại trong module, mã của EMC không đọc được lệnh nào.',
      en: 'The EMC code sits in <script type="module">: its _govaq is the module\'s own, so EMC\'s script reads no command.',
    },
    hint: {
      vi: 'Bỏ type="module" khỏi thẻ <script> của EMC (hoặc gán window._govaq = window._govaq || []).',
      en: 'Drop type="module" from the EMC <script> (or assign window._govaq = window._govaq || []).',
    },
  },
  'csp-blocks-emc': {
    summary: {
      vi: 'Chính sách bảo mật nội dung (CSP) của trang chặn mã theo dõi EMC nên trình duyệt không kết nối được với EMC.',
      en: "The page's Content-Security-Policy blocks the EMC tracking code, so the browser never connects to EMC.",
    },
    hint: {
      vi: 'Thêm https://f-emc.ngsp.gov.vn vào script-src và img-src/connect-src của CSP, và cho phép đoạn mã nội tuyến (nonce hoặc hash).',
      en: 'Add https://f-emc.ngsp.gov.vn to the CSP script-src and img-src/connect-src, and allow the inline snippet (nonce or hash).',
    },
  },
  'inside-noscript': {
    summary: {
      vi: 'Mã theo dõi EMC nằm trong thẻ <noscript> nên không bao giờ được thực thi.',
      en: 'The EMC tracking code sits inside <noscript> and never runs.',
    },
    hint: { vi: 'Đưa thẻ <script> của EMC ra ngoài <noscript>.', en: 'Move the EMC <script> out of <noscript>.' },
  },
  'inside-template': {
    summary: {
      vi: 'Mã theo dõi EMC nằm trong thẻ <template> (nội dung trơ) nên không được thực thi.',
      en: 'The EMC tracking code sits inside <template> (inert content) and never runs.',
    },
    hint: { vi: 'Đưa thẻ <script> của EMC ra ngoài <template>.', en: 'Move the EMC <script> out of <template>.' },
  },
  'non-js-type': {
    summary: {
      vi: 'Thẻ <script> chứa mã EMC có thuộc tính type không phải JavaScript nên trình duyệt không thực thi.',
      en: 'The <script> holding the EMC code has a non-JavaScript type, so browsers do not run it.',
    },
    hint: {
      vi: 'Dùng type="text/javascript" (không kèm tham số) hoặc bỏ thuộc tính type.',
      en: 'Use type="text/javascript" (without parameters) or drop the type attribute.',
    },
  },
  'empty-site-id': {
    summary: {
      vi: 'Mã EMC có setSiteId rỗng: trang chưa được kết nối với hệ thống EMC.',
      en: 'The EMC snippet has an empty setSiteId: the site is not connected to EMC.',
    },
    hint: { vi: 'Điền mã site do EMC cấp vào setSiteId.', en: 'Fill in the site id issued by EMC in setSiteId.' },
  },
  'placeholder-site-id': {
    summary: {
      vi: 'Mã site trong setSiteId là biến mẫu chưa được thay giá trị (ví dụ ${…}, <?= … ?>, {{ … }}).',
      en: 'The setSiteId value is an unrendered template placeholder (e.g. ${…}, <?= … ?>, {{ … }}).',
    },
    hint: {
      vi: 'Kiểm tra cấu hình CMS/mẫu giao diện để mã site EMC được điền đúng.',
      en: 'Check the CMS/template configuration so the EMC site id is rendered.',
    },
  },
  'invalid-site-id': {
    summary: {
      vi: 'Mã EMC thiếu setSiteId hoặc mã site không phải là số.',
      en: 'The EMC snippet has no setSiteId, or the site id is not a number.',
    },
    hint: { vi: 'Dán lại đúng đoạn mã EMC với mã site do EMC cấp.', en: 'Paste the EMC snippet again with the site id issued by EMC.' },
  },
  'script-not-loaded': {
    summary: {
      vi: 'Mã EMC không nạp tệp gov-tracking.min.js từ máy chủ EMC.',
      en: 'The EMC snippet does not load gov-tracking.min.js from an EMC host.',
    },
    hint: {
      vi: 'Dùng đúng đoạn mã EMC, nạp https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js.',
      en: 'Use the EMC snippet as issued, loading https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js.',
    },
  },
  'no-page-view': {
    summary: {
      vi: "Trang chỉ có các lệnh sự kiện _govaq (như trackDVC), không có lệnh ghi nhận lượt xem trang (trackPageView).",
      en: "The page only has _govaq event calls (such as trackDVC), no page-view call (trackPageView).",
    },
    hint: {
      vi: 'Thêm đoạn mã theo dõi EMC đầy đủ (trackPageView, setSiteId, gov-tracking.min.js).',
      en: 'Add the full EMC tracking snippet (trackPageView, setSiteId, gov-tracking.min.js).',
    },
  },
  'matomo-only': {
    summary: {
      vi: 'Trang chỉ có mã Matomo (_paq), không phải mã theo dõi EMC (_govaq).',
      en: 'The page only has a Matomo (_paq) snippet, not the EMC tracking code (_govaq).',
    },
    hint: {
      vi: 'Matomo không thay thế mã EMC: nhúng thêm đoạn mã theo dõi do EMC cấp.',
      en: 'Matomo does not replace the EMC code: embed the tracking snippet issued by EMC as well.',
    },
  },
  'host-only-in-link-or-text': {
    summary: {
      vi: 'Máy chủ EMC chỉ xuất hiện trong liên kết hoặc văn bản, không có mã theo dõi được thực thi.',
      en: 'The EMC host only appears in a link or text; no tracking code runs.',
    },
    hint: {
      vi: 'Một liên kết tới EMC không phải là mã theo dõi: nhúng đoạn mã do EMC cấp vào trang.',
      en: 'A link to EMC is not the tracking code: embed the snippet issued by EMC in the page.',
    },
  },
  nothing: {
    summary: {
      vi: 'Không tìm thấy mã theo dõi EMC trên trang chủ.',
      en: 'No EMC tracking code was found on the homepage.',
    },
    hint: {
      vi: 'Nhúng đoạn mã theo dõi do EMC cấp vào <head> của mọi trang (nếu mã được chèn bằng trình quản lý thẻ, kiểm tra lại bằng trình duyệt).',
      en: 'Embed the tracking snippet issued by EMC in the <head> of every page (if a tag manager injects it, re-check with the browser tier).',
    },
  },
};

/** Reads the parts of a `_govaq` snippet the verdict depends on. */
function analyseSnippet(text: string, pageUrl: string): SnippetAnalysis {
  const pageView = PAGE_VIEW_PATTERN.test(text);
  const event = EVENT_CALL_PATTERN.exec(text)?.[2];

  let siteIdState: SnippetAnalysis['siteIdState'] = 'absent';
  let siteIdRaw: string | undefined;
  let siteId: string | undefined;
  const idMatch = SET_SITE_ID_PATTERN.exec(text);
  if (idMatch) {
    siteIdRaw = evaluateStringExpression(idMatch[2], text);
    const window = text.slice(idMatch.index, idMatch.index + PLACEHOLDER_WINDOW);
    const trimmed = siteIdRaw?.trim();
    if (trimmed !== undefined && SITE_ID_PATTERN.test(trimmed)) {
      siteIdState = 'ok';
      siteId = trimmed;
    } else if (trimmed === '') {
      siteIdState = 'empty';
    } else if (PLACEHOLDER_PATTERNS.some(({ pattern }) => pattern.test(window))) {
      siteIdState = 'placeholder';
    } else {
      siteIdState = 'invalid';
    }
  }

  const trackerMatch = SET_TRACKER_URL_PATTERN.exec(text);
  const trackerRaw = trackerMatch ? evaluateStringExpression(trackerMatch[2], text) : undefined;
  const trackerUrl = trackerRaw === undefined ? undefined : absolute(trackerRaw, pageUrl);

  let scriptUrl: string | undefined;
  for (const match of text.matchAll(SCRIPT_SRC_ASSIGNMENT_PATTERN)) {
    const value = evaluateStringExpression(match[1], text);
    if (value !== undefined && value.includes(EMC_SCRIPT_FILE)) {
      scriptUrl = absolute(value, pageUrl);
      break;
    }
  }
  return { pageView, siteIdRaw, siteIdState, siteId, trackerUrl, scriptUrl, event };
}

/**
 * Evaluates the small string expressions of tracking snippets: a literal (`'227'`, `"205"`,
 * `227`), or literals and variables joined by `+` (`u+"tracking"` where `var u="https://…/"`).
 * Reading stops at the first token that is neither; undefined when nothing could be read.
 */
export function evaluateStringExpression(expression: string, script: string): string | undefined {
  const token = /\s*(?:(['"`])((?:\\.|(?!\1)[^\\])*)\1|(\d+(?:\.\d+)?)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))\s*/y;
  let out = '';
  let read = false;
  let at = 0;
  for (;;) {
    token.lastIndex = at;
    const m = token.exec(expression);
    if (!m) break;
    if (m[2] !== undefined) out += m[2];
    else if (m[3] !== undefined) out += m[3];
    else {
      const value = variableValue(m[4], script);
      if (value === undefined) return read ? out : undefined;
      out += value;
    }
    read = true;
    at = token.lastIndex;
    if (expression[at] !== '+') break;
    at++;
  }
  return read ? out : undefined;
}

function variableValue(name: string, script: string): string | undefined {
  const escaped = name.replace(/[.$]/g, '\\$&');
  const assignment = new RegExp(`(?:^|[^\\w$.])${escaped}\\s*=\\s*(['"\`])((?:\\\\.|(?!\\1)[^\\\\])*)\\1`).exec(script);
  return assignment?.[2];
}

function finding(
  via: CodeFinding['via'],
  script: ScriptBlock,
  analysis: SnippetAnalysis,
  scriptUrl: string,
  markerComment: string | undefined,
): CodeFinding {
  const hosts = [scriptUrl, analysis.trackerUrl].filter((u): u is string => u !== undefined);
  return {
    via,
    siteId: analysis.siteId,
    trackerUrl: analysis.trackerUrl,
    scriptUrl,
    scheme: hosts.some((u) => u.startsWith('http:')) ? 'http' : 'https',
    placement: script.placement,
    legacyHost: hosts.some((u) => emcHost(hostOfUrl(u))?.legacy === true),
    markerComment,
    excerpt: scriptExcerpt(script),
    offset: script.offset,
  };
}

/** Whether a URL is `gov-tracking.min.js` on a known EMC host. */
function isEmcScriptUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    return emcHost(parsed.hostname.toLowerCase().replace(/\.$/, '')) !== undefined && parsed.pathname.endsWith(`/${EMC_SCRIPT_FILE}`);
  } catch {
    return false;
  }
}

function containsEmcHost(text: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes('f-emc.ngsp.gov.vn') || lower.includes('tracking.aita.gov.vn');
}

function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

function absolute(value: string, base: string): string | undefined {
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** The script as evidence: the tag's attributes plus its text from just before the first `_govaq`. */
function scriptExcerpt(script: ScriptBlock): string {
  const attributes = [
    script.type !== undefined ? ` type="${script.type}"` : '',
    script.language !== undefined ? ` language="${script.language}"` : '',
    script.src !== undefined ? ` src="${script.src}"` : '',
  ].join('');
  const at = script.text.search(GOVAQ_PATTERN);
  const start = at > EXCERPT_LEAD ? at - EXCERPT_LEAD : 0;
  const body = script.text.slice(start, start + EXCERPT_LENGTH);
  return clip(`<script${attributes}>${start > 0 ? '…' : ''}${body}</script>`);
}

function clip(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

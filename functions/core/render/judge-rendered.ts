/**
 * The browser tier's judgement (criteria 2.1 and 2.2a): combines the static verdicts of
 * `emc-tracking-code` and `emc-badge` with what a real browser observed on the homepage.
 * Pure: plain data in, plain data out (docs/checks.md, docs/detection.md §1–2).
 *
 * - `emc-tracking-code` gains network evidence. A static `fail` turns into `pass` only when the
 *   code demonstrably ran although the served HTML lacks it (injected at run time by a tag
 *   manager, SPA hydration or a CMS setting). A static `pass` stays `pass`; network trouble
 *   becomes warnings.
 * - `emc-badge` is decided here: `pass` only for a visible `#btnEMC` / `.yhy-btn-emc` on a page
 *   whose code ran; `fail` with the reason (absent and why, hidden and how, fake); `unknown`
 *   when the browser could not load the page, which never makes a site non-compliant.
 * - A transport `unknown` (or `not-applicable`) from the static tier is left untouched.
 */
import { emcHost, EMC_SCRIPT_FILE } from '../rules/emc.ts';
import type { CheckResult, Evidence, LocalizedText } from '../types.ts';
import type { BadgeObservation, RenderObservation, RequestObservation } from './observation.ts';

/** The two results the browser tier refines. */
export interface EmcResults {
  tracking: CheckResult;
  badge: CheckResult;
}

/** Why the rendered tier failed the badge (`data.reason`). */
export type RenderedBadgeFailure =
  | 'fake-badge'
  | 'css-hidden'
  | 'script-hidden'
  | 'zero-size'
  | 'offscreen'
  | 'script-removed'
  | 'no-code'
  | 'script-not-requested'
  | 'script-blocked'
  | 'script-http-error'
  | 'not-injected';

const SITE_ID = /^\d{1,7}$/;
const TEXT_LENGTH = 200;

/** Final verdicts of `emc-tracking-code` and `emc-badge` from the static results and one observation. */
export function judgeRendered(staticResults: EmcResults, observation: RenderObservation): EmcResults {
  const tracking = judgeTracking(staticResults.tracking, observation);
  const badge = judgeBadge(staticResults.badge, tracking, observation);
  return { tracking, badge };
}

/* ------------------------------------------------------------------------------------------ */
/* emc-tracking-code                                                                          */
/* ------------------------------------------------------------------------------------------ */

function judgeTracking(result: CheckResult, obs: RenderObservation): CheckResult {
  if (result.verdict === 'unknown' || result.verdict === 'not-applicable') return result;
  const evidence = [...result.evidence, ...networkEvidence(obs)];
  const data = { ...result.data, rendered: renderedTrackingData(obs) };
  if (obs.navigation !== 'ok') {
    return { ...result, warnings: [...result.warnings, browserFailedWarning(obs)], evidence, data };
  }
  if (obs.status !== undefined && obs.status >= 400) {
    // The browser was answered with an error or a challenge page: it saw another page.
    const warning = {
      vi: `Trình duyệt nhận trang trả lời HTTP ${obs.status} nên không kết luận được; kết quả dựa trên HTML máy chủ trả về.`,
      en: `The browser got an HTTP ${obs.status} answer, so it proves nothing; the result rests on the served HTML.`,
    };
    return { ...result, warnings: [...result.warnings, warning], evidence, data };
  }
  const staticSiteId = typeof result.data?.siteId === 'string' ? result.data.siteId : undefined;
  if (result.verdict === 'fail') {
    const staticReason = typeof result.data?.reason === 'string' ? result.data.reason : undefined;
    // Code the HTML shows but judged not to run (CSP, syntax, module scope): only a hit proves otherwise.
    const inHtml = staticReason !== undefined && CODE_IN_HTML_REASONS.has(staticReason);
    const injected = injectedAtRunTime(obs, inHtml);
    if (injected === undefined) return { ...result, evidence: [...evidence, ...confirmationEvidence(obs)], data };
    const failure = connectionFailure(obs, true);
    if (failure?.conclusive === true) return notConnected(result, failure, evidence, data);
    return {
      id: 'emc-tracking-code',
      verdict: 'pass',
      summary: inHtml ? {
        vi: `Trang chủ có mã theo dõi EMC (site id ${injected.siteId}) và trình duyệt thấy ${injected.sawVi}, dù phân tích HTML cho rằng mã không chạy.`,
        en: `The homepage carries the EMC tracking code (site id ${injected.siteId}) and the browser saw ${injected.sawEn}, although the HTML analysis said it would not run.`,
      } : {
        vi: `Trang chủ có mã theo dõi EMC (site id ${injected.siteId}), nhưng mã được chèn khi chạy trang: trình duyệt thấy ${injected.sawVi}.`,
        en: `The homepage carries the EMC tracking code (site id ${injected.siteId}), injected at run time: the browser saw ${injected.sawEn}.`,
      },
      warnings: [
        inHtml ? {
          vi: `Lưu ý: HTML của trang có dấu hiệu chặn mã EMC (${staticReason}); trình duyệt của công cụ vẫn thấy mã kết nối. Nên kiểm tra lại trên các trình duyệt khác.`,
          en: `Note: the HTML suggests the EMC code is blocked (${staticReason}); the auditor's browser still saw it connect. Check other browsers too.`,
        } : {
          vi: 'Lưu ý: mã được chèn khi chạy trang (trình quản lý thẻ, script hoặc cấu hình CMS), không có trong HTML máy chủ trả về; công cụ chỉ thấy mã khi chạy trình duyệt. Nên dán mã EMC trực tiếp vào mẫu giao diện.',
          en: 'Note: the code was injected at run time (a tag manager, a script or a CMS setting) and is not in the HTML the server sends; only a browser sees it. Paste the EMC snippet into the page template itself.',
        },
        ...networkWarnings(obs, injected.siteId),
        ...(failure !== undefined ? [failure.warning] : []),
      ],
      evidence,
      data: {
        ...data,
        siteId: injected.siteId,
        trackerUrl: obs.runtimeTracker.trackerUrl,
        scriptUrl: obs.emcScript?.url,
        ...(inHtml ? { connectedDespiteHtml: true } : { injectedAtRunTime: true }),
        staticReason: result.data?.reason,
      },
    };
  }
  // A static pass must be connected too: a snippet that never runs connects nothing.
  const failure = connectionFailure(obs, staticSiteId !== undefined);
  if (failure?.conclusive === true) return notConnected(result, failure, evidence, data);
  const extra = failure === undefined ? [] : [failure.warning];
  return { ...result, warnings: [...result.warnings, ...networkWarnings(obs, staticSiteId), ...extra], evidence, data };
}

/** Static fail reasons where the code is in the HTML but judged not to run. */
const CODE_IN_HTML_REASONS: ReadonlySet<string> = new Set(['csp-blocks-emc', 'script-syntax-error', 'module-scoped-queue']);

/** Why the rendered page shows the tracker did not connect (`data.notConnected`). */
export type NotConnectedReason =
  | 'csp-blocked'
  | 'script-error'
  | 'queue-replaced'
  | 'script-not-requested'
  | 'script-refused'
  | 'script-http-error'
  | 'no-hit';

interface ConnectionFailure {
  /** Conclusive: the browser proves the tracker did not run (→ fail). Otherwise a warning, static verdict kept. */
  conclusive: boolean;
  reason?: NotConnectedReason;
  summary: LocalizedText;
  warning: LocalizedText;
  evidence: Evidence[];
}

/**
 * What the rendered page proves about the connection (docs/checks.md "How the tiers combine
 * for 2.1"), most specific first: a CSP violation naming the EMC host (or the inline snippet,
 * when the queue never appeared); a script error in a page whose queue never appeared; a page
 * script that replaced or removed the queue before EMC read it; EMC's script never requested;
 * refused by the browser; answered 4xx; no hit within the settle wait. Auditor-side network
 * errors, EMC's own 5xx and a page that never finished loading are inconclusive.
 * `expectsHit`: the code names a site id, so a hit must leave the page (a bare `<script src>`
 * need not send one: EMC knows the site by its domain).
 */
function connectionFailure(obs: RenderObservation, expectsHit: boolean): ConnectionFailure | undefined {
  const hit = obs.beacons.some((b) => b.failed === undefined && b.status !== undefined && isEmcUrl(b.url));
  if (hit) return undefined;
  const script = obs.emcScript;
  const scriptOk = script !== undefined && isSuccess(script);
  const note = (excerpt: string, kind = 'note', href?: string): Evidence => ({ kind, pageUrl: obs.finalUrl, excerpt: clip(excerpt), ...(href ? { href } : {}) });
  const conclusive = (reason: NotConnectedReason, vi: string, en: string, evidence: Evidence[]): ConnectionFailure => ({
    conclusive: true, reason, summary: { vi, en }, warning: { vi, en }, evidence,
  });

  const violation = (obs.cspViolations ?? []).find((v) => v.disposition === 'enforce'
    && (isEmcUrl(v.blockedUrl) || (v.blockedUrl === 'inline' && !obs.runtimeTracker.govaqDefined)));
  if (violation !== undefined) {
    const what = violation.blockedUrl === 'inline' ? 'đoạn mã nội tuyến' : violation.blockedUrl;
    const whatEn = violation.blockedUrl === 'inline' ? 'the inline snippet' : violation.blockedUrl;
    return conclusive(
      'csp-blocked',
      `Trình duyệt chặn ${what} theo chính sách CSP của trang (chỉ thị ${violation.directive}): mã EMC không kết nối được.`,
      `The browser refused ${whatEn} under the page's Content-Security-Policy (directive ${violation.directive}): the EMC code never connects.`,
      [note(`${violation.directive} — ${violation.policy ?? ''}`, 'csp', violation.blockedUrl === 'inline' ? undefined : violation.blockedUrl)],
    );
  }
  if (!obs.runtimeTracker.govaqDefined && script === undefined) {
    const error = (obs.scriptErrors ?? []).find((e) => /SyntaxError/i.test(e.message)) ?? obs.scriptErrors?.[0];
    if (error !== undefined) {
      const where = error.line !== undefined ? ` (line ${error.line}${error.column !== undefined ? `:${error.column}` : ''})` : '';
      return conclusive(
        'script-error',
        `Khi chạy trang, khối script chứa mã EMC báo lỗi "${clip(error.message)}"${where.replace('line', 'dòng')} và mã không chạy.`,
        `When the page ran, the script holding the EMC code failed with "${clip(error.message)}"${where}, and the code never ran.`,
        [note(`${error.message}${where}`, 'console', error.url)],
      );
    }
  }
  const reset = obs.runtimeTracker.queueReset;
  if ((reset !== undefined || obs.runtimeTracker.removedAtEnd === true) && expectsHit) {
    const how = reset !== undefined ? `${reset.to}, by ${reset.by}` : 'deleted from window';
    return conclusive(
      'queue-replaced',
      `Một script của trang thay thế hoặc xoá hàng đợi _govaq (${how}) trước khi mã EMC đọc nó: không có tín hiệu thống kê nào được gửi.`,
      `A page script replaced or removed the _govaq queue (${how}) before EMC's script read it: no hit was sent.`,
      [note(`_govaq: ${how}`)],
    );
  }
  if (script === undefined) {
    if (obs.loaded !== true) return inconclusive('Trang chưa tải xong trong thời gian chờ, chưa thấy yêu cầu tệp mã EMC.', 'The page had not finished loading within the wait and had not requested the EMC script yet.');
    return conclusive(
      'script-not-requested',
      `Trang đã tải xong nhưng trình duyệt không hề yêu cầu tệp ${EMC_SCRIPT_FILE}: mã EMC không chạy.`,
      `The page loaded but the browser never requested ${EMC_SCRIPT_FILE}: the EMC code did not run.`,
      [note(`no request for ${EMC_SCRIPT_FILE}`)],
    );
  }
  if (script.failed !== undefined) {
    if (AUDITOR_SIDE_ERROR.test(script.failed)) {
      return inconclusive(
        `Máy kiểm tra không kết nối được tới máy chủ EMC (${script.failed}); kết quả dựa trên HTML.`,
        `The auditor could not reach the EMC server (${script.failed}); the result rests on the HTML.`,
      );
    }
    return conclusive(
      'script-refused',
      `Trình duyệt từ chối tải tệp mã EMC (${script.failed}): mã không chạy.`,
      `The browser refused to load the EMC script (${script.failed}): the code did not run.`,
      [note(script.failed, 'request', script.url)],
    );
  }
  if (script.status !== undefined && script.status >= 400) {
    if (script.status >= 500) {
      return inconclusive(
        `Máy chủ EMC trả lỗi HTTP ${script.status}; đây là sự cố phía EMC, kết quả dựa trên HTML.`,
        `The EMC server answered HTTP ${script.status}; that is EMC's trouble, the result rests on the HTML.`,
      );
    }
    return conclusive(
      'script-http-error',
      `Tệp mã EMC (${script.url}) trả về HTTP ${script.status}: mã theo dõi không chạy.`,
      `The EMC script (${script.url}) answered HTTP ${script.status}: the tracking code did not run.`,
      [note(`HTTP ${script.status}`, 'request', script.url)],
    );
  }
  if (!expectsHit || !scriptOk) return undefined;
  const failedBeacon = obs.beacons.find((b) => b.failed !== undefined && isEmcUrl(b.url));
  if (failedBeacon?.failed !== undefined && AUDITOR_SIDE_ERROR.test(failedBeacon.failed)) {
    return inconclusive(`Tín hiệu thống kê không tới được EMC từ máy kiểm tra (${failedBeacon.failed}).`, `The hit could not reach EMC from the auditor (${failedBeacon.failed}).`);
  }
  if (obs.loaded !== true) return inconclusive('Trang chưa tải xong trong thời gian chờ, chưa thấy tín hiệu thống kê.', 'The page had not finished loading within the wait; no hit seen yet.');
  return conclusive(
    'no-hit',
    'Tệp mã EMC đã tải nhưng không có tín hiệu thống kê (idsite=…) nào được gửi tới EMC trong thời gian chờ: trang chưa kết nối.',
    'The EMC script loaded but no hit (idsite=…) reached EMC within the wait: the site is not connected.',
    [note(`${EMC_SCRIPT_FILE} HTTP ${script.status ?? '?'}, 0 hits`, 'request', script.url)],
  );
}

function inconclusive(vi: string, en: string): ConnectionFailure {
  return { conclusive: false, summary: { vi, en }, warning: { vi: `Kết quả trình duyệt không kết luận được: ${vi}`, en: `The browser result is inconclusive: ${en}` }, evidence: [] };
}

function notConnected(result: CheckResult, failure: ConnectionFailure, evidence: Evidence[], data: Record<string, unknown>): CheckResult {
  return {
    id: 'emc-tracking-code',
    verdict: 'fail',
    summary: {
      vi: `Mã EMC có trong trang nhưng không kết nối với EMC. ${failure.summary.vi}`,
      en: `The EMC code is on the page but does not connect to EMC. ${failure.summary.en}`,
    },
    hint: {
      vi: 'Mở trang bằng trình duyệt, xem bảng điều khiển (Console) và tab Mạng (Network): tệp gov-tracking.min.js phải tải được và tín hiệu idsite=… phải được gửi tới EMC.',
      en: 'Open the page in a browser and check the Console and Network tabs: gov-tracking.min.js must load and a hit with idsite=… must reach EMC.',
    },
    warnings: result.warnings,
    evidence: [...failure.evidence, ...evidence],
    data: { ...data, staticVerdict: result.verdict, notConnected: failure.reason },
  };
}

/** On a static fail the browser confirms: the CSP violations and script errors it saw. */
function confirmationEvidence(obs: RenderObservation): Evidence[] {
  const violations = (obs.cspViolations ?? []).filter((v) => v.disposition === 'enforce').slice(0, 2)
    .map((v): Evidence => ({ kind: 'csp', pageUrl: obs.finalUrl, excerpt: clip(`${v.directive} — ${v.policy ?? ''}`), href: v.blockedUrl }));
  const errors = (obs.scriptErrors ?? []).slice(0, 2)
    .map((e): Evidence => ({ kind: 'console', pageUrl: obs.finalUrl, excerpt: clip(`${e.message}${e.line !== undefined ? ` (line ${e.line})` : ''}`), href: e.url }));
  return [...violations, ...errors];
}

/**
 * Proof that EMC's code ran although the served HTML lacks it: the page's `_govaq` queue was
 * defined, a real site id is known (from the queue or a beacon), and either EMC's script came
 * back 2xx from an EMC host or a beacon with that id left for an EMC host. An empty or
 * placeholder site id never qualifies.
 */
function injectedAtRunTime(obs: RenderObservation, needsHit = false): { siteId: string; sawVi: string; sawEn: string } | undefined {
  if (!obs.runtimeTracker.govaqDefined) return undefined;
  const beacon = obs.beacons.find((b) => b.idsite !== undefined && SITE_ID.test(b.idsite) && isEmcUrl(b.url));
  const runtimeId = obs.runtimeTracker.siteId !== undefined && SITE_ID.test(obs.runtimeTracker.siteId) ? obs.runtimeTracker.siteId : undefined;
  const siteId = runtimeId ?? beacon?.idsite;
  if (siteId === undefined) return undefined;
  const scriptOk = obs.emcScript !== undefined && isSuccess(obs.emcScript) && isEmcUrl(obs.emcScript.url);
  if (!scriptOk && beacon === undefined) return undefined;
  if (needsHit && (beacon === undefined || !isSuccess(beacon))) return undefined;
  const vi: string[] = [];
  const en: string[] = [];
  if (scriptOk) {
    vi.push(`tệp ${EMC_SCRIPT_FILE} được nạp`);
    en.push(`${EMC_SCRIPT_FILE} loaded`);
  }
  if (beacon !== undefined) {
    vi.push(`tín hiệu thống kê idsite=${beacon.idsite} được gửi đi`);
    en.push(`a beacon with idsite=${beacon.idsite} leave the page`);
  }
  return { siteId, sawVi: vi.join(' và '), sawEn: en.join(' and ') };
}

/** Warnings about EMC's network traffic on a page whose code is present. */
function networkWarnings(obs: RenderObservation, siteId: string | undefined): LocalizedText[] {
  const warnings: LocalizedText[] = [];
  const script = obs.emcScript;
  if (script === undefined) {
    warnings.push({
      vi: `Khi chạy trang, trình duyệt không hề yêu cầu tệp ${EMC_SCRIPT_FILE}: mã EMC có trong HTML nhưng không chạy.`,
      en: `When the page ran, the browser never requested ${EMC_SCRIPT_FILE}: the code is in the HTML but did not run.`,
    });
  } else if (script.failed !== undefined) {
    warnings.push({
      vi: `Trình duyệt không tải được tệp mã EMC (${script.url}): ${script.failed} — có thể bị chặn.`,
      en: `The browser could not load the EMC script (${script.url}): ${script.failed} — it may be blocked.`,
    });
  } else if (script.status !== undefined && script.status >= 400) {
    warnings.push({
      vi: `Tệp mã EMC (${script.url}) trả về HTTP ${script.status}: mã theo dõi không chạy được.`,
      en: `The EMC script (${script.url}) answered HTTP ${script.status}: the tracking code cannot run.`,
    });
  }
  const failedBeacon = obs.beacons.find((b) => !isSuccess(b));
  if (failedBeacon !== undefined) {
    const what = failedBeacon.failed ?? `HTTP ${failedBeacon.status}`;
    warnings.push({
      vi: `Tín hiệu thống kê gửi tới EMC thất bại (${what}): ${failedBeacon.url}`,
      en: `The tracking beacon to EMC failed (${what}): ${failedBeacon.url}`,
    });
  } else if (obs.beacons.length === 0 && script !== undefined && isSuccess(script)) {
    warnings.push({
      vi: 'Tệp mã EMC đã tải nhưng không thấy tín hiệu thống kê (idsite=…) nào được gửi đi trong thời gian chờ.',
      en: 'The EMC script loaded but no tracking beacon (idsite=…) left the page within the wait.',
    });
  }
  const otherId = obs.beacons.find((b) => b.idsite !== undefined && siteId !== undefined && b.idsite !== siteId);
  if (otherId !== undefined) {
    warnings.push({
      vi: `Tín hiệu thống kê gửi idsite=${otherId.idsite}, khác với mã site ${siteId} của đoạn mã.`,
      en: `The beacon sent idsite=${otherId.idsite}, not the site id ${siteId} of the snippet.`,
    });
  }
  return warnings;
}

function renderedTrackingData(obs: RenderObservation): Record<string, unknown> {
  const beacon = obs.beacons.find((b) => b.idsite !== undefined) ?? obs.beacons[0];
  return {
    navigation: obs.navigation,
    scriptUrl: obs.emcScript?.url,
    scriptStatus: obs.emcScript?.status,
    scriptFailed: obs.emcScript?.failed,
    beacons: obs.beacons.length,
    beaconIdsite: beacon?.idsite,
    beaconStatus: beacon?.status,
    beaconFailed: beacon?.failed,
    govaqDefined: obs.runtimeTracker.govaqDefined,
    runtimeSiteId: obs.runtimeTracker.siteId,
    runtimeTrackerUrl: obs.runtimeTracker.trackerUrl,
    loaded: obs.loaded,
    queueReset: obs.runtimeTracker.queueReset,
    cspViolation: (obs.cspViolations ?? []).find((v) => v.disposition === 'enforce'),
    scriptError: obs.scriptErrors?.[0],
  };
}

/** The EMC script and the beacons as `request` evidence. */
function networkEvidence(obs: RenderObservation): Evidence[] {
  const requests: RequestObservation[] = [...(obs.emcScript ? [obs.emcScript] : []), ...obs.beacons.slice(0, 3)];
  return requests.map((r) => ({ kind: 'request', pageUrl: obs.finalUrl, href: r.url, text: r.failed ?? (r.status !== undefined ? `HTTP ${r.status}` : 'no response') }));
}

/* ------------------------------------------------------------------------------------------ */
/* emc-badge                                                                                  */
/* ------------------------------------------------------------------------------------------ */

function judgeBadge(result: CheckResult, tracking: CheckResult, obs: RenderObservation): CheckResult {
  if (tracking.verdict === 'unknown' || tracking.verdict === 'not-applicable') return result;
  const b = obs.badge;
  const staticReason = typeof result.data?.reason === 'string' ? result.data.reason : undefined;
  const data: Record<string, unknown> = {
    tier: 'rendered',
    staticVerdict: result.verdict,
    staticReason,
    codeRan: tracking.verdict === 'pass' || tracking.data?.notConnected !== undefined,
    found: b.found,
    selector: b.selector,
    visible: b.visible,
    hiddenBy: b.hiddenBy,
    hiddenVia: b.hiddenVia,
    hiddenOn: b.hiddenOn,
    text: b.text,
    connectedText: b.connectedText,
    box: b.box,
    fixed: b.fixed,
    navigation: obs.navigation,
  };
  const evidence = [...result.evidence, ...badgeEvidence(obs)];

  if (obs.navigation !== 'ok') {
    // What the served HTML proves (hidden by CSS, fake copy) stands; the browser adds nothing.
    if (result.verdict === 'fail') return { ...result, warnings: [...result.warnings, browserFailedWarning(obs)], evidence, data: { ...result.data, ...data } };
    const timeout = obs.navigation === 'timeout';
    return {
      id: 'emc-badge',
      verdict: 'unknown',
      summary: {
        vi: `Không kiểm tra được nhãn EMC: trình duyệt không tải được trang (${timeout ? 'quá thời gian chờ' : 'lỗi'}${detail(obs.error)}).`,
        en: `The EMC badge could not be checked: the browser could not load the page (${timeout ? 'timeout' : 'error'}${detail(obs.error)}).`,
      },
      hint: {
        vi: 'Kiểm tra lại sau: trang phải tải được trong trình duyệt để xác nhận nhãn.',
        en: 'Check again later: the page must load in a browser to confirm the badge.',
      },
      warnings: result.warnings,
      evidence,
      data: { ...data, reason: timeout ? 'browser-timeout' : 'browser-error' },
    };
  }

  // The badge is EMC's own whenever the code is in the page and EMC's script loaded, connected or
  // not (whether it connects is 2.1's question).
  const trackingReason = typeof tracking.data?.reason === 'string' ? tracking.data.reason : '';
  const codeRan = tracking.verdict === 'pass' || tracking.data?.notConnected !== undefined
    || (CODE_IN_HTML_REASONS.has(trackingReason) && obs.emcScript !== undefined && isSuccess(obs.emcScript) && isEmcUrl(obs.emcScript.url));
  if (b.found && b.visible) {
    if (!codeRan) {
      if (staticReason === 'fake-static-badge') return { ...result, evidence, data: { ...result.data, ...data } };
      return failed('fake-badge', obs, evidence, data);
    }
    return passed(result, obs, evidence, data);
  }
  if (b.found) return failed(hiddenReason(b, staticReason), obs, evidence, data);
  if (b.hiddenBy === 'removed') return failed('script-removed', obs, evidence, data);
  if (!codeRan) return failed('no-code', obs, evidence, data);
  if (obs.emcScript?.failed !== undefined && AUDITOR_SIDE_ERROR.test(obs.emcScript.failed)) {
    // The auditor could not reach EMC (its DNS, network or firewall): nothing is known about
    // what a visitor sees, and a site is never failed for the auditor's own connectivity.
    return {
      id: 'emc-badge',
      verdict: 'unknown',
      summary: {
        vi: `Không kiểm tra được nhãn EMC: máy kiểm tra không kết nối được tới máy chủ EMC (${obs.emcScript.failed}).`,
        en: `The EMC badge could not be checked: the auditor could not reach the EMC server (${obs.emcScript.failed}).`,
      },
      hint: {
        vi: 'Chạy lại từ máy có kết nối tới f-emc.ngsp.gov.vn, hoặc kiểm tra thủ công.',
        en: 'Run again from a machine that can reach f-emc.ngsp.gov.vn, or review manually.',
      },
      warnings: result.warnings,
      evidence,
      data: { ...data, reason: 'emc-unreachable' },
    };
  }
  return failed(absentReason(obs.emcScript), obs, evidence, data);
}

/**
 * Network errors on the auditor's side of the EMC script request (its proxy could not connect,
 * name not resolved, refused, timed out, EMC's certificate rejected). A page that blocks the
 * script itself (CSP, a response that is not the script, 4xx/5xx) is the site's doing and fails.
 */
const AUDITOR_SIDE_ERROR = /ERR_(TUNNEL_CONNECTION_FAILED|PROXY_CONNECTION_FAILED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|CONNECTION_(REFUSED|TIMED_OUT|RESET|CLOSED|FAILED)|TIMED_OUT|INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|NETWORK_CHANGED|CERT_[A-Z_]+|SSL_[A-Z_]+)/;

function passed(result: CheckResult, obs: RenderObservation, evidence: Evidence[], data: Record<string, unknown>): CheckResult {
  const b = obs.badge;
  const warnings: LocalizedText[] = [];
  if (b.selector === 'text') {
    warnings.push({
      vi: 'Nhãn được nhận ra qua dòng chữ "Đã kết nối EMC", không qua mã nhận diện #btnEMC / .yhy-btn-emc.',
      en: 'The badge was recognised by its text "Đã kết nối EMC", not by the #btnEMC / .yhy-btn-emc ids.',
    });
  } else if (!b.connectedText) {
    const text = b.text === undefined || b.text === '' ? '(trống)' : clip(b.text);
    warnings.push({
      vi: `Nhãn EMC (${b.selector ?? '#btnEMC'}) hiển thị nhưng nội dung là "${text}", không phải "Đã kết nối EMC".`,
      en: `The EMC badge (${b.selector ?? '#btnEMC'}) is visible but its text is "${text === '(trống)' ? '(empty)' : text}", not "Đã kết nối EMC".`,
    });
  }
  const script = obs.emcScript;
  if (script === undefined || !isSuccess(script)) {
    warnings.push({
      vi: 'Nhãn hiển thị nhưng tệp mã EMC không tải được: đây là bản sao tĩnh, không do EMC chèn vào.',
      en: 'The badge is visible but the EMC script did not load: it is a static copy, not injected by EMC.',
    });
  }
  if (result.verdict === 'fail') {
    warnings.push({
      vi: 'HTML của trang có quy tắc ẩn nhãn EMC nhưng trình duyệt vẫn thấy nhãn; quy tắc có thể áp dụng ở kích thước màn hình khác.',
      en: 'The HTML has a rule hiding the EMC badge, yet the browser sees it; the rule may apply at other screen sizes.',
    });
  }
  const where: LocalizedText = b.fixed === true
    ? { vi: 'cố định trên màn hình', en: 'fixed to the viewport' }
    : { vi: 'trong khung nhìn', en: 'inside the viewport' };
  return {
    id: 'emc-badge',
    verdict: 'pass',
    summary: {
      vi: `Nhãn "Đã kết nối EMC" hiển thị trên trang chủ (${where.vi}).`,
      en: `The "Đã kết nối EMC" badge is visible on the homepage (${where.en}).`,
    },
    warnings: [...result.warnings, ...warnings],
    evidence,
    data,
  };
}

function hiddenReason(b: BadgeObservation, staticReason: string | undefined): RenderedBadgeFailure {
  if (b.hiddenBy === 'size') return 'zero-size';
  if (b.hiddenBy === 'offscreen') return 'offscreen';
  if (b.hiddenVia === 'inline-style') return 'script-hidden';
  if (b.hiddenVia === 'stylesheet') return 'css-hidden';
  return staticReason === 'script-hidden' ? 'script-hidden' : 'css-hidden';
}

function absentReason(script: RequestObservation | undefined): RenderedBadgeFailure {
  if (script === undefined) return 'script-not-requested';
  if (script.failed !== undefined) return 'script-blocked';
  if (script.status !== undefined && script.status >= 400) return 'script-http-error';
  return 'not-injected';
}

const HIDING: Record<string, string> = { display: 'display:none', visibility: 'visibility:hidden', opacity: 'opacity:0' };

function failureMessage(reason: RenderedBadgeFailure, obs: RenderObservation): { summary: LocalizedText; hint: LocalizedText } {
  const b = obs.badge;
  const how = HIDING[b.hiddenBy ?? 'display'] ?? 'display:none';
  const on = b.hiddenOn ?? b.selector ?? '#btnEMC';
  const script = obs.emcScript;
  const removeHiding: LocalizedText = {
    vi: 'Xoá quy tắc CSS hoặc đoạn script ẩn .yhy-append-wrap / #yhy-append / #btnEMC để nhãn hiển thị.',
    en: 'Remove the CSS rule or script that hides .yhy-append-wrap / #yhy-append / #btnEMC so the badge shows.',
  };
  const embedCode: LocalizedText = {
    vi: 'Nhúng đúng mã theo dõi do EMC cấp; mã sẽ tự chèn nhãn "Đã kết nối EMC".',
    en: 'Embed the tracking code issued by EMC; it injects the "Đã kết nối EMC" badge itself.',
  };
  const unblockScript: LocalizedText = {
    vi: `Bảo đảm trang nạp được https://f-emc.ngsp.gov.vn/embed/${EMC_SCRIPT_FILE} (đường dẫn đúng, không bị tường lửa, CSP hay trình chặn nội dung chặn).`,
    en: `Make sure the page can load https://f-emc.ngsp.gov.vn/embed/${EMC_SCRIPT_FILE} (right path, not blocked by a firewall, CSP or content blocker).`,
  };
  switch (reason) {
    case 'fake-badge':
      return {
        summary: {
          vi: 'Trang hiển thị nhãn "Đã kết nối EMC" nhưng không có mã theo dõi EMC nào chạy: nhãn giả.',
          en: 'The page shows an "Đã kết nối EMC" badge but no EMC tracking code runs: a fake badge.',
        },
        hint: {
          vi: 'Xoá nhãn chép tay và nhúng mã theo dõi do EMC cấp; mã sẽ tự chèn nhãn.',
          en: 'Remove the copied badge and embed the tracking code issued by EMC; it injects the badge itself.',
        },
      };
    case 'css-hidden':
      return {
        summary: { vi: `CSS của trang ẩn nhãn EMC (${how} trên ${on}).`, en: `The page CSS hides the EMC badge (${how} on ${on}).` },
        hint: removeHiding,
      };
    case 'script-hidden':
      return {
        summary: {
          vi: `Một script của trang ẩn nhãn EMC (gán ${how} trực tiếp trên ${on}).`,
          en: `A script on the page hides the EMC badge (${how} set inline on ${on}).`,
        },
        hint: removeHiding,
      };
    case 'zero-size':
      return {
        summary: { vi: 'Nhãn EMC có kích thước bằng 0 nên không nhìn thấy được.', en: 'The EMC badge has zero size, so it cannot be seen.' },
        hint: removeHiding,
      };
    case 'offscreen':
      return {
        summary: {
          vi: 'Nhãn EMC nằm ngoài khung nhìn và không cố định trên màn hình.',
          en: 'The EMC badge sits outside the viewport and is not fixed to it.',
        },
        hint: {
          vi: 'Giữ vị trí mặc định của nhãn EMC (cố định ở góc dưới bên phải màn hình).',
          en: 'Keep the EMC badge where EMC puts it (fixed to the bottom-right corner of the screen).',
        },
      };
    case 'script-removed':
      return {
        summary: {
          vi: 'Nhãn EMC đã được chèn rồi bị script của trang xoá đi.',
          en: 'The EMC badge was injected, then removed by a script on the page.',
        },
        hint: removeHiding,
      };
    case 'no-code':
      return {
        summary: {
          vi: 'Không có mã theo dõi EMC (kể cả khi chạy trang) nên nhãn "Đã kết nối EMC" không xuất hiện.',
          en: 'There is no EMC tracking code (not even at run time), so the "Đã kết nối EMC" badge does not appear.',
        },
        hint: embedCode,
      };
    case 'script-not-requested':
      return {
        summary: {
          vi: `Nhãn EMC không xuất hiện: trình duyệt không hề yêu cầu tệp ${EMC_SCRIPT_FILE}.`,
          en: `The EMC badge does not appear: the browser never requested ${EMC_SCRIPT_FILE}.`,
        },
        hint: embedCode,
      };
    case 'script-blocked':
      return {
        summary: {
          vi: `Nhãn EMC không xuất hiện: tệp mã EMC không tải được (${script?.failed ?? 'lỗi mạng'}), có thể bị chặn.`,
          en: `The EMC badge does not appear: the EMC script could not be loaded (${script?.failed ?? 'network error'}); it may be blocked.`,
        },
        hint: unblockScript,
      };
    case 'script-http-error':
      return {
        summary: {
          vi: `Nhãn EMC không xuất hiện: tệp mã EMC trả về HTTP ${script?.status ?? '?'} (${script?.url ?? EMC_SCRIPT_FILE}).`,
          en: `The EMC badge does not appear: the EMC script answered HTTP ${script?.status ?? '?'} (${script?.url ?? EMC_SCRIPT_FILE}).`,
        },
        hint: unblockScript,
      };
    case 'not-injected':
      return {
        summary: {
          vi: 'Tệp mã EMC đã tải nhưng nhãn "Đã kết nối EMC" không xuất hiện (mã site có thể chưa được EMC kích hoạt).',
          en: 'The EMC script loaded but no "Đã kết nối EMC" badge appeared (the site id may not be activated by EMC).',
        },
        hint: {
          vi: 'Kiểm tra với EMC rằng mã site đã được kích hoạt, và không có script nào của trang can thiệp vào nhãn.',
          en: 'Check with EMC that the site id is activated, and that no script on the page interferes with the badge.',
        },
      };
  }
}

function failed(reason: RenderedBadgeFailure, obs: RenderObservation, evidence: Evidence[], data: Record<string, unknown>): CheckResult {
  const message = failureMessage(reason, obs);
  return { id: 'emc-badge', verdict: 'fail', summary: message.summary, hint: message.hint, warnings: [], evidence, data: { ...data, reason } };
}

/** The badge as seen (a note), the EMC script request, and the screenshot key when stored. */
function badgeEvidence(obs: RenderObservation): Evidence[] {
  const b = obs.badge;
  const evidence: Evidence[] = [];
  if (b.found || b.hiddenBy === 'removed') {
    const parts = [
      b.selector ?? '#btnEMC',
      b.found ? (b.visible ? 'visible' : `hidden (${b.hiddenBy ?? 'unknown'}${b.hiddenVia ? `, ${b.hiddenVia}` : ''}${b.hiddenOn ? ` on ${b.hiddenOn}` : ''})`) : 'removed',
      b.fixed === true ? 'fixed' : undefined,
      b.box ? `${Math.round(b.box.width)}×${Math.round(b.box.height)} at (${Math.round(b.box.x)}, ${Math.round(b.box.y)})` : undefined,
    ].filter((p): p is string => p !== undefined);
    evidence.push({ kind: 'note', pageUrl: obs.finalUrl, excerpt: parts.join(', '), text: b.text === undefined ? undefined : clip(b.text) });
  }
  if (obs.emcScript) {
    const s = obs.emcScript;
    evidence.push({ kind: 'request', pageUrl: obs.finalUrl, href: s.url, text: s.failed ?? (s.status !== undefined ? `HTTP ${s.status}` : 'no response') });
  }
  const key = obs.screenshots?.badgeKey ?? obs.screenshots?.viewportKey;
  if (key !== undefined) evidence.push({ kind: 'screenshot', pageUrl: obs.finalUrl, key });
  return evidence;
}

/* ------------------------------------------------------------------------------------------ */
/* helpers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

function browserFailedWarning(obs: RenderObservation): LocalizedText {
  const timeout = obs.navigation === 'timeout';
  return {
    vi: `Trình duyệt không tải được trang (${timeout ? 'quá thời gian chờ' : 'lỗi'}${detail(obs.error)}); kết quả chỉ dựa trên HTML máy chủ trả về.`,
    en: `The browser could not load the page (${timeout ? 'timeout' : 'error'}${detail(obs.error)}); the result rests on the served HTML alone.`,
  };
}

function detail(error: string | undefined): string {
  return error === undefined || error === '' ? '' : `: ${clip(error.split('\n')[0])}`;
}

function isSuccess(request: RequestObservation): boolean {
  return request.failed === undefined && request.status !== undefined && request.status >= 200 && request.status < 400;
}

function isEmcUrl(url: string): boolean {
  try {
    return emcHost(new URL(url).hostname.toLowerCase().replace(/\.$/, '')) !== undefined;
  } catch {
    return false;
  }
}

function clip(text: string): string {
  return text.length > TEXT_LENGTH ? `${text.slice(0, TEXT_LENGTH - 1)}…` : text;
}

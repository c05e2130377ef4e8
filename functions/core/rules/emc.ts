/**
 * EMC tracking code and badge: detection rules as data (docs/detection.md §1–2, docs/checks.md).
 * When a new real-world shape is found, add it here, to the fixtures and to the simulated web.
 */

/** A host that serves EMC's tracker. A legacy host still works but earns a warning. */
export interface EmcHost {
  host: string;
  legacy: boolean;
}

export const EMC_HOSTS: readonly EmcHost[] = [
  { host: 'f-emc.ngsp.gov.vn', legacy: false },
  { host: 'tracking.aita.gov.vn', legacy: true },
];

/** The file name of EMC's tracker script (re-branded Matomo `matomo.js`). */
export const EMC_SCRIPT_FILE = 'gov-tracking.min.js';

/** The comments that sites paste around the snippet. */
export const MARKER_COMMENTS: readonly string[] = ['Begin EMC Tracking Code', 'Begin Gov Tracking Code'];

/**
 * Comments kept by the page parser (all others are dropped to keep memory flat): those that may
 * hold a commented-out snippet, a marker, or a commented-out badge.
 */
export const COMMENT_KEEP_PATTERN = /_govaq|gov-tracking|EMC Tracking|Gov Tracking|f-emc|tracking\.aita|btnEMC|yhy-/i;

/** `style` attributes kept by the page parser: only those that can matter to the badge rules. */
export const STYLE_ATTRIBUTE_KEEP_PATTERN = /yhy|btnemc|emc/i;

/**
 * `<img>` kept by the page parser: EMC badge images and the Tín Nhiệm Mạng trust badge
 * (`tinnhiemmang.vn/handle_cert?id=…`, or a local copy titled "Chung nhan Tin Nhiem Mang").
 */
export const RELEVANT_IMAGE_PATTERN = /tinnhiemmang|tin[\s_-]*nhiem[\s_-]*mang|tín[\s_-]*nhiệm[\s_-]*mạng|(?:^|[^a-z])emc(?:[^a-z]|$)/i;

/** The `_govaq` queue (EMC). Matomo's own queue is `_paq`: a look-alike, not EMC. */
export const GOVAQ_PATTERN = /\b_govaq\b/;
export const MATOMO_PATTERN = /\b_paq\s*\.\s*push\s*\(/;

/** `_govaq.push(['trackPageView'])`: any quotes, any spacing, minified or not. */
export const PAGE_VIEW_PATTERN = /_govaq\s*\.\s*push\s*\(\s*\[\s*(['"`])trackPageView\1/;

/** `_govaq.push(['trackDVC', …])` and other event calls: they count nothing without a page view. */
export const EVENT_CALL_PATTERN = /_govaq\s*\.\s*push\s*\(\s*\[\s*(['"`])(track(?!PageView\b)\w*)\1/;

/**
 * `['setSiteId', <value>` and `['setTrackerUrl', <value>`: the value is read up to the closing
 * bracket and evaluated as a string expression (see evaluateStringExpression in the check).
 */
export const SET_SITE_ID_PATTERN = /(['"`])setSiteId\1\s*,\s*([^\]]*)/;
export const SET_TRACKER_URL_PATTERN = /(['"`])setTrackerUrl\1\s*,\s*([^\]]*)/;

/** `g.src = <expression>;` in the loader IIFE (`g.src=u+"gov-tracking.min.js"` when minified). */
export const SCRIPT_SRC_ASSIGNMENT_PATTERN = /\.src\s*=\s*([^;\n]+)/g;

/**
 * A write to the global queue (`window._govaq = …`, `self._govaq ||= …`, `globalThis['_govaq'] = …`):
 * what makes a module script's queue the one EMC's script reads.
 */
export const WINDOW_GOVAQ_ASSIGNMENT_PATTERN = /\b(?:window|self|globalThis|top)\s*(?:\.\s*_govaq\b|\[\s*(['"`])_govaq\1\s*\])\s*(?:\|\||&&|\?\?)?=(?!=)/;

/** A real site id: digits only (publicly seen 2 to 4 digits, 30 … 8981). */
export const SITE_ID_PATTERN = /^\d{1,7}$/;

/** Server-side template placeholders left unrendered in the site id. */
export const PLACEHOLDER_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: '${…}', pattern: /\$\{[^}]*\}/ },
  { name: '<?= … ?>', pattern: /<\?=[\s\S]*?\?>/ },
  { name: '<?php … ?>', pattern: /<\?php[\s\S]*?\?>/i },
  { name: '{{ … }}', pattern: /\{\{[\s\S]*?\}\}/ },
  { name: '<%= … %>', pattern: /<%=?[\s\S]*?%>/ },
  { name: '#{…}', pattern: /#\{[^}]*\}/ },
];

/** Selectors of the widget EMC's script injects (docs/detection.md §2). */
export const BADGE_SELECTORS: readonly string[] = ['#btnEMC', '.yhy-btn-emc', '.yhy-append-wrap', '#yhy-append', '.yhy-append'];
export const BADGE_IDS: readonly string[] = BADGE_SELECTORS.filter((s) => s.startsWith('#')).map((s) => s.slice(1));
export const BADGE_CLASSES: readonly string[] = BADGE_SELECTORS.filter((s) => s.startsWith('.')).map((s) => s.slice(1));

/** CSS declarations that hide an element (the contract counts only these two). */
export const HIDING_DECLARATION_PATTERN = /(?:^|[;{\s])(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

/**
 * Script statements that hide or remove an element. A script hides the badge when one of these
 * follows a badge selector within {@link SCRIPT_HIDING_WINDOW} characters
 * (`document.querySelector('#yhy-append').style.display='none'`, `$('.yhy-append-wrap').hide()`).
 */
export const SCRIPT_HIDING_PATTERN =
  /\.style\.display\s*=\s*(['"`])none\1|\.style\.visibility\s*=\s*(['"`])hidden\2|\.style\.cssText\s*[+]?=\s*(['"`])[^'"`]*(?:display\s*:\s*none|visibility\s*:\s*hidden)|setProperty\s*\(\s*(['"])(?:display|visibility)\4\s*,\s*(['"])(?:none|hidden)\5|\.css\s*\(\s*(['"])(?:display|visibility)\6\s*,\s*(['"])(?:none|hidden)\7|\.css\s*\(\s*\{[^}]*(?:display|visibility)['"]?\s*:\s*(['"])(?:none|hidden)\8|\.(?:hide|remove|fadeOut)\s*\(|removeChild\s*\(/;
export const SCRIPT_HIDING_WINDOW = 300;

/** Script `type` values a browser runs (HTML spec "JavaScript MIME type essence match", plus `module`). */
export const EXECUTABLE_SCRIPT_TYPES: ReadonlySet<string> = new Set([
  'module',
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

/** Finds the known EMC host entry of a (lower-case) host name. */
export function emcHost(host: string | undefined): EmcHost | undefined {
  return host === undefined ? undefined : EMC_HOSTS.find((entry) => entry.host === host);
}

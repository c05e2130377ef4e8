/**
 * Making untrusted text safe for the report formats. Page titles, anchor texts, evidence
 * excerpts and imported unit names come from sites and files we do not control.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and (double- or single-quoted) attribute values. The
 * HTML writer passes every dynamic string through this one function.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * A small self-contained HTML page (no script, no external asset): `title` is escaped here,
 * `body` must already be safe HTML, `style` is the page's own CSS.
 */
export function htmlPage(page: { lang: string; title: string; style: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(page.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${page.body}
</body>
</html>
`;
}

/** A negative number as a spreadsheet reads it (`-12`, `-1.5`, `-1,234`): data, not a formula. */
const NEGATIVE_NUMBER = /^-\d+(?:[.,]\d+)*$/;

/**
 * Neutralises spreadsheet formula injection (OWASP "CSV injection"): a cell starting with
 * `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so Excel and LibreOffice show
 * it as text instead of evaluating it. Negative numbers stay as they are. Control characters
 * that XML 1.0 forbids (they would corrupt an XLSX file) are removed, and the text is cut to
 * Excel's 32,767-character cell limit.
 */
export function neutraliseFormula(text: string): string {
  const clean = stripXmlIllegal(text);
  const safe = /^[=+\-@\t\r]/.test(clean) && !NEGATIVE_NUMBER.test(clean) ? `'${clean}` : clean;
  return safe.length > 32767 ? safe.slice(0, 32767) : safe;
}

/** Removes the control characters XML 1.0 forbids (they would corrupt an XLSX or DOCX file). */
export function stripXmlIllegal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/**
 * Whether a URL may become a link in a report: only `http(s)` (an evidence link from the S3
 * presigner or a site's own address). `javascript:` and `data:` never become links.
 */
export function isSafeLinkUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

/**
 * Whether an evidence link may become a link: a safe URL, or a path inside the report set's
 * folder (`bang-chung/<host>/homepage.html`: letters, digits, `._-~%/`, no `..`, no scheme, not
 * absolute), so a zipped local set keeps working offline.
 */
export function isSafeEvidenceLink(link: string): boolean {
  return isSafeLinkUrl(link) || (/^[A-Za-z0-9._~%-]+(?:\/[A-Za-z0-9._~%-]+)*$/.test(link) && !link.split('/').includes('..'));
}

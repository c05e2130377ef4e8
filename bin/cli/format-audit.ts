/**
 * Human-readable output of one site's audit: a table with one row per criterion, then the
 * evidence and what to fix. Vietnamese by default, with diacritics.
 */
import { CRITERIA, ROLE_LABELS, VERDICT_LABELS } from '../../functions/core/criteria.ts';
import { criterionHeader } from '../../functions/core/report/labels.ts';
import { CHECK_IDS, type CheckResult, type Lang, type SiteAudit, type Verdict } from '../../functions/core/types.ts';
import { terminalSafe } from './terminal.ts';

const COLORS: Record<Verdict, string> = { pass: '\x1b[32m', fail: '\x1b[31m', unknown: '\x1b[33m', 'not-applicable': '\x1b[90m' };
const RESET = '\x1b[0m';

const T = {
  site: { vi: 'Trang', en: 'Site' },
  criterion: { vi: 'Tiêu chí', en: 'Criterion' },
  verdict: { vi: 'Kết quả', en: 'Verdict' },
  detail: { vi: 'Chi tiết', en: 'Details' },
  evidence: { vi: 'Bằng chứng', en: 'Evidence' },
  fix: { vi: 'Cần khắc phục', en: 'What to fix' },
  warnings: { vi: 'Lưu ý', en: 'Warnings' },
  transport: { vi: 'Không tải được trang chủ', en: 'Homepage could not be loaded' },
  pages: { vi: 'Trang đã xét', en: 'Pages judged' },
  discovered: { vi: 'Trang thành phần phát hiện', en: 'Component sites discovered' },
  tnm: { vi: 'Nhãn Tín Nhiệm Mạng (thông tin)', en: 'Tín Nhiệm Mạng badge (information)' },
  present: { vi: 'có', en: 'present' },
  absent: { vi: 'không có', en: 'absent' },
  elapsed: { vi: 'Thời gian', en: 'Time' },
  renderMode: { vi: 'Kiểm tra bằng trình duyệt (--render)', en: 'Browser tier (--render)' },
  screenshot: { vi: 'Ảnh chụp màn hình', en: 'Screenshot' },
  badgeCrop: { vi: 'ảnh nhãn', en: 'badge crop' },
} as const;

/** What each render mode did, as said next to the site. */
const RENDER_MODES: Record<NonNullable<SiteAudit['renderMode']>, { vi: string; en: string }> = {
  never: { vi: 'never — chỉ kiểm tra HTML, không chạy trình duyệt', en: 'never — HTML only, no browser' },
  auto: { vi: 'auto — trang chủ được hiển thị trong trình duyệt Chromium', en: 'auto — homepage rendered in Chromium' },
  always: { vi: 'always — mọi trang đã xét được hiển thị trong trình duyệt Chromium', en: 'always — every judged page rendered in Chromium' },
  pending: { vi: 'pending — đang chờ kiểm tra bằng trình duyệt', en: 'pending — waiting for the browser tier' },
};
const NOT_RENDERED = { vi: 'trang chủ không tải được nên không hiển thị', en: 'the homepage did not load, so nothing was rendered' };

/**
 * Formats one audit as text; `color` adds ANSI colours to verdicts (only on a terminal). Every
 * untrusted field passes terminalSafe here, so the coloured text may go around the output filter.
 */
export function formatAudit(audit: SiteAudit, options: { lang: Lang; color: boolean }): string {
  const { lang, color } = options;
  const out: string[] = [];
  out.push(`${T.site[lang]}: ${audit.url}  (${ROLE_LABELS[audit.role][lang]})`);
  if (audit.finalUrl && audit.finalUrl !== audit.url) out.push(`  → ${audit.finalUrl}`);
  const mode = audit.renderMode ?? 'never';
  const skipped = mode !== 'never' && mode !== 'pending' && audit.transport.status === 'failed';
  out.push(`${T.renderMode[lang]}: ${RENDER_MODES[mode][lang]}${skipped ? ` (${NOT_RENDERED[lang]})` : ''}`);
  if (audit.transport.status === 'failed') {
    out.push(`${T.transport[lang]}: ${audit.checks['emc-tracking-code'].summary[lang]} — ${terminalSafe(audit.transport.failure.message)}`);
  }
  const rows = CHECK_IDS.map((id) => {
    const result = audit.checks[id];
    const label = criterionHeader(CRITERIA[id], lang);
    return [label, VERDICT_LABELS[result.verdict][lang], terminalSafe(result.summary[lang]), result.verdict, id] as const;
  });
  const w0 = Math.max(T.criterion[lang].length, ...rows.map((r) => r[0].length));
  const w1 = Math.max(T.verdict[lang].length, ...rows.map((r) => r[1].length));
  out.push('');
  out.push(`${T.criterion[lang].padEnd(w0)}  ${T.verdict[lang].padEnd(w1)}  ${T.detail[lang]}`);
  out.push(`${'─'.repeat(w0)}  ${'─'.repeat(w1)}  ${'─'.repeat(40)}`);
  const shots = audit.checks['emc-badge'].evidence.filter((e) => e.kind === 'screenshot' && e.key !== undefined);
  for (const [label, verdictText, summary, verdict, id] of rows) {
    const padded = verdictText.padEnd(w1);
    out.push(`${label.padEnd(w0)}  ${color ? `${COLORS[verdict]}${padded}${RESET}` : padded}  ${summary}`);
    // The screenshot path sits right under the badge verdict it supports.
    if (id === 'emc-badge' && shots.length > 0) {
      const crop = (e: (typeof shots)[number]) => (e.text === 'badge' ? ` (${T.badgeCrop[lang]})` : '');
      out.push(`${' '.repeat(w0 + w1 + 4)}↳ ${T.screenshot[lang]}: ${shots.map((e) => `${terminalSafe(e.key ?? '')}${crop(e)}`).join(', ')}`);
    }
  }
  const details = CHECK_IDS.map((id) => detailBlock(audit.checks[id], lang)).filter(Boolean);
  if (details.length > 0) out.push('', ...details);
  out.push('', ...footer(audit, lang), '');
  return `${out.join('\n')}\n`;
}

function detailBlock(result: CheckResult, lang: Lang): string {
  if (result.verdict === 'not-applicable') return '';
  const lines: string[] = [];
  const title = criterionHeader(CRITERIA[result.id], lang);
  for (const e of result.evidence.slice(0, 8)) {
    const where = [e.region, e.pageUrl].filter(Boolean).join(' · ');
    const what = terminalSafe(e.href ?? e.key ?? '');
    const text = e.text ? ` “${terminalSafe(e.text)}”` : '';
    const excerpt = e.excerpt ? `\n      ${oneLine(e.excerpt, 160)}` : '';
    lines.push(`    - ${T.evidence[lang]} [${e.kind}]${where ? ` (${where})` : ''}: ${what}${text}${excerpt}`);
  }
  if (result.evidence.length > 8) lines.push(`    - … (+${result.evidence.length - 8})`);
  // Warnings and hints quote registry entries and page text: untrusted like the evidence.
  for (const w of result.warnings) lines.push(`    ! ${T.warnings[lang]}: ${terminalSafe(w[lang])}`);
  if (result.hint && result.verdict !== 'pass') lines.push(`    → ${T.fix[lang]}: ${terminalSafe(result.hint[lang])}`);
  return lines.length > 0 ? `  ${title}\n${lines.join('\n')}` : '';
}

function footer(audit: SiteAudit, lang: Lang): string[] {
  const lines: string[] = [];
  const judged = audit.pages.filter((p) => p.ok).length;
  lines.push(`${T.pages[lang]}: ${judged}/${audit.pages.length}` + audit.pages.filter((p) => !p.ok).map((p) => `  ✗ ${p.url} (${p.failure})`).join(''));
  if (audit.discovered.length > 0) {
    lines.push(`${T.discovered[lang]}: ${audit.discovered.map((c) => c.host).join(', ')}`);
  }
  if (audit.info.tinNhiemMang) {
    lines.push(`${T.tnm[lang]}: ${audit.info.tinNhiemMang.present ? T.present[lang] : T.absent[lang]}`);
  }
  lines.push(`${T.elapsed[lang]}: ${(audit.elapsedMs / 1000).toFixed(1)} s`);
  return lines;
}

function oneLine(text: string, max: number): string {
  const flat = terminalSafe(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

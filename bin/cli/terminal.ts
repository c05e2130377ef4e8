/**
 * Terminal helpers shared by the long-running commands: a progress bar on stderr (only on a
 * terminal, so logs and pipes stay clean) and the run summary table.
 */
import { CRITERIA, VERDICT_LABELS } from '../../functions/core/criteria.ts';
import { criterionHeader } from '../../functions/core/report/labels.ts';
import type { DuplicateSiteIdGroup } from '../../functions/core/pipeline/duplicate-site-ids.ts';
import type { RunSummary } from '../../functions/core/pipeline/run-summary.ts';
import { CHECK_IDS, type Lang } from '../../functions/core/types.ts';

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let last = '';
  return {
    update(done: number, total: number) {
      if (!stream.isTTY) return;
      const width = 30;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      const line = `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} · ${seconds} s`;
      if (line !== last) stream.write(line);
      last = line;
    },
    finish() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}

const WORDS = {
  sites: { vi: 'Số trang đã quét', en: 'Sites scanned' },
  unreachable: { vi: 'Không truy cập được', en: 'Unreachable' },
  time: { vi: 'Thời gian', en: 'Time' },
  criterion: { vi: 'Tiêu chí', en: 'Criterion' },
  duplicateSiteIds: { vi: 'Mã site EMC trùng nhau trên nhiều trang', en: 'EMC site id shared by several sites' },
  more: { vi: 'mã khác', en: 'more' },
} as const;

/** Groups named in full on the run summary's line; the report lists every one. */
const DUPLICATE_GROUPS_SHOWN = 5;

/**
 * One line naming the EMC site ids shared by several sites (`90 (a.gov.vn, b.gov.vn); …`), or
 * nothing when there is none.
 */
export function formatDuplicateSiteIds(groups: readonly DuplicateSiteIdGroup[], lang: Lang): string {
  if (groups.length === 0) return '';
  const shown = groups.slice(0, DUPLICATE_GROUPS_SHOWN).map((g) => `${g.siteId} (${g.hosts.map((h) => h.host).join(', ')})`);
  const rest = groups.length - shown.length;
  return `${WORDS.duplicateSiteIds[lang]}: ${shown.join('; ')}${rest > 0 ? `; … +${rest} ${WORDS.more[lang]}` : ''}\n`;
}

export function formatRunSummary(summary: RunSummary, elapsedMs: number, lang: Lang): string {
  const columns = (['pass', 'fail', 'unknown', 'not-applicable'] as const).map((v) => VERDICT_LABELS[v][lang]);
  const labels = CHECK_IDS.map((id) => criterionHeader(CRITERIA[id], lang));
  const w = Math.max(WORDS.criterion[lang].length, ...labels.map((l) => l.length));
  const cw = columns.map((c) => Math.max(c.length, 5));
  const lines = [
    `${WORDS.sites[lang]}: ${summary.sites}`,
    `${WORDS.unreachable[lang]}: ${Object.values(summary.unreachable).reduce((a, b) => a + b, 0)}` +
      (Object.keys(summary.unreachable).length ? ` (${Object.entries(summary.unreachable).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''),
    '',
    `${WORDS.criterion[lang].padEnd(w)}  ${columns.map((c, i) => c.padStart(cw[i])).join('  ')}`,
    ...CHECK_IDS.map((id, row) => {
      const counts = summary.byCheck[id];
      const cells = [counts.pass, counts.fail, counts.unknown, counts['not-applicable']].map((n, i) => String(n).padStart(cw[i]));
      return `${labels[row].padEnd(w)}  ${cells.join('  ')}`;
    }),
    '',
    `${WORDS.time[lang]}: ${(elapsedMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Terminal helpers: the output filter every command's text goes through, a progress bar on
 * stderr (only on a terminal, so logs and pipes stay clean) and the run summary table.
 */
import { CRITERIA, VERDICT_LABELS } from '../../functions/core/criteria.ts';
import { criterionHeader } from '../../functions/core/report/labels.ts';
import type { DuplicateSiteIdGroup } from '../../functions/core/pipeline/duplicate-site-ids.ts';
import type { RunSummary } from '../../functions/core/pipeline/run-summary.ts';
import { describeTransportFailure } from '../../functions/core/transport-messages.ts';
import { CHECK_IDS, type Lang, type TransportFailureKind } from '../../functions/core/types.ts';

/**
 * Characters a terminal acts on instead of showing — C0 and C1 controls (ESC starts the
 * sequences that retitle the window, recolour or move the cursor, rewrite the clipboard), DEL,
 * and the bidirectional overrides that reorder what is shown — except tab and line feed.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same, tab and line feed included: for one field of a line. */
const FIELD_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Untrusted text (page content, imported cells, stored names) made inert for a terminal: every
 * control character becomes U+FFFD, so `\x1b]0;PWNED\x07` shows as text and does nothing.
 * `lines` keeps tabs and line feeds (whole outputs); without it, a field stays on its line:
 * its tabs and line feeds (an excerpt of a page's source) read as spaces.
 */
export function terminalSafe(text: string, options: { lines?: boolean } = {}): string {
  if (options.lines) return text.replace(TERMINAL_CONTROLS, '\ufffd');
  return text.replace(/[\t\n]/g, ' ').replace(FIELD_CONTROLS, '\ufffd');
}

const rawWrites = new Map<NodeJS.WriteStream, NodeJS.WriteStream['write']>();

/**
 * The one output filter of the CLI: from here on, every string written to stdout and stderr
 * passes {@link terminalSafe}, whichever command wrote it (registry and override lists, import
 * messages, findings, errors quoting a cell). Only the CLI's own colours and progress bar go
 * around it, through {@link writeTrusted}. Installing twice changes nothing.
 */
export function installOutputFilter(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    if (rawWrites.has(stream)) continue;
    const write = stream.write.bind(stream) as NodeJS.WriteStream['write'];
    rawWrites.set(stream, write);
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      (write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? terminalSafe(chunk, { lines: true }) : chunk, ...rest)) as NodeJS.WriteStream['write'];
  }
}

/** Writes text the CLI itself made terminal-safe (its colours, its progress bar's `\r`), around the filter. */
export function writeTrusted(stream: NodeJS.WriteStream, text: string): void {
  (rawWrites.get(stream) ?? stream.write.bind(stream))(text);
}

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
      if (line !== last) writeTrusted(stream, line);
      last = line;
    },
    finish() {
      if (stream.isTTY && last) writeTrusted(stream, '\n');
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
      (Object.keys(summary.unreachable).length
        ? ` (${(Object.entries(summary.unreachable) as [TransportFailureKind, number][]).map(([kind, n]) => `${describeTransportFailure({ kind })[lang]}: ${n}`).join('; ')})`
        : ''),
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

/**
 * A headed text table: a header row, a rule, then the rows, each column as wide as its widest
 * cell. Cells are untrusted (hosts, organisation names): control characters become spaces.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  // A cell is one line: its control characters (tabs and newlines too) must not break the columns.
  const body = rows.map((r) => r.map((cell) => terminalSafe(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n')}\n`;
}

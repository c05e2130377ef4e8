/**
 * `gov-audit registry import <file>` and `gov-audit registry list`: the targets of the
 * evaluation, kept in the local data folder. Re-importing the same file changes nothing; an
 * import merges into the stored registry, `--replace` makes the file the whole registry, and
 * `--dry-run` shows what either would change without storing anything.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isUnconfirmed, parseRegistry, REGISTRY_FIELD_NAMES, type ParsedRegistry } from '../../functions/core/registry/parse-registry.ts';
import type { TargetStore } from '../../functions/core/stores.ts';
import { ROLE_LABELS } from '../../functions/core/criteria.ts';
import { checkImportBytes } from '../../functions/core/import-limits.ts';
import type { TargetRecord } from '../../functions/core/records.ts';
import type { Lang, LocalizedText } from '../../functions/core/types.ts';
import { openLocalSession } from './local-session.ts';
import { formatTable } from './terminal.ts';
import { asUsageError, EXIT, UsageError } from './usage-error.ts';

/**
 * The registry shipped with the project (2025): the 22 central bodies ranked in the central league
 * (ministries, ministerial-level agencies, agencies under the Government), the Government portal
 * (ranked nowhere) and the 34 provinces.
 */
export const DEFAULT_REGISTRY = new URL('../../data/registry-vn.csv', import.meta.url);

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  lang: { type: 'string', default: 'vi' },
  replace: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
} as const;

const LIST_HEADERS: Record<Lang, string[]> = {
  vi: ['Tên miền', 'Loại trang', 'Khối', 'Trạng thái', 'Tên miền đã xác minh', 'Cơ quan, đơn vị'],
  en: ['Domain', 'Role', 'League', 'Status', 'Domain confirmed', 'Organisation'],
};
const STATUS_WORDS: Record<TargetRecord['status'], LocalizedText> = {
  confirmed: { vi: 'trong danh sách', en: 'registered' },
  discovered: { vi: 'phát hiện', en: 'discovered' },
  excluded: { vi: 'loại khỏi đánh giá', en: 'excluded' },
};
const LEAGUE_WORDS: Record<TargetRecord['league'], LocalizedText> = {
  ministry: { vi: 'bộ, ngành', en: 'central' },
  province: { vi: 'tỉnh', en: 'province' },
  other: { vi: 'khác', en: 'other' },
};

export async function runRegistryCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (action === 'import') {
    if (positionals.length !== 1) throw new UsageError(lang === 'en' ? 'registry import takes one file (CSV or JSON)' : 'registry import cần đúng một tệp (CSV hoặc JSON)');
    const parsed = await readRegistry(positionals[0], lang);
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      const mode = values.replace ? 'replace' : 'merge';
      const plan = planRegistry(parsed, await session.targets.list(), mode);
      if (!values['dry-run']) await applyRegistryPlan(plan, session.targets);
      process.stdout.write(formatImport(parsed, positionals[0], lang) + formatPlan(plan, { dryRun: values['dry-run'], mode }, lang));
      return parsed.problems.length > 0 ? EXIT.fail : EXIT.pass;
    } finally {
      await session.close();
    }
  }
  if (action === 'list') {
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      const targets = await session.targets.list();
      const yesNo = (t: TargetRecord) => (isUnconfirmed(t) ? (lang === 'en' ? 'NO (unconfirmed)' : 'CHƯA (cần xác minh)') : lang === 'en' ? 'yes' : 'có');
      process.stdout.write(formatTable(LIST_HEADERS[lang], targets.map((t) => [
        t.host, ROLE_LABELS[t.role][lang], LEAGUE_WORDS[t.league][lang], STATUS_WORDS[t.status][lang], yesNo(t), t.org,
      ])));
      return EXIT.pass;
    } finally {
      await session.close();
    }
  }
  throw new UsageError(lang === 'en' ? 'usage: gov-audit registry import <file> [--replace] [--dry-run] | registry list' : 'cách dùng: gov-audit registry import <tệp> [--replace] [--dry-run] | registry list');
}

export async function readRegistry(path: string | URL, lang: Lang): Promise<ParsedRegistry> {
  const file = String(path).replace(/^file:\/\//, '');
  // A file over the limit is refused before it is read.
  const size = await stat(path).then((s) => s.size, () => 0);
  asUsageError(() => checkImportBytes(file, size), lang);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(lang === 'en' ? `Cannot read ${String(path)}: ${(error as Error).message}` : `Không đọc được tệp ${String(path)}: ${(error as Error).message}`);
  }
  let parsed: ParsedRegistry | undefined;
  asUsageError(() => {
    parsed = parseRegistry(bytes, file, new Date().toISOString());
  }, lang);
  return parsed as ParsedRegistry;
}

/** What an import would do to the stored registry. */
export interface RegistryPlan {
  /** Targets to write (new or changed). */
  put: TargetRecord[];
  added: string[];
  changed: string[];
  /** Hosts to delete (`--replace` only): registered targets the file no longer lists, and their discovered components. */
  removed: string[];
}

/**
 * Plans the import. An evaluator's decision wins over a re-import: a target they excluded stays
 * excluded, and a discovered component the registry now lists becomes confirmed. With
 * `replace`, targets the file does not list are removed; otherwise they stay (merge).
 */
export function planRegistry(parsed: ParsedRegistry, stored: readonly TargetRecord[], mode: 'merge' | 'replace'): RegistryPlan {
  const existing = new Map(stored.map((t) => [t.host, t]));
  const plan: RegistryPlan = { put: [], added: [], changed: [], removed: [] };
  for (const t of parsed.targets) {
    const before = existing.get(t.host);
    if (!before) {
      plan.put.push(t);
      plan.added.push(t.host);
      continue;
    }
    const next = before.status === 'excluded' ? { ...t, status: 'excluded' as const } : t;
    if (JSON.stringify({ ...before, updatedAt: '' }) === JSON.stringify({ ...next, updatedAt: '' })) continue;
    plan.put.push(next);
    plan.changed.push(t.host);
  }
  if (mode === 'replace') {
    const listed = new Set(parsed.targets.map((t) => t.host));
    const gone = new Set(stored.filter((t) => !listed.has(t.host) && t.source !== 'discovered').map((t) => t.host));
    for (const t of stored) if (!listed.has(t.host) && t.parentHost !== undefined && gone.has(t.parentHost)) gone.add(t.host);
    plan.removed = [...gone].sort();
  }
  return plan;
}

/** Stores a plan: writes then deletes. */
export async function applyRegistryPlan(plan: RegistryPlan, targets: TargetStore): Promise<void> {
  if (plan.put.length > 0) await targets.putMany(plan.put);
  if (plan.removed.length > 0) await targets.deleteMany(plan.removed);
}

/** Merges the parsed targets into the stored registry (what `run` does with `--registry`). */
export async function storeRegistry(parsed: ParsedRegistry, targets: TargetStore): Promise<void> {
  await applyRegistryPlan(planRegistry(parsed, await targets.list(), 'merge'), targets);
}

/** The plan as a diff: `+ added`, `~ changed`, `- removed`, one host a line. */
function formatPlan(plan: RegistryPlan, options: { dryRun: boolean; mode: 'merge' | 'replace' }, lang: Lang): string {
  const lines: string[] = [];
  const head = lang === 'en'
    ? `${options.dryRun ? 'Dry run (nothing stored)' : 'Stored'}: ${plan.added.length} added, ${plan.changed.length} changed, ${plan.removed.length} removed${options.mode === 'merge' ? ' (merge: sites missing from the file are kept; --replace removes them)' : ''}.`
    : `${options.dryRun ? 'Chạy thử (chưa lưu gì)' : 'Đã lưu'}: thêm ${plan.added.length}, sửa ${plan.changed.length}, xoá ${plan.removed.length}${options.mode === 'merge' ? ' (gộp: trang không có trong tệp được giữ nguyên; --replace sẽ xoá chúng)' : ''}.`;
  lines.push(head);
  for (const host of plan.added) lines.push(`  + ${host}`);
  for (const host of plan.changed) lines.push(`  ~ ${host}`);
  for (const host of plan.removed) lines.push(`  - ${host}`);
  return `${lines.join('\n')}\n`;
}

function formatImport(parsed: ParsedRegistry, file: string, lang: Lang): string {
  const portals = parsed.targets.filter((t) => t.role === 'portal').length;
  const components = parsed.targets.length - portals;
  const lines = lang === 'en'
    ? [`${file}: ${parsed.rows} rows read, ${portals} portals and ${components} components imported, ${parsed.problems.length} problems.`]
    : [`${file}: đọc ${parsed.rows} dòng, nhập ${portals} cổng chính và ${components} trang thành phần, ${parsed.problems.length} lỗi.`];
  for (const p of parsed.problems) {
    lines.push(lang === 'en'
      ? `  ${p.file}, row ${p.row}, field ${REGISTRY_FIELD_NAMES[p.field]?.en ?? p.field} ("${p.value}"): ${p.message.en}`
      : `  ${p.file}, dòng ${p.row}, cột ${REGISTRY_FIELD_NAMES[p.field]?.vi ?? p.field} ("${p.value}"): ${p.message.vi}`);
  }
  return `${lines.join('\n')}\n`;
}

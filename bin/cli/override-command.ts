/**
 * `gov-audit override set|list|clear|import`: evaluators' overrides of verdicts, kept in the
 * local data folder as an audit trail (clearing marks an override, never deletes it).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeCsv, parseCsv } from '../../functions/core/csv.ts';
import { activeOverrides, overrideState } from '../../functions/core/overrides.ts';
import { localDate } from '../../functions/core/local-time.ts';
import type { OverrideRecord } from '../../functions/core/records.ts';
import { OVERRIDE_STATE_LABELS, VERDICT_LABELS } from '../../functions/core/report/labels.ts';
import { parseCheck, parseOverrideTable, validateOverride, type OverrideProblem } from '../../functions/core/report/override-input.ts';
import { normaliseDomainCell } from '../../functions/core/traffic/host.ts';
import type { TargetStore } from '../../functions/core/stores.ts';
import type { Lang } from '../../functions/core/types.ts';
import { siteHost } from '../../functions/core/url.ts';
import { openLocalSession } from './local-session.ts';
import { EXIT, UsageError } from './usage-error.ts';

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  lang: { type: 'string', default: 'vi' },
  reason: { type: 'string' },
  by: { type: 'string' },
  until: { type: 'string' },
  host: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;


const USAGE = {
  vi: `cách dùng:
  gov-audit override set <tên miền> <tiêu chí> <kết quả> --reason <lý do> --by <người điều chỉnh> [--until YYYY-MM-DD]
  gov-audit override list [--host <tên miền>]
  gov-audit override clear <tên miền> <tiêu chí> --by <người điều chỉnh>
  gov-audit override import <tệp.csv>   (cột: host, check, verdict, reason, by, until)`,
  en: `usage:
  gov-audit override set <host> <check> <verdict> --reason <text> --by <author> [--until YYYY-MM-DD]
  gov-audit override list [--host <host>]
  gov-audit override clear <host> <check> --by <author>
  gov-audit override import <file.csv>   (columns: host, check, verdict, reason, by, until)`,
};

export async function runOverrideCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  const arity: Record<string, number> = { set: 3, list: 0, clear: 2, import: 1 };
  if (action === undefined || !(action in arity) || positionals.length !== arity[action]) throw new UsageError(USAGE[lang]);
  const now = new Date().toISOString();

  if (action === 'import') {
    const bytes = await readFile(positionals[0]).catch((error: Error) => {
      throw new UsageError(lang === 'en' ? `Cannot read ${positionals[0]}: ${error.message}` : `Không đọc được tệp ${positionals[0]}: ${error.message}`);
    });
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      const parsed = parseOverrideTable(parseCsv(decodeCsv(bytes)), await session.targets.list(), now);
      for (const record of parsed.records) await session.overrides.add(record);
      const lines = [lang === 'en'
        ? `${positionals[0]}: ${parsed.rows} rows read, ${parsed.records.length} overrides recorded, ${parsed.problems.length} problems.`
        : `${positionals[0]}: đọc ${parsed.rows} dòng, ghi nhận ${parsed.records.length} điều chỉnh, ${parsed.problems.length} lỗi.`];
      for (const p of parsed.problems) lines.push(`  ${problemText(p, lang)}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      return parsed.problems.length > 0 ? EXIT.fail : EXIT.pass;
    } finally {
      await session.close();
    }
  }

  if (action === 'set') {
    const [host, check, verdict] = positionals;
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      const result = validateOverride({ host, check, verdict, reason: values.reason, by: values.by, until: values.until }, await session.targets.list(), now);
      if (!result.record) throw new UsageError(result.problems.map((p) => problemText(p, lang)).join('\n'));
      await session.overrides.add(result.record);
      process.stdout.write(`${lang === 'en' ? 'Recorded' : 'Đã ghi nhận'}: ${recordLine(result.record, 'active', lang)}\n`);
      return EXIT.pass;
    } finally {
      await session.close();
    }
  }

  const session = await openLocalSession({ dataDir: values['data-dir'] });
  try {
    // Overrides are in force by the Vietnamese calendar day.
    const today = localDate(new Date(now));
    if (action === 'list') {
      const host = values.host === undefined ? undefined : await registeredHost(hostArgument(values.host, lang), session.targets);
      const all = host === undefined ? await session.overrides.listAll() : await session.overrides.listForHost(host);
      const active = activeOverrides(all, today);
      const states = all.map((r) => stateOf(r, today, active));
      if (values.json) {
        process.stdout.write(`${JSON.stringify(all.map((r, i) => ({ ...r, state: states[i] })))}\n`);
        return EXIT.pass;
      }
      if (all.length === 0) process.stdout.write(lang === 'en' ? 'No overrides.\n' : 'Chưa có điều chỉnh nào.\n');
      all.forEach((r, i) => process.stdout.write(`${recordLine(r, states[i], lang)}\n`));
      return EXIT.pass;
    }
    // clear
    const host = await registeredHost(hostArgument(positionals[0], lang), session.targets);
    const check = parseCheck(positionals[1]);
    if (!check) throw new UsageError(lang === 'en' ? `Unknown criterion "${positionals[1]}"` : `Tiêu chí không hợp lệ: "${positionals[1]}"`);
    const by = values.by?.trim();
    if (!by) throw new UsageError(lang === 'en' ? 'clear needs --by <author>' : 'clear cần --by <người điều chỉnh>');
    const current = activeOverrides(await session.overrides.listForHost(host), today).get(siteHost(host))?.get(check);
    if (!current) {
      throw new UsageError(lang === 'en' ? `No active override of ${check} for ${host}.` : `Không có điều chỉnh đang hiệu lực của ${check} cho ${host}.`);
    }
    const cleared = await session.overrides.clear(current, { clearedAt: now, clearedBy: by });
    process.stdout.write(`${lang === 'en' ? 'Cleared' : 'Đã huỷ'}: ${recordLine(cleared, 'cleared', lang)}\n`);
    return EXIT.pass;
  } finally {
    await session.close();
  }
}

type State = 'active' | 'superseded' | 'expired' | 'cleared';

function stateOf(record: OverrideRecord, today: string, active: ReturnType<typeof activeOverrides>): State {
  const state = overrideState(record, today);
  if (state !== 'active') return state;
  return active.get(siteHost(record.host))?.get(record.check) === record ? 'active' : 'superseded';
}

function hostArgument(text: string, lang: Lang): string {
  const host = normaliseDomainCell(text);
  if (!host) throw new UsageError(lang === 'en' ? `Not a host name: "${text}"` : `Không phải tên miền: "${text}"`);
  return host;
}

/** Overrides are stored under the registry's spelling of the host (`www.` or not). */
async function registeredHost(host: string, targets: TargetStore): Promise<string> {
  return (await targets.list()).find((t) => siteHost(t.host) === siteHost(host))?.host ?? host;
}

function recordLine(r: OverrideRecord, state: State, lang: Lang): string {
  const until = r.until ? (lang === 'en' ? ` until ${r.until}` : ` đến ${r.until}`) : '';
  const cleared = r.clearedAt ? (lang === 'en' ? ` (cleared ${r.clearedAt} by ${r.clearedBy})` : ` (huỷ ${r.clearedAt} bởi ${r.clearedBy})`) : '';
  return `${r.host.padEnd(32)} ${r.check.padEnd(24)} ${VERDICT_LABELS[r.verdict][lang].padEnd(16)} ${OVERRIDE_STATE_LABELS[state][lang].padEnd(14)} ${r.author} ${r.createdAt}${until}${cleared} — ${r.reason}`;
}

function problemText(p: OverrideProblem, lang: Lang): string {
  const where = p.row > 0 ? (lang === 'en' ? `row ${p.row}, ` : `dòng ${p.row}, `) : '';
  return lang === 'en'
    ? `${where}field ${p.field} ("${p.value}"): ${p.message.en}`
    : `${where}trường ${p.field} ("${p.value}"): ${p.message.vi}`;
}

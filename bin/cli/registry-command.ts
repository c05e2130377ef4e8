/**
 * `gov-audit registry import <file>` and `gov-audit registry list`: the targets of the
 * evaluation, kept in the local data folder. Re-importing the same file changes nothing.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseRegistry, type ParsedRegistry } from '../../functions/core/registry/parse-registry.ts';
import type { TargetStore } from '../../functions/core/stores.ts';
import type { Lang } from '../../functions/core/types.ts';
import { checkImportBytes } from '../../functions/core/import-limits.ts';
import { openLocalSession } from './local-session.ts';
import { asUsageError, EXIT, UsageError } from './usage-error.ts';

/** The registry shipped with the project: 17 central bodies and 34 provinces (2025). */
export const DEFAULT_REGISTRY = new URL('../../data/registry-vn.csv', import.meta.url);

const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  lang: { type: 'string', default: 'vi' },
} as const;

export async function runRegistryCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (action === 'import') {
    if (positionals.length !== 1) throw new UsageError(lang === 'en' ? 'registry import takes one file (CSV or JSON)' : 'registry import cần đúng một tệp (CSV hoặc JSON)');
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      const parsed = await readRegistry(positionals[0], lang);
      await storeRegistry(parsed, session.targets);
      process.stdout.write(formatImport(parsed, positionals[0], lang));
      return parsed.problems.length > 0 ? EXIT.fail : EXIT.pass;
    } finally {
      await session.close();
    }
  }
  if (action === 'list') {
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      for (const t of await session.targets.list()) {
        process.stdout.write(`${t.host.padEnd(40)} ${t.role.padEnd(10)} ${t.league.padEnd(9)} ${t.status.padEnd(11)} ${t.org}\n`);
      }
      return EXIT.pass;
    } finally {
      await session.close();
    }
  }
  throw new UsageError(lang === 'en' ? 'usage: gov-audit registry import <file> | registry list' : 'cách dùng: gov-audit registry import <tệp> | registry list');
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

/**
 * Stores the parsed targets. An evaluator's decision wins over a re-import: a target they
 * excluded stays excluded, and a discovered component the registry now lists becomes confirmed.
 */
export async function storeRegistry(parsed: ParsedRegistry, targets: TargetStore): Promise<void> {
  const existing = new Map((await targets.list()).map((t) => [t.host, t]));
  const merged = parsed.targets.map((t) => {
    const before = existing.get(t.host);
    if (!before) return t;
    const same = JSON.stringify({ ...before, updatedAt: '' }) === JSON.stringify({ ...t, updatedAt: '' });
    if (same) return before;
    return before.status === 'excluded' ? { ...t, status: 'excluded' as const } : t;
  });
  await targets.putMany(merged);
}

function formatImport(parsed: ParsedRegistry, file: string, lang: Lang): string {
  const portals = parsed.targets.filter((t) => t.role === 'portal').length;
  const components = parsed.targets.length - portals;
  const lines = lang === 'en'
    ? [`${file}: ${parsed.rows} rows read, ${portals} portals and ${components} components imported, ${parsed.problems.length} problems.`]
    : [`${file}: đọc ${parsed.rows} dòng, nhập ${portals} cổng chính và ${components} trang thành phần, ${parsed.problems.length} lỗi.`];
  for (const p of parsed.problems) {
    lines.push(lang === 'en'
      ? `  ${p.file}, row ${p.row}, field ${p.field} ("${p.value}"): ${p.message.en}`
      : `  ${p.file}, dòng ${p.row}, trường ${p.field} ("${p.value}"): ${p.message.vi}`);
  }
  return `${lines.join('\n')}\n`;
}

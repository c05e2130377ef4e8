/**
 * gov-audit: the command-line entry point. Each command lives in its own module, loaded only
 * when that command runs (a dynamic import), so `--help` and a command's start pay for nothing
 * else; this file only routes and turns errors into exit codes.
 */
import { EXIT, UsageError } from './usage-error.ts';
import { packageVersion } from './version.ts';

type Command = (argv: string[]) => Promise<number>;

/**
 * Every command, with its loader, its one-line description and either the usage printed for
 * `gov-audit <command> --help` or, for `check`, the loader of its full help.
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; help?: (lang: 'vi' | 'en') => Promise<string>; vi: string; en: string; usage?: string }> = {
  check: {
    load: async () => (await import('./check-command.ts')).runCheckCommand,
    help: async (lang) => (await import('./check-help.ts')).CHECK_HELP[lang],
    vi: 'Kiểm tra một hoặc nhiều trang theo các tiêu chí 2.1, 2.2a–c',
    en: 'Check one or more sites against criteria 2.1 and 2.2a–c',
  },
  run: {
    load: async () => (await import('./run-command.ts')).runRunCommand,
    vi: 'Chạy một lượt đánh giá toàn bộ danh sách đơn vị (trên máy này)',
    en: 'Run one evaluation of the whole registry (on this machine)',
    usage: 'gov-audit run [--data-dir .gov-audit] [--registry <file>] [--concurrency 8] [--pages 3] [--render auto|never] [--resolve host:port:address]... [--ca file] [--timeout 30] [--lang vi|en]',
  },
  demo: {
    load: async () => (await import('./run-command.ts')).runDemoCommand,
    vi: 'Chạy thử toàn bộ quy trình trên mạng chính phủ mô phỏng (không cần Internet)',
    en: 'Run the whole pipeline against the simulated government web (offline)',
    usage: 'gov-audit demo [--data-dir .gov-audit/demo] [--seed 1] [--portals 6] [--concurrency 8] [--render auto|never] [--lang vi|en]',
  },
  registry: {
    load: async () => (await import('./registry-command.ts')).runRegistryCommand,
    vi: 'Nhập (import <tệp>) hoặc xem (list) danh sách đơn vị cần đánh giá',
    en: 'Import (import <file>) or show (list) the registry of targets',
    usage: 'gov-audit registry import <file.csv|file.json> [--data-dir .gov-audit] [--lang vi|en]\n       gov-audit registry list [--data-dir .gov-audit]',
  },
  runs: {
    load: async () => (await import('./history-commands.ts')).runRunsCommand,
    vi: 'Liệt kê các lượt đánh giá',
    en: 'List evaluation runs',
    usage: 'gov-audit runs [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  findings: {
    load: async () => (await import('./history-commands.ts')).runFindingsCommand,
    vi: 'Kết quả của một lượt (--run <mã>)',
    en: 'Findings of one run (--run <id>)',
    usage: 'gov-audit findings --run <run id> [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  traffic: {
    load: async () => (await import('./traffic-command.ts')).runTrafficCommand,
    vi: 'Nhập số liệu truy cập EMC (import <tệp> --period YYYY-MM)',
    en: "Import EMC's traffic export (import <file> --period YYYY-MM)",
    usage: 'gov-audit traffic import <file.csv|file.xlsx> --period YYYY-MM [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  override: {
    load: async () => (await import('./override-command.ts')).runOverrideCommand,
    vi: 'Điều chỉnh kết quả thủ công (set, list, clear, import)',
    en: 'Manual overrides of verdicts (set, list, clear, import)',
    usage: 'gov-audit override set <host> <check> <verdict> --reason <text> --by <name> [--until YYYY-MM-DD]\n       gov-audit override list [--host <host>]\n       gov-audit override clear <host> <check> --by <name>\n       gov-audit override import <file.csv>   (columns: host, check, verdict, reason, by, until)',
  },
  report: {
    load: async () => (await import('./report-command.ts')).runReportCommand,
    vi: 'Lập báo cáo xếp hạng và mức độ đáp ứng (--period YYYY-MM)',
    en: 'Generate the ranking and compliance reports (--period YYYY-MM)',
    usage: 'gov-audit report --period YYYY-MM [--lang vi|en] [--out <dir>] [--data-dir .gov-audit]',
  },
};

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const lang = detectLang(argv);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage(lang));
    return name === undefined ? EXIT.usage : EXIT.pass;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${await packageVersion()}\n`);
    return EXIT.pass;
  }
  const command = COMMANDS[name];
  try {
    if (!command) {
      throw new UsageError(lang === 'en' ? `Unknown command "${name}".` : `Lệnh không hợp lệ: "${name}".`);
    }
    const wantsHelp = rest.includes('--help') || rest.includes('-h');
    if (command.help && wantsHelp) {
      process.stdout.write(await command.help(lang));
      return EXIT.pass;
    }
    if (command.usage && wantsHelp) {
      process.stdout.write(`${lang === 'en' ? 'Usage' : 'Cách dùng'}: ${command.usage}\n\n${command[lang]}\n`);
      return EXIT.pass;
    }
    const run = await command.load();
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      const prefix = lang === 'en' ? 'Error' : 'Lỗi';
      const help = lang === 'en' ? 'See: gov-audit --help' : 'Xem hướng dẫn: gov-audit --help';
      process.stderr.write(`${prefix}: ${(error as Error).message}\n${help}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The language of messages, read before the command parses its own options. */
export function detectLang(argv: string[]): 'vi' | 'en' {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'vi';
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return value === 'en' ? 'en' : 'vi';
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function usage(lang: 'vi' | 'en'): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c[lang]}`);
  return lang === 'en'
    ? `Usage: gov-audit <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "gov-audit <command> --help" for the options of a command.\n`
    : `Cách dùng: gov-audit <lệnh> [tuỳ chọn]\n\nCác lệnh:\n${lines.join('\n')}\n\nChạy "gov-audit <lệnh> --help" để xem tuỳ chọn của từng lệnh.\n`;
}


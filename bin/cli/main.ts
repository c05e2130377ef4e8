/**
 * gov-audit: the command-line entry point. Each command lives in its own module, loaded only
 * when that command runs (a dynamic import), so `--help` and a command's start pay for nothing
 * else; this file only routes and turns errors into exit codes.
 */
import { installOutputFilter } from './terminal.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { packageVersion } from './version.ts';

type Command = (argv: string[]) => Promise<number>;

/** Descriptions of the options, shared by the commands that take them (`--help`). */
const OPTION_HELP: Record<string, { flag: string; vi: string; en: string }> = {
  dataDir: { flag: '--data-dir <thư mục|dir>', vi: 'Thư mục dữ liệu cục bộ (mặc định .gov-audit)', en: 'Local data folder (default .gov-audit)' },
  demoDataDir: { flag: '--data-dir <thư mục|dir>', vi: 'Thư mục dữ liệu của bản chạy thử (mặc định .gov-audit/demo; xoá khi bắt đầu)', en: "The demo's data folder (default .gov-audit/demo; emptied first)" },
  lang: { flag: '--lang vi|en', vi: 'Ngôn ngữ (mặc định vi)', en: 'Language (default vi)' },
  json: { flag: '--json', vi: 'Xuất JSON thay cho bảng', en: 'JSON output instead of a table' },
  registry: { flag: '--registry <tệp|file>', vi: 'Nhập (gộp) danh sách đơn vị trước khi chạy; không có thì dùng danh sách đã lưu hoặc data/registry-vn.csv', en: 'Import (merge) a registry first; otherwise the stored one or data/registry-vn.csv' },
  concurrency: { flag: '--concurrency N', vi: 'Số trang quét song song (mặc định 8)', en: 'Sites scanned in parallel (default 8)' },
  pages: { flag: '--pages N', vi: 'Số trang con lấy mẫu ngoài trang chủ (mặc định 3)', en: 'Internal pages sampled besides the homepage (default 3)' },
  render: { flag: '--render auto|never', vi: 'Kiểm tra nhãn EMC bằng trình duyệt Chromium (mặc định auto)', en: 'Check the EMC badge in Chromium (default auto)' },
  resolve: { flag: '--resolve host:port:địa-chỉ', vi: 'Trỏ tên miền tới địa chỉ IP (cú pháp curl, dùng nhiều lần được)', en: 'Map a host to an address (curl syntax, repeatable)' },
  ca: { flag: '--ca <tệp.pem|file.pem>', vi: 'Chứng chỉ CA bổ sung (HTTPS nội bộ)', en: 'Extra CA certificate (internal HTTPS)' },
  timeout: { flag: '--timeout <giây|seconds>', vi: 'Thời gian tối đa cho một trang (mặc định 30)', en: 'Time limit per page (default 30)' },
  seed: { flag: '--seed N', vi: 'Hạt giống của mạng mô phỏng (cùng hạt giống, cùng mạng)', en: 'Seed of the simulated web (same seed, same web)' },
  portals: { flag: '--portals N', vi: 'Số cổng chính mô phỏng (mặc định 6)', en: 'Simulated portals (default 6)' },
  demoRound: { flag: '--round <năm|year>', vi: 'Đợt đánh giá mô phỏng (mặc định: đợt vừa kết thúc)', en: 'The round simulated (default: the one that ended last)' },
  replace: { flag: '--replace', vi: 'Thay toàn bộ danh sách bằng tệp (xoá trang không có trong tệp); mặc định: gộp', en: 'Make the file the whole registry (remove sites it lacks); default: merge' },
  dryRun: { flag: '--dry-run', vi: 'Chỉ in thay đổi (+ thêm, ~ sửa, - xoá), không lưu', en: 'Print the changes (+ added, ~ changed, - removed) without storing' },
  run: { flag: '--run <mã lượt|run id>', vi: 'Lượt đánh giá (xem gov-audit runs)', en: 'The run (see gov-audit runs)' },
  period: { flag: '--period YYYY-MM', vi: 'Kỳ đánh giá (tháng)', en: 'Evaluation period (month)' },
  out: { flag: '--out <thư mục|dir>', vi: 'Nơi chép báo cáo (mặc định <data-dir>/reports/<kỳ>)', en: 'Where the reports are copied (default <data-dir>/reports/<period>)' },
  reason: { flag: '--reason <lý do|text>', vi: 'Lý do điều chỉnh (bắt buộc với set)', en: 'Why (required by set)' },
  by: { flag: '--by <tên|name>', vi: 'Người điều chỉnh (bắt buộc với set, clear)', en: 'Who (required by set, clear)' },
  until: { flag: '--until YYYY-MM-DD', vi: 'Hiệu lực đến ngày (giờ Việt Nam)', en: 'Valid until (Viet Nam date)' },
  host: { flag: '--host <tên miền|host>', vi: 'Chỉ liệt kê điều chỉnh của tên miền này', en: 'List only this host’s overrides' },
};

/**
 * Every command, with its loader, its one-line description and either the usage and options
 * printed for `gov-audit <command> --help` or, for `check`, the loader of its full help.
 */
const COMMANDS: Record<string, { load: () => Promise<Command>; help?: (lang: 'vi' | 'en') => Promise<string>; vi: string; en: string; usage?: string; options?: (keyof typeof OPTION_HELP)[] }> = {
  check: {
    load: async () => (await import('./check-command.ts')).runCheckCommand,
    help: async (lang) => (await import('./check-help.ts')).CHECK_HELP[lang],
    vi: 'Kiểm tra một hoặc nhiều trang theo các tiêu chí 2.1, 2.2a–c',
    en: 'Check one or more sites against criteria 2.1 and 2.2a–c',
  },
  run: {
    load: async () => (await import('./run-command.ts')).runRunCommand,
    options: ['dataDir', 'registry', 'concurrency', 'pages', 'render', 'resolve', 'ca', 'timeout', 'lang'],
    vi: 'Chạy một lượt đánh giá toàn bộ danh sách đơn vị (trên máy này)',
    en: 'Run one evaluation of the whole registry (on this machine)',
    usage: 'gov-audit run [--data-dir .gov-audit] [--registry <file>] [--concurrency 8] [--pages 3] [--render auto|never] [--resolve host:port:address]... [--ca file] [--timeout 30] [--lang vi|en]',
  },
  demo: {
    load: async () => (await import('./demo-command.ts')).runDemoCommand,
    options: ['demoDataDir', 'seed', 'portals', 'demoRound', 'concurrency', 'render', 'lang'],
    vi: 'Chạy thử toàn bộ quy trình trên mạng chính phủ mô phỏng (không cần Internet)',
    en: 'Run the whole pipeline against the simulated government web (offline)',
    usage: 'gov-audit demo [--data-dir .gov-audit/demo] [--seed 1] [--portals 6] [--round <year>] [--concurrency 8] [--render auto|never] [--lang vi|en]',
  },
  registry: {
    load: async () => (await import('./registry-command.ts')).runRegistryCommand,
    options: ['replace', 'dryRun', 'dataDir', 'lang'],
    vi: 'Nhập (import <tệp>) hoặc xem (list) danh sách đơn vị cần đánh giá',
    en: 'Import (import <file>) or show (list) the registry of targets',
    usage: 'gov-audit registry import <file.csv|file.json> [--replace] [--dry-run] [--data-dir .gov-audit] [--lang vi|en]\n       gov-audit registry list [--data-dir .gov-audit]',
  },
  runs: {
    load: async () => (await import('./history-commands.ts')).runRunsCommand,
    options: ['dataDir', 'json', 'lang'],
    vi: 'Liệt kê các lượt đánh giá',
    en: 'List evaluation runs',
    usage: 'gov-audit runs [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  findings: {
    load: async () => (await import('./history-commands.ts')).runFindingsCommand,
    options: ['run', 'dataDir', 'json', 'lang'],
    vi: 'Kết quả của một lượt (--run <mã>)',
    en: 'Findings of one run (--run <id>)',
    usage: 'gov-audit findings --run <run id> [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  traffic: {
    load: async () => (await import('./traffic-command.ts')).runTrafficCommand,
    options: ['period', 'dataDir', 'json', 'lang'],
    vi: 'Nhập số liệu truy cập EMC (import <tệp> --period YYYY-MM)',
    en: "Import EMC's traffic export (import <file> --period YYYY-MM)",
    usage: 'gov-audit traffic import <file.csv|file.xlsx> --period YYYY-MM [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  dlq: {
    load: async () => (await import('./dlq-command.ts')).runDlqCommand,
    vi: 'Xem hàng đợi lỗi (DLQ): các trang bỏ dở sau mọi lần thử; redrive: quét lại',
    en: 'Show the dead-letter queue: sites given up on after every delivery; redrive: scan them again',
    usage: 'gov-audit dlq [list | redrive [--resolve host:port:addr] [--ca file] [--timeout 30] [--render auto|never] [--pages 3] [--concurrency 8]] [--data-dir .gov-audit] [--json] [--lang vi|en]',
  },
  override: {
    load: async () => (await import('./override-command.ts')).runOverrideCommand,
    options: ['reason', 'by', 'until', 'host', 'json', 'dataDir', 'lang'],
    vi: 'Điều chỉnh kết quả thủ công (set, list, clear, import)',
    en: 'Manual overrides of verdicts (set, list, clear, import)',
    usage: 'gov-audit override set <host> <check> <verdict> --reason <text> --by <name> [--until YYYY-MM-DD]\n       gov-audit override list [--host <host>]\n       gov-audit override clear <host> <check> --by <name>\n       gov-audit override import <file.csv>   (columns: host, check, verdict, reason, by, until)',
  },
  report: {
    load: async () => (await import('./report-command.ts')).runReportCommand,
    options: ['period', 'out', 'dataDir', 'lang'],
    vi: 'Lập báo cáo xếp hạng và mức độ đáp ứng (--period YYYY-MM)',
    en: 'Generate the ranking and compliance reports (--period YYYY-MM)',
    usage: 'gov-audit report --period YYYY-MM [--lang vi|en] [--out <dir>] [--data-dir .gov-audit]\n       gov-audit report --round <year> [--lang vi|en] [--out <dir>] [--data-dir .gov-audit]   (round report and public results)',
  },
  'self-review': {
    load: async () => (await import('./round-command.ts')).runSelfReviewCommand,
    vi: 'Lập dự thảo văn bản tự đánh giá (DOCX) cho từng đơn vị',
    en: 'Write the self-review letter drafts (DOCX), one per organisation',
    usage: 'gov-audit self-review [--org <name>] [--run <id>] [--lang vi|en] [--out <dir>] [--data-dir .gov-audit]',
  },
};

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  installOutputFilter();
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
      process.stdout.write(commandHelp(command, lang));
      return EXIT.pass;
    }
    const run = await command.load();
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      const prefix = lang === 'en' ? 'Error' : 'Lỗi';
      const help = lang === 'en' ? 'See: gov-audit --help' : 'Xem hướng dẫn: gov-audit --help';
      const message = lang === 'vi' && error instanceof UsageError && error.vi ? error.vi : (error as Error).message;
      process.stderr.write(`${prefix}: ${message}\n${help}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** A command's `--help`: usage, what it does, then each option with its description. */
function commandHelp(command: (typeof COMMANDS)[string], lang: 'vi' | 'en'): string {
  const options = (command.options ?? []).map((name) => OPTION_HELP[name]);
  const flag = (f: string) => f.replace(/<([^|>]+)\|([^>]+)>/g, (_, vi: string, en: string) => `<${lang === 'en' ? en : vi}>`);
  const width = Math.max(0, ...options.map((o) => flag(o.flag).length));
  const lines = options.map((o) => `  ${flag(o.flag).padEnd(width)}  ${o[lang]}`);
  return `${lang === 'en' ? 'Usage' : 'Cách dùng'}: ${command.usage}\n\n${command[lang]}\n${lines.length > 0 ? `\n${lang === 'en' ? 'Options' : 'Tuỳ chọn'}:\n${lines.join('\n')}\n` : ''}`;
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


/**
 * `gov-audit run` (npm start): one evaluation run of the registry on the embedded stack. The
 * demo (demo-command.ts) sweeps the simulated government web with the same {@link sweep}.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createHttpFetcher } from '../../functions/adapters/http-fetcher.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import { parseResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import { duplicateSiteIds } from '../../functions/core/pipeline/duplicate-site-ids.ts';
import { summariseFindings } from '../../functions/core/pipeline/run-summary.ts';
import type { Lang } from '../../functions/core/types.ts';
import { localRenderer } from '../../local/runner/local-renderer.ts';
import { runPipeline, type PipelineResult } from '../../local/runner/run-pipeline.ts';
import { availableRenderMode } from './check-command.ts';
import { openLocalSession, type LocalSession } from './local-session.ts';
import { DEFAULT_REGISTRY, readRegistry, storeRegistry } from './registry-command.ts';
import { formatDuplicateSiteIds, formatRunSummary, progressBar } from './terminal.ts';
import { EXIT, timeoutSecondsOf, UsageError } from './usage-error.ts';

/** `auto` when a browser is available (said otherwise), `never` when asked; `always` is for `check` only. */
export async function renderModeOf(asked: string | undefined, lang: Lang): Promise<'auto' | 'never'> {
  if (asked !== 'auto' && asked !== 'never') {
    throw new UsageError(lang === 'en' ? `--render must be auto or never (got "${asked}")` : `--render phải là auto hoặc never (nhận được "${asked}")`);
  }
  return (await availableRenderMode(asked, lang)) === 'auto' ? 'auto' : 'never';
}

/** Version of the detection rules the findings are judged under (reports cite it). */
export const RULE_SET_VERSION = '2026.1';

export const OPTIONS = {
  'data-dir': { type: 'string', default: '.gov-audit' },
  registry: { type: 'string' },
  concurrency: { type: 'string', default: '8' },
  pages: { type: 'string', default: '3' },
  resolve: { type: 'string', multiple: true },
  ca: { type: 'string' },
  timeout: { type: 'string', default: '30' },
  lang: { type: 'string', default: 'vi' },
  render: { type: 'string', default: 'auto' },
  seed: { type: 'string', default: '1' },
  portals: { type: 'string', default: '6' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

type IntOption = 'concurrency' | 'pages' | 'seed' | 'portals';

export function intOption<N extends IntOption>(values: Pick<Values, N>, name: N, range: [number, number]): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    throw new UsageError(`--${name} must be an integer from ${range[0]} to ${range[1]} (got "${values[name]}")`);
  }
  return value;
}

/**
 * The fetcher and, unless `--render never` or no browser, the renderer of the real web, from
 * `--resolve`, `--ca`, `--timeout` and `--render` (`run` and `dlq redrive`).
 */
export async function networkOf(values: Pick<Values, 'resolve' | 'ca' | 'timeout' | 'render'>, lang: Lang) {
  const resolve = (values.resolve ?? []).map((text) => {
    try {
      return parseResolveMapping(text);
    } catch (error) {
      throw new UsageError(`--resolve "${text}": ${(error as Error).message}`);
    }
  });
  const ca = values.ca ? await readFile(values.ca, 'utf8').catch((e: Error) => { throw new UsageError(`--ca: ${e.message}`); }) : undefined;
  const renderMode = await renderModeOf(values.render, lang);
  const fetcher = createHttpFetcher({ resolve, ca, totalTimeoutMs: timeoutSecondsOf(values.timeout, lang) * 1000 });
  const renderer = renderMode === 'auto' ? localRenderer({ resolve, ca }) : undefined;
  return {
    fetcher,
    renderer,
    async close() {
      await renderer?.close();
      await fetcher.close();
    },
  };
}

export async function runRunCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  const concurrency = intOption(values, 'concurrency', [1, 64]);
  const pages = intOption(values, 'pages', [0, 20]);
  // The network options are checked before the data folder is touched.
  const { fetcher, renderer, close } = await networkOf(values, lang);
  try {
    const session = await openLocalSession({ dataDir: values['data-dir'] });
    try {
      if (values.registry) {
        await importRegistry(session, values.registry, lang);
      } else if ((await session.targets.list()).length === 0) {
        process.stderr.write(lang === 'en' ? 'No registry yet: importing the default registry (data/registry-vn.csv).\n' : 'Chưa có danh sách đơn vị: nhập danh sách mặc định (data/registry-vn.csv).\n');
        await importRegistry(session, DEFAULT_REGISTRY, lang);
      }
      const result = await sweep(session, fetcher, { trigger: 'manual', concurrency, pages, lang, renderer });
      if (result.findings.length > 0 && result.findings.every((f) => f.audit.transport.status === 'failed')) {
        // Every site unreachable is about this machine, not the sites: never a quiet success.
        process.stderr.write(lang === 'en'
          ? `No site could be reached (${result.findings.length}/${result.findings.length}): this machine may have no internet access. Every verdict is "unknown".\n`
          : `Không truy cập được trang nào (${result.findings.length}/${result.findings.length}): máy này có thể không có kết nối Internet. Mọi kết quả là "chưa xác định".\n`);
        return EXIT.unknown;
      }
      return result.complete ? EXIT.pass : EXIT.fail;
    } finally {
      await session.close();
    }
  } finally {
    await close();
  }
}

async function importRegistry(session: LocalSession, path: string | URL, lang: Lang): Promise<void> {
  const parsed = await readRegistry(path, lang);
  await storeRegistry(parsed, session.targets);
  for (const p of parsed.problems) {
    process.stderr.write(`${p.file}:${p.row} ${p.field}: ${p.message[lang]}\n`);
  }
}

/** One run through the pipeline with a progress bar, then its summary; `now` is the run's clock (default the machine's). */
export async function sweep(
  session: LocalSession,
  fetcher: ReturnType<typeof createHttpFetcher>,
  options: { trigger: 'manual' | 'demo'; concurrency: number; pages: number; lang: Lang; maxRetryDelaySeconds?: number; renderer?: PageRenderer; now?: () => Date },
): Promise<PipelineResult> {
  const bar = progressBar(options.lang === 'en' ? 'Scanning' : 'Đang quét');
  const result = await runPipeline({
    env: session.env,
    fetcher,
    trigger: options.trigger,
    ruleSetVersion: RULE_SET_VERSION,
    samplePages: options.pages,
    concurrency: options.concurrency,
    maxRetryDelaySeconds: options.maxRetryDelaySeconds,
    ...(options.renderer ? { renderer: options.renderer, render: 'auto' as const } : {}),
    onProgress: ({ done, claimed }) => bar.update(done, claimed),
    ...(options.now && { now: options.now }),
  });
  bar.finish();
  process.stdout.write(`\n${options.lang === 'en' ? 'Run' : 'Lượt đánh giá'} ${result.run.runId} (${result.run.period})\n`);
  process.stdout.write(result.renderMode === 'auto'
    ? (options.lang === 'en' ? 'Browser tier: auto (each reachable homepage rendered in Chromium)\n' : 'Kiểm tra bằng trình duyệt: auto (trang chủ của mỗi trang truy cập được hiển thị trong Chromium)\n')
    : (options.lang === 'en' ? 'Browser tier: never (HTML only; the EMC badge stays unknown)\n' : 'Kiểm tra bằng trình duyệt: never (chỉ HTML; nhãn EMC để "chưa xác định")\n'));
  process.stdout.write(formatRunSummary(summariseFindings(result.findings), result.elapsedMs, options.lang));
  process.stdout.write(formatDuplicateSiteIds(duplicateSiteIds(result.findings, await session.targets.list()), options.lang));
  if (!result.complete) {
    process.stdout.write(options.lang === 'en'
      ? `Incomplete: ${result.claimed - result.findings.length} of ${result.claimed} sites have no finding (see the dead-letter queue: gov-audit dlq).\n`
      : `Chưa hoàn tất: ${result.claimed - result.findings.length}/${result.claimed} trang chưa có kết quả (xem hàng đợi lỗi DLQ: gov-audit dlq).\n`);
  }
  return result;
}

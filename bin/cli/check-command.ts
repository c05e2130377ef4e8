/**
 * `gov-audit check <url...>`: audit sites one by one, as an agency checks its own site before
 * the deadline. No AWS needed: the engine runs in this process, with the browser tier in a
 * local Chromium when one is found (`--render auto`, the default) and screenshots written under
 * `--screenshots`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { createChromiumRenderer } from '../../functions/adapters/browser/chromium-renderer.ts';
import { CHROMIUM_ENV, findChromium } from '../../functions/adapters/browser/launch.ts';
import { WorkerAnalyser } from '../../functions/adapters/analysis/worker-analyser.ts';
import { createHttpFetcher } from '../../functions/adapters/http-fetcher.ts';
import { parseResolveMapping, type ResolveMapping } from '../../functions/adapters/net/resolve-mapping.ts';
import {
  auditSite,
  DEFAULT_SAMPLE_PAGES,
  withScreenshotEvidence,
  type AuditOutcome,
  type RenderMode,
  type ScreenshotRefs,
} from '../../functions/core/audit-site.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import { toCheckResultJson, overallVerdict } from '../../functions/core/check-result-json.ts';
import { inferParentHost, normaliseSiteUrl } from '../../functions/core/url.ts';
import type { AuditTarget, Lang, SiteAudit } from '../../functions/core/types.ts';
import { formatAudit } from './format-audit.ts';
import { writeTrusted } from './terminal.ts';
import { EXIT, timeoutSecondsOf, UsageError } from './usage-error.ts';
import { CHECK_HELP, DEFAULT_SCREENSHOT_DIR } from './check-help.ts';
import { packageVersion } from './version.ts';

const OPTIONS = {
  role: { type: 'string', default: 'auto' },
  parent: { type: 'string' },
  components: { type: 'string' },
  pages: { type: 'string', default: String(DEFAULT_SAMPLE_PAGES) },
  resolve: { type: 'string', multiple: true },
  ca: { type: 'string' },
  timeout: { type: 'string', default: '30' },
  render: { type: 'string', default: 'auto' },
  screenshots: { type: 'string', default: DEFAULT_SCREENSHOT_DIR },
  lang: { type: 'string', default: 'vi' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** What the user asked for, validated. */
export interface CheckRequest {
  targets: AuditTarget[];
  samplePages: number;
  resolve: ResolveMapping[];
  ca?: string;
  timeoutMs: number;
  /** Asked for; `auto` becomes `never` when no browser is found. */
  render: RenderMode;
  screenshotDir: string;
  lang: Lang;
  json: boolean;
}

export async function runCheckCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  if (values.help) {
    process.stdout.write(CHECK_HELP[lang]);
    return EXIT.pass;
  }
  const request = await validate(values, positionals, lang);
  const mode = await availableRenderMode(request.render, lang);
  const fetcher = createHttpFetcher({ resolve: request.resolve, ca: request.ca, totalTimeoutMs: request.timeoutMs });
  const renderer: PageRenderer | undefined = mode === 'never'
    ? undefined
    : createChromiumRenderer({ resolve: request.resolve, ca: request.ca, navigationTimeoutMs: Math.min(request.timeoutMs, 15_000) });
  const version = await packageVersion();
  const analyser = new WorkerAnalyser();
  const limit = pLimit(4);
  try {
    const audits = await Promise.all(
      request.targets.map((target) =>
        limit(async () => {
          const outcome = await auditSite(target, { fetcher, now: () => new Date(), renderer, analyser }, { samplePages: request.samplePages, render: mode });
          return withScreenshotEvidence(outcome.audit, await writeScreenshots(outcome, request.screenshotDir));
        }),
      ),
    );
    const color = !request.json && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    for (const audit of audits) {
      if (request.json) process.stdout.write(`${JSON.stringify(toCheckResultJson(audit, { tool: 'gov-audit', version }))}\n`);
      // formatAudit made each untrusted field safe; its colours must not meet the output filter.
      else if (color) writeTrusted(process.stdout, formatAudit(audit, { lang, color }));
      else process.stdout.write(formatAudit(audit, { lang, color }));
    }
    return exitCode(audits);
  } finally {
    await renderer?.close();
    await fetcher.close();
    await analyser.close();
  }
}

/**
 * The render mode that can run here: `auto` falls back to `never` when no Chromium is found
 * (said on stderr, so that JSON output stays clean; the human output repeats the mode that ran);
 * `always` without a browser is an input error, since the user asked for the browser explicitly.
 */
export async function availableRenderMode(asked: RenderMode, lang: Lang): Promise<RenderMode> {
  if (asked === 'never' || (await findChromium()) !== undefined) return asked;
  const t = (vi: string, en: string) => (lang === 'en' ? en : vi);
  if (asked === 'always') {
    throw new UsageError(t(
      `--render always cần trình duyệt Chromium nhưng không tìm thấy (cài gói chromium hoặc đặt biến ${CHROMIUM_ENV})`,
      `--render always needs Chromium but none was found (install the chromium package or set ${CHROMIUM_ENV})`,
    ));
  }
  process.stderr.write(`${t(
    `Lưu ý: không tìm thấy trình duyệt Chromium — chế độ --render auto chuyển sang never (chỉ kiểm tra HTML); nhãn EMC sẽ là "chưa xác định". Cài gói chromium hoặc đặt biến ${CHROMIUM_ENV}.`,
    `Note: no Chromium browser found — --render auto falls back to never (HTML only); the EMC badge will be "unknown". Install the chromium package or set ${CHROMIUM_ENV}.`,
  )}\n`);
  return 'never';
}

/** Writes the homepage screenshots as `<dir>/<host>-viewport.png` and `<host>-badge.png`; returns their absolute paths. */
async function writeScreenshots(outcome: AuditOutcome, dir: string): Promise<ScreenshotRefs> {
  const shots = outcome.screenshots;
  if (shots === undefined || (shots.viewportPng === undefined && shots.badgePng === undefined)) return {};
  const folder = resolvePath(dir);
  await mkdir(folder, { recursive: true });
  const refs: ScreenshotRefs = {};
  const host = outcome.audit.host;
  if (shots.viewportPng) {
    refs.viewport = join(folder, `${host}-viewport.png`);
    await writeFile(refs.viewport, shots.viewportPng);
  }
  if (shots.badgePng) {
    refs.badge = join(folder, `${host}-badge.png`);
    await writeFile(refs.badge, shots.badgePng);
  }
  return refs;
}

/** 1 when anything failed, 3 when nothing failed but something is unknown, 0 otherwise. */
export function exitCode(audits: SiteAudit[]): number {
  const overall = audits.map((audit) => overallVerdict(audit));
  if (overall.includes('fail')) return EXIT.fail;
  if (overall.includes('unknown')) return EXIT.unknown;
  return EXIT.pass;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function validate(values: Values, positionals: string[], lang: Lang): Promise<CheckRequest> {
  const t = (vi: string, en: string) => (lang === 'en' ? en : vi);
  if (values.lang !== 'vi' && values.lang !== 'en') {
    throw new UsageError(t(`--lang phải là vi hoặc en (nhận được "${values.lang}")`, `--lang must be vi or en (got "${values.lang}")`));
  }
  if (positionals.length === 0) {
    throw new UsageError(t('Cần ít nhất một địa chỉ trang, ví dụ: gov-audit check https://hanoi.gov.vn', 'Give at least one site address, e.g. gov-audit check https://hanoi.gov.vn'));
  }
  const role = values.role;
  if (!['auto', 'portal', 'component'].includes(role)) {
    throw new UsageError(t(`--role phải là portal, component hoặc auto (nhận được "${role}")`, `--role must be portal, component or auto (got "${role}")`));
  }
  const pages = Number(values.pages);
  if (!Number.isInteger(pages) || pages < 0 || pages > 20) {
    throw new UsageError(t(`--pages phải là số nguyên từ 0 đến 20 (nhận được "${values.pages}")`, `--pages must be an integer from 0 to 20 (got "${values.pages}")`));
  }
  const render = values.render;
  if (render !== 'auto' && render !== 'always' && render !== 'never') {
    throw new UsageError(t(`--render phải là auto, always hoặc never (nhận được "${render}")`, `--render must be auto, always or never (got "${render}")`));
  }
  if (values.screenshots.trim() === '') {
    throw new UsageError(t('--screenshots cần một thư mục', '--screenshots needs a directory'));
  }
  const timeoutSeconds = timeoutSecondsOf(values.timeout, lang);
  const url = (input: string, what: string) => {
    const result = normaliseSiteUrl(input);
    if (!result.ok) throw new UsageError(`${what} "${input}": ${result.error[lang]}`);
    return result;
  };
  const parent = values.parent === undefined ? undefined : url(values.parent, '--parent').url;
  const components = values.components === undefined
    ? undefined
    : values.components.split(',').map((s) => s.trim()).filter(Boolean).map((c) => url(c, '--components').url);
  if (role === 'portal' && parent) {
    throw new UsageError(t('--parent chỉ dùng cho trang thành phần (--role component)', '--parent applies to component sites only (--role component)'));
  }
  if (role === 'component' && components) {
    throw new UsageError(t('--components chỉ dùng cho cổng chính (--role portal)', '--components applies to portals only (--role portal)'));
  }
  if (parent && components) {
    throw new UsageError(t('Không dùng đồng thời --parent và --components', 'Use either --parent or --components, not both'));
  }
  const resolve = (values.resolve ?? []).map((text) => {
    try {
      return parseResolveMapping(text);
    } catch (error) {
      throw new UsageError(`--resolve "${text}": ${(error as Error).message}`);
    }
  });
  let ca: string | undefined;
  if (values.ca !== undefined) {
    try {
      ca = await readFile(values.ca, 'utf8');
    } catch (error) {
      throw new UsageError(t(`Không đọc được tệp --ca "${values.ca}": ${(error as Error).message}`, `Cannot read --ca file "${values.ca}": ${(error as Error).message}`));
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new UsageError(t(`Tệp --ca "${values.ca}" không chứa chứng chỉ PEM`, `--ca file "${values.ca}" holds no PEM certificate`));
    }
  }
  const targets = positionals.map((input): AuditTarget => {
    const site = url(input, t('Địa chỉ', 'Address'));
    return buildTarget(site.url, site.host, role as 'auto' | 'portal' | 'component', parent, components);
  });
  return {
    targets, samplePages: pages, resolve, ca, timeoutMs: Math.round(timeoutSeconds * 1000),
    render, screenshotDir: values.screenshots, lang, json: values.json,
  };
}

/**
 * The role of a site, when not given: a registrable domain (`hanoi.gov.vn`) is a portal; a
 * host under one (`so-tttt.hanoi.gov.vn`) is a component whose parent is inferred.
 */
export function buildTarget(url: string, host: string, role: 'auto' | 'portal' | 'component', parent?: string, components?: string[]): AuditTarget {
  if (parent || role === 'component') {
    if (parent) return { url, role: 'component', parentUrl: parent, parentSource: 'given' };
    return { url, role: 'component' };
  }
  if (components || role === 'portal') return { url, role: 'portal', components };
  const inferred = inferParentHost(host);
  return inferred ? { url, role: 'component' } : { url, role: 'portal' };
}

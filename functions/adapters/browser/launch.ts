/**
 * Finds and launches Chromium for the browser tier (docs/architecture.md "Browser tier"). Locally and in CI
 * the Debian `chromium` package is used through playwright-core's `executablePath`; without it
 * (and on Lambda) `@sparticuz/chromium` unpacks its headless build into the temp directory
 * (`os.tmpdir()`, so TMPDIR must be writable). Never `npx playwright install`: its downloads
 * are not available here.
 */
import { access, constants } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

/** Where the executable came from. */
export type ChromiumSource = 'explicit' | 'env' | 'system' | 'sparticuz';

export interface ChromiumLocation {
  executablePath: string;
  source: ChromiumSource;
}

export interface LaunchedChromium extends ChromiumLocation {
  browser: Browser;
}

/** Environment variable naming a Chromium executable to use. */
export const CHROMIUM_ENV = 'GOV_AUDIT_CHROMIUM';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Launch flags of docs/architecture.md "Browser tier". `--headless` itself comes from playwright-core (`headless: true`),
 * which picks the right headless mode for the binary.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * What Lambda's sandbox needs from @sparticuz/chromium's own argument list (no zygote, one
 * process, GPU in process). Its other arguments are deliberately not taken:
 * `--disable-web-security` and `--allow-running-insecure-content` would let a page load what a
 * visitor's browser refuses (mixed-content trackers), and the verdicts must be the visitor's.
 */
export const LAMBDA_FLAGS: readonly string[] = ['--single-process', '--no-zygote', '--in-process-gpu'];

/** How long a launch may take (a cold start unpacks @sparticuz/chromium first; lib/time-budgets.ts counts it). */
export const LAUNCH_TIMEOUT_MS = 60_000;

/** Thrown by {@link launchChromium} when no browser can be found. */
export class BrowserUnavailableError extends Error {
  constructor() {
    super(`browser not available: no Chromium at ${CHROMIUM_ENV}, ${SYSTEM_PATHS.join(', ')}, nor from @sparticuz/chromium`);
    this.name = 'BrowserUnavailableError';
  }
}

/**
 * The first Chromium available, in order: the explicit path, `$GOV_AUDIT_CHROMIUM`,
 * `/usr/bin/chromium`, `/usr/bin/chromium-browser`, then `@sparticuz/chromium` (unpacked on
 * first use). Undefined when none is, so that callers can say "browser not available" and fall
 * back to the static tier.
 */
export async function findChromium(options: { executablePath?: string } = {}): Promise<ChromiumLocation | undefined> {
  const candidates: ChromiumLocation[] = [
    ...(options.executablePath ? [{ executablePath: options.executablePath, source: 'explicit' as const }] : []),
    ...(process.env[CHROMIUM_ENV] ? [{ executablePath: process.env[CHROMIUM_ENV] as string, source: 'env' as const }] : []),
    ...SYSTEM_PATHS.map((executablePath) => ({ executablePath, source: 'system' as const })),
  ];
  for (const candidate of candidates) {
    if (await isExecutable(candidate.executablePath)) return candidate;
  }
  try {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    const executablePath = await sparticuz.executablePath();
    return (await isExecutable(executablePath)) ? { executablePath, source: 'sparticuz' } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Launches headless Chromium with the flags of docs/architecture.md "Browser tier" plus `args` (the renderer adds its proxy
 * flags). @throws BrowserUnavailableError when no executable is found.
 */
export async function launchChromium(options: { executablePath?: string; args?: readonly string[] } = {}): Promise<LaunchedChromium> {
  const location = await findChromium(options);
  if (location === undefined) throw new BrowserUnavailableError();
  const browser = await chromium.launch({
    executablePath: location.executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(location.source === 'sparticuz' && process.env.AWS_LAMBDA_FUNCTION_NAME ? LAMBDA_FLAGS : []), ...(options.args ?? [])],
    timeout: LAUNCH_TIMEOUT_MS,
  });
  return { browser, ...location };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

import { readFile } from 'node:fs/promises';

/**
 * The tool's version, as package.json gives it (shown by --version and in JSON output). The path
 * is relative to this module both as source (bin/cli/) and as the built bundle (dist/cli/).
 */
export async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

#!/usr/bin/env node
// Launcher of the gov-audit CLI. It runs the JavaScript that `npm ci` built into dist/cli/
// (bin/build-cli.js, the `prepare` script): starting takes about as long as Node itself. When
// a source file changed since that build (a working checkout), it runs the TypeScript sources
// through tsx instead, a devDependency: slower to start, never stale. `npm run build` rebuilds.
import { readFileSync, statSync } from 'node:fs';

// The AWS SDK is pinned to a Node-20-compatible release (docs/architecture.md "Runtime"); its
// notice that later releases need Node 22 is for upgrades, not for the users of this command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/', root);
const cli = isFresh() ? await import(new URL('main.js', built).href) : await fromSources();
process.exitCode = await cli.main(process.argv.slice(2));

/** True when dist/cli exists and none of the sources it was built from changed since. */
function isFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL('build.json', built), 'utf8'));
  } catch {
    return false;
  }
  return stamp.inputs.every((path) => {
    try {
      return statSync(new URL(path, root)).mtimeMs <= stamp.builtMs;
    } catch {
      return false;
    }
  });
}

async function fromSources() {
  if (process.stderr.isTTY) process.stderr.write('gov-audit: sources changed since the last build; running them through tsx (slower start; `npm run build` rebuilds).\n');
  const { register } = await import('tsx/esm/api');
  register();
  return import('./cli/main.ts');
}

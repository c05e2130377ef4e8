#!/usr/bin/env node
// Builds the gov-audit CLI into dist/cli/ (run by `npm ci` / `npm install` through the `prepare`
// script, and by `npm run build`). esbuild bundles bin/cli/main.ts and the project code it
// reaches into plain JavaScript; dependencies stay in node_modules (`packages: 'external'`).
// Code splitting keeps every command in its own chunk, so `gov-audit --help` loads only the
// router. dist/cli/build.json lists the sources that went in and when: bin/gov-audit.js runs
// the build only while none of them changed since (docs/architecture.md "Runtime").
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${root}dist/cli`;

/**
 * Builds dist/cli from the sources. Returns false (and says why on stderr) when esbuild is not
 * installed: an install without devDependencies (npm ci --omit=dev) has neither esbuild nor tsx.
 */
async function buildCli() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('gov-audit: esbuild is not installed (devDependencies omitted?); the CLI is not built.\n');
    return false;
  }
  // Taken before reading any source: a file saved during the build counts as changed after it.
  const builtMs = Date.now();
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['bin/cli/main.ts'],
    outdir: 'dist/cli',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/'));
  await writeFile(`${outdir}/build.json`, `${JSON.stringify({ builtMs, inputs: [...inputs, 'package.json'] }, null, 1)}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildCli();

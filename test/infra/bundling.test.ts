import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { nodeModuleClosure } from '../../lib/constructs/node-module-closure.ts';
import { addStack, cdkJsonContext, REPO_ROOT } from './support/synth-auditor.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

let outdir: string;
let resources: Record<string, Resource>;

/** The asset folder (cdk.out/asset.<hash>) holding the code of the function `id`. */
function assetDir(id: string): string {
  const [, fn] = Object.entries(resources).find(([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${id}Function`))!;
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  return join(outdir, `asset.${hash}`);
}

beforeAll(() => {
  // Prepare (shared): a real synth with local esbuild bundling (no Docker) of the fixture handlers.
  outdir = mkdtempSync(join(tmpdir(), 'auditor-bundle-'));
  const app = new App({ context: cdkJsonContext(), outdir });
  const stack = addStack(app);
  app.synth();
  resources = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')).Resources;
}, 300_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Lambda bundles', () => {
  it.each(['Dispatch', 'Scan', 'Report', 'ImportTraffic', 'Link'])('%s ships one ESM file with its source map and nothing else', (id) => {
    // Prepare / Act
    const files = readdirSync(assetDir(id)).sort();

    // Assess
    expect(files).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('defines require for bundled CommonJS code and exports the handler as ESM', async () => {
    // Prepare
    const entry = join(assetDir('Scan'), 'index.mjs');

    // Act
    const source = readFileSync(entry, 'utf8');
    const module = (await import(pathToFileURL(entry).href)) as { handler: () => Promise<unknown> };

    // Assess
    expect(source.startsWith("import { createRequire as __auditorCreateRequire } from 'node:module';")).toBe(true);
    expect(typeof module.handler).toBe('function');
  });

  it('ships @sparticuz/chromium (with its Chromium archive) and playwright-core installed beside the render bundle', () => {
    // Prepare
    const dir = assetDir('Render');

    // Act
    const shipped = nodeModuleClosure(REPO_ROOT, ['@sparticuz/chromium', 'playwright-core']);

    // Assess
    expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/@sparticuz/chromium/bin/chromium.br'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/playwright-core/package.json'))).toBe(true);
    for (const packageDir of shipped) expect(existsSync(join(dir, packageDir, 'package.json')), packageDir).toBe(true);
  });
});

describe('nodeModuleClosure', () => {
  it("lists a package with its hoisted runtime dependencies, each folder once", () => {
    // Prepare / Act
    const closure = nodeModuleClosure(REPO_ROOT, ['@sparticuz/chromium']);

    // Assess
    expect(closure).toEqual(expect.arrayContaining(['node_modules/@sparticuz/chromium', 'node_modules/tar-fs', 'node_modules/follow-redirects']));
    expect(new Set(closure).size).toBe(closure.length);
    expect(closure).not.toContain('node_modules/playwright-core');
  });

  it('fails with the package name when a package is not installed', () => {
    // Prepare / Act
    const resolve = () => nodeModuleClosure(REPO_ROOT, ['@gov-portal-auditor/not-installed']);

    // Assess
    expect(resolve).toThrow('Package "@gov-portal-auditor/not-installed"');
  });
});

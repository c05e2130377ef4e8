/**
 * House rules a reviewer should not have to remember:
 * - every document a code comment or a doc cites exists in the repository (comments once cited
 *   design notes that were never part of it);
 * - the dependency direction of docs/architecture.md is enforced by lint for every folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', ...patterns], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('cited documents exist', () => {
  it('every *.md a source file names is a file of the repository', () => {
    // Prepare: names like `docs/architecture.md` or `README.md`, resolved from the repository root.
    const sources = tracked('*.ts', '*.js').filter((path) => !path.startsWith('node_modules/'));
    const citations = sources.flatMap((path) =>
      [...readFileSync(join(ROOT, path), 'utf8').matchAll(/(?<![\w/.-])([\w.-]+\/)*[\w.-]+\.md\b/g)].map((m) => ({ path, cited: m[0] })),
    );
    // Act
    const missing = citations.filter(({ cited }) => !existsSync(join(ROOT, cited))).map(({ path, cited }) => `${path}: ${cited}`);
    // Assess
    expect(citations.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('every relative link between the docs points at a file that exists', () => {
    const docs = tracked('README.md', 'docs/*.md');
    const links = docs.flatMap((doc) =>
      [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1])
        .filter((target) => !/^[a-z]+:/i.test(target))
        .map((target) => ({ doc, target, path: join(ROOT, dirname(doc), target) })),
    );
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((l) => !existsSync(l.path)).map((l) => `${l.doc} → ${l.target}`)).toEqual([]);
  });
});

describe('dependency direction is enforced by lint', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const violations: Array<[file: string, source: string]> = [
    ['local/runner/x.ts', "import { main } from '../../bin/cli/main.ts';\nvoid main;\n"],
    ['local/runner/x.ts', "import { runMain } from '../../test/support/run-cli.ts';\nvoid runMain;\n"],
    ['bench/x.bench.ts', "import { runMain } from '../test/support/run-cli.ts';\nvoid runMain;\n"],
    ['bin/cli/x.ts', "import { handler } from '../../functions/scan/handler.ts';\nvoid handler;\n"],
    ['functions/report/x.ts', "import { handler } from '../scan/handler.ts';\nvoid handler;\n"],
    ['functions/core/x.ts', "import { createHttpFetcher } from '../adapters/http-fetcher.ts';\nvoid createHttpFetcher;\n"],
    ['lib/x.ts', "import { handler } from '../functions/scan/handler.ts';\nvoid handler;\n"],
  ];

  it.each(violations)('%s may not: %s', async (file, source) => {
    // Act
    const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
    // Assess
    expect(result.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it('allows the directions the architecture allows', async () => {
    const allowed: Array<[string, string]> = [
      ['bin/cli/x.ts', "import { runPipeline } from '../../local/runner/run-pipeline.ts';\nvoid runPipeline;\n"],
      ['local/runner/x.ts', "import { makeHandler } from '../../functions/scan/handler.ts';\nvoid makeHandler;\n"],
      ['bench/x.bench.ts', "import { finding } from '../local/sim-records/report-factory.ts';\nvoid finding;\n"],
    ];
    for (const [file, source] of allowed) {
      const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
      expect(result.messages.filter((m) => m.ruleId === 'no-restricted-imports'), file).toEqual([]);
    }
  });
});

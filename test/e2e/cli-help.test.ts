/** Every command answers `--help` with its usage (exit 0), as the main help promises. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('gov-audit <command> --help', () => {
  it.each(['check', 'run', 'demo', 'registry', 'runs', 'findings', 'traffic', 'override', 'report'])('%s --help prints its usage', async (command) => {
    // Act
    const run = await runCli([command, '--help']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Cách dùng: gov-audit ${command}`);
  });

  it('speaks English with --lang en', async () => {
    const run = await runCli(['report', '--help', '--lang', 'en']);
    expect(run.stdout).toMatch(/^Usage: gov-audit report --period YYYY-MM/);
  });
});

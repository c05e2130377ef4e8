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
    // Options are listed with a description each, not only named in the usage line.
    expect(run.stdout).toContain('Tuỳ chọn:');
    expect(run.stdout).toMatch(/^ {2}--lang vi\|en\s+Ngôn ngữ \(mặc định vi\)$/m);
  });

  it('describes the options a command takes', async () => {
    const registry = await runCli(['registry', '--help']);
    expect(registry.stdout).toMatch(/^ {2}--replace\s+Thay toàn bộ danh sách/m);
    expect(registry.stdout).toMatch(/^ {2}--dry-run\s+Chỉ in thay đổi/m);
    const override = await runCli(['override', '--help']);
    for (const flag of ['--reason', '--by', '--until', '--host']) expect(override.stdout).toMatch(new RegExp(`^ {2}${flag} .+\\S`, 'm'));
  });

  it('speaks English with --lang en', async () => {
    const run = await runCli(['report', '--help', '--lang', 'en']);
    expect(run.stdout).toMatch(/^Usage: gov-audit report --period YYYY-MM/);
  });
});

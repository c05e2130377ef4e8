import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CfnResource, Validations, type App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { AuditorStack } from '../../lib/auditor-stack.ts';
import { addStack, makeApp } from './support/synth-auditor.ts';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

interface Acknowledgement {
  path: string;
  id: string;
  reason: unknown;
}

/** Every `Validations.of(x).acknowledge()` in the tree, with where it was made. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          path: construct.node.path,
          // Stored as `annotation::<id>` (IDs without a plugin prefix are treated as annotations).
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

let outdir: string;
let app: App;
let stack: AuditorStack;
let synthError: unknown;

beforeAll(() => {
  // Prepare (shared): the app exactly as bin/app.ts builds it (AwsSolutions checks included).
  outdir = mkdtempSync(join(tmpdir(), 'auditor-nag-'));
  app = makeApp({ alarmEmail: 'canhbao@sotttt.example.gov.vn' }, outdir);
  stack = addStack(app);
  try {
    app.synth();
  } catch (error) {
    // Unacknowledged errors make synth throw; the report file says which, asserted below.
    synthError = error;
  }
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged error or warning in the validation report', () => {
    // Prepare
    const reportFile = join(outdir, 'validation-report.json');

    // Act
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport;
    const open = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    );

    // Assess
    expect(existsSync(reportFile)).toBe(true);
    expect(open).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  it('leaves no error or warning annotation on the stack', () => {
    // Prepare
    const annotations = Annotations.fromStack(stack);

    // Act
    const errors = annotations.findError('*', Match.anyValue());
    const warnings = annotations.findWarning('*', Match.anyValue());

    // Assess
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data)}`)).toEqual([]);
    expect(warnings.map((w) => `${w.id}: ${String(w.entry.data)}`)).toEqual([]);
  });

  it('gives every acknowledgement a rule id and a real reason', () => {
    // Prepare / Act
    const acks = acknowledgements(app);

    // Assess
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(typeof ack.reason, `${ack.id} at ${ack.path}`).toBe('string');
      expect((ack.reason as string).length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('acknowledges only findings that exist (no stale acknowledgement)', () => {
    // Prepare: count which acknowledgements the pack consults and finds. The hook wraps the
    // pack's private `isAcknowledged`; the non-empty check below fails if cdk-nag renames it.
    const pack = new AwsSolutionsChecks();
    const hook = pack as unknown as { isAcknowledged: (resource: CfnResource, ruleId: string) => boolean };
    const original = hook.isAcknowledged.bind(pack);
    const matched = new Set<string>();
    hook.isAcknowledged = (resource, ruleId) => {
      const acknowledged = original(resource, ruleId);
      if (acknowledged) matched.add(ruleId);
      return acknowledged;
    };

    // Act
    pack.validateScope(app);
    const unused = acknowledgements(app).filter((ack) => !matched.has(ack.id));

    // Assess
    expect(matched.size).toBeGreaterThan(0);
    expect(unused.map((ack) => `${ack.id} at ${ack.path}`)).toEqual([]);
  });
});

/**
 * Test factory: the auditor app as bin/app.ts builds it, with cdk.json's real context,
 * bundling skipped and handler entries taken from the infra-test fixtures.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addAuditorStack } from '../../../lib/auditor-app.ts';
import type { AuditorStack } from '../../../lib/auditor-stack.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(HERE, '..', '..', '..');
/** Fixture handlers: NodejsFunction needs entry files to exist even when not bundling. */
export const FIXTURE_FUNCTIONS_ROOT = join(HERE, '..', 'fixtures', 'functions');

/** The `context` block of cdk.json, as the CDK CLI would pass it. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/** A fresh app with cdk.json context plus `overrides`, bundling disabled. */
export function makeApp(overrides: Record<string, unknown> = {}, outdir?: string): App {
  return new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...overrides },
    ...(outdir === undefined ? {} : { outdir }),
  });
}

/** Build the auditor stack into `app` (config read from its context). */
export function addStack(app: App): AuditorStack {
  return addAuditorStack(app, { functionsRoot: FIXTURE_FUNCTIONS_ROOT });
}

/** Synthesise the stack and return its template. */
export function synthTemplate(overrides: Record<string, unknown> = {}): { stack: AuditorStack; template: Template } {
  const app = makeApp(overrides);
  const stack = addStack(app);
  return { stack, template: Template.fromStack(stack) };
}

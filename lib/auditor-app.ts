/**
 * Assembles the CDK app: typed configuration from context, the auditor stack, and the
 * AwsSolutions cdk-nag checks (run by the CDK validation framework at synth).
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AuditorStack } from './auditor-stack.ts';
import { readAuditorConfig } from './config.ts';

/** Stack id (and CloudFormation stack name). */
export const AUDITOR_STACK_ID = 'GovPortalAuditor';

export interface AuditorAppOptions {
  /** Folder holding `<name>/handler.ts`; tests point it at fixtures. @default `functions` */
  readonly functionsRoot?: string;
}

/**
 * Add the auditor stack to `app` and register the AwsSolutions checks.
 *
 * @throws ConfigError when the context is invalid (the message names the key).
 */
export function addAuditorStack(app: App, options: AuditorAppOptions = {}): AuditorStack {
  const config = readAuditorConfig(app);
  const stack = new AuditorStack(app, AUDITOR_STACK_ID, {
    config,
    ...(options.functionsRoot === undefined ? {} : { functionsRoot: options.functionsRoot }),
    description: 'Auditor of Vietnamese government portals (Circular 22/2023/TT-BTTTT)',
    // The account of the caller's credentials; the region is configuration (cdk.json `region`),
    // not whatever region the machine running the synth happens to be set to.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

/**
 * The download-link service as synthesized: a public Function URL on the link function, the
 * generated signing key, read on it for exactly the two functions that need it, and the
 * variables the report and link handlers read (functions/commons/wiring.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../lib/config.ts';
import { synthTemplate } from './support/synth-auditor.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  // Prepare (shared): one synth with a non-default link validity.
  template = synthTemplate({ linkValidityDays: 45 }).template;
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functionId = (id: string) => ofType('AWS::Lambda::Function').find(([logicalId]) => logicalId.startsWith(`${id}Function`))![0];
const envOf = (id: string) => resources[functionId(id)].Properties.Environment.Variables as Record<string, unknown>;
const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Logical ids of the functions whose role may call a `secretsmanager:` action, with the statements. */
function secretReaders(): Map<string, Statement[]> {
  const readers = new Map<string, Statement[]>();
  for (const [, policy] of ofType('AWS::IAM::Policy')) {
    const statements = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    if (statements.length === 0) continue;
    for (const role of policy.Properties.Roles as { Ref: string }[]) {
      const fn = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties.Role['Fn::GetAtt'][0] === role.Ref)![0];
      readers.set(fn, [...(readers.get(fn) ?? []), ...statements]);
    }
  }
  return readers;
}

describe('download-link service', () => {
  it('exposes the link function on a Function URL without IAM auth (the token is the credential)', () => {
    // Prepare / Act
    const urls = ofType('AWS::Lambda::Url');

    // Assess
    expect(urls).toHaveLength(1);
    expect(urls[0][1].Properties).toMatchObject({ AuthType: 'NONE', InvokeMode: 'BUFFERED', TargetFunctionArn: { 'Fn::GetAtt': [functionId('Link'), 'Arn'] } });
    expect(urls[0][1].Properties.Cors).toBeUndefined();
  });

  it('keeps the signing key in a generated Secrets Manager secret', () => {
    // Prepare / Act
    const secrets = ofType('AWS::SecretsManager::Secret');

    // Assess
    expect(secrets).toHaveLength(1);
    expect(secrets[0][1].Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secrets[0][1].Properties.SecretString).toBeUndefined();
  });

  it('lets only the link and report functions read the key, with GetSecretValue on that secret alone', () => {
    // Prepare
    const [secretId] = ofType('AWS::SecretsManager::Secret')[0];

    // Act
    const readers = secretReaders();

    // Assess
    expect([...readers.keys()].sort()).toEqual([functionId('Link'), functionId('Report')].sort());
    for (const statements of readers.values()) {
      expect(statements).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } }]);
    }
  });

  it('gives the link function no action wildcard and no write anywhere', () => {
    // Prepare
    const roleId = resources[functionId('Link')].Properties.Role['Fn::GetAtt'][0];

    // Act
    const actions = ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument.Statement as Statement[]).flatMap(actionsOf));

    // Assess
    expect([...new Set(actions)].sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 'secretsmanager:GetSecretValue']);
  });

  it('gives the report function the link base URL, the key and the configured validity, and no presigning right on evidence', () => {
    // Prepare
    const [urlId] = ofType('AWS::Lambda::Url')[0];
    const [secretId] = ofType('AWS::SecretsManager::Secret')[0];

    // Act
    const report = envOf('Report');
    const link = envOf('Link');

    // Assess
    expect(report).toMatchObject({ LINK_BASE_URL: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] }, LINK_SECRET_ARN: { Ref: secretId }, LINK_VALIDITY_DAYS: '45' });
    expect(link).toMatchObject({ LINK_SECRET_ARN: { Ref: secretId } });
    expect(Object.keys(link)).toContain('BUCKET_NAME');
    expect(Object.keys(link)).not.toEqual(expect.arrayContaining(['TABLE_NAME']));
  });

  it('defaults the validity to 30 days and rejects a validity outside 1–366 days naming the key', () => {
    // Prepare / Act
    const defaults = synthTemplate().template.toJSON().Resources as Record<string, Resource>;
    const reportFn = Object.entries(defaults).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('ReportFunction'))![1];

    // Assess
    expect(reportFn.Properties.Environment.Variables.LINK_VALIDITY_DAYS).toBe('30');
    expect(() => synthTemplate({ linkValidityDays: 400 })).toThrow(ConfigError);
    expect(() => synthTemplate({ linkValidityDays: 400 })).toThrow('linkValidityDays');
  });
});

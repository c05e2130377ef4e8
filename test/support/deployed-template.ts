/**
 * Reads a synthesized template as if it were deployed on the embedded stack: intrinsics
 * (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::Sub`, pseudo parameters)
 * resolve to the local table, bucket, queues, topic, secret and Function URL, so a function's
 * environment variables and its role's policy statements can be used as they would be on AWS.
 */
import { queueArn, type ArnContext, type ResolvedStatement } from './aws-call-recorder.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Resources = Record<string, { Type: string; Properties: Json }>;

/** The physical stand-ins of the template's resources. */
export interface LocalPhysical extends ArnContext {
  tableName: string;
  bucketName: string;
  /** Queue URL by the environment variable that names the queue in the template (SCAN_QUEUE_URL…). */
  queues: Record<string, string>;
  /** Base URL of the local Function URL server. */
  functionUrl: string;
}

const TEMPLATE_KEYS = ['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::Sub'];

export class DeployedTemplate {
  private readonly refs = new Map<string, string>();
  private readonly atts = new Map<string, Record<string, string>>();

  constructor(
    readonly resources: Resources,
    readonly local: LocalPhysical,
  ) {
    const { region, account } = local;
    const queueIds = this.queueIdsByEnvName();
    for (const [id, r] of Object.entries(resources)) {
      switch (r.Type) {
        case 'AWS::DynamoDB::Table':
          this.define(id, local.tableName, { Arn: `arn:aws:dynamodb:${region}:${account}:table/${local.tableName}` });
          break;
        case 'AWS::S3::Bucket': {
          const name = this.isStorageBucket(id) ? local.bucketName : `unused-${id.toLowerCase()}`;
          this.define(id, name, { Arn: `arn:aws:s3:::${name}` });
          break;
        }
        case 'AWS::SQS::Queue': {
          const envName = [...queueIds].find(([, queueId]) => queueId === id)?.[0];
          const url = envName ? local.queues[envName] : `http://127.0.0.1:1/${account}/unused-${id}`;
          this.define(id, url, { Arn: queueArn(url, local), QueueName: url.split('/').pop()! });
          break;
        }
        case 'AWS::SNS::Topic':
          this.define(id, `arn:aws:sns:${region}:${account}:${id}`, {});
          break;
        case 'AWS::SecretsManager::Secret':
          this.define(id, `arn:aws:secretsmanager:${region}:${account}:secret:${id}-AbCdEf`, {});
          break;
        case 'AWS::Lambda::Url':
          this.define(id, id, { FunctionUrl: local.functionUrl });
          break;
        case 'AWS::Lambda::Function':
          this.define(id, id, { Arn: `arn:aws:lambda:${region}:${account}:function:${id}` });
          break;
        case 'AWS::Logs::LogGroup':
          this.define(id, id, { Arn: `arn:aws:logs:${region}:${account}:log-group:${id}:*` });
          break;
        case 'AWS::KMS::Key':
          this.define(id, id, { Arn: `arn:aws:kms:${region}:${account}:key/${id}` });
          break;
        case 'AWS::IAM::Role':
          this.define(id, id, { Arn: `arn:aws:iam::${account}:role/${id}` });
          break;
        default:
          this.define(id, id, {});
      }
    }
    this.define('AWS::Region', region, {});
    this.define('AWS::AccountId', account, {});
    this.define('AWS::Partition', 'aws', {});
    this.define('AWS::URLSuffix', 'amazonaws.com', {});
  }

  /** Logical id of the function whose construct id is `id` (`Scan` → `ScanFunction…`). */
  functionId(id: string): string {
    const found = Object.entries(this.resources).filter(([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${id}Function`));
    if (found.length !== 1) throw new Error(`expected one function ${id}, found ${found.length}`);
    return found[0][0];
  }

  /** The function's environment variables, resolved. */
  environment(id: string): Record<string, string> {
    return this.resolve(this.resources[this.functionId(id)].Properties.Environment?.Variables ?? {}) as Record<string, string>;
  }

  /** Every statement of every policy of the function's role, resolved. */
  statements(id: string): ResolvedStatement[] {
    const roleId = this.resources[this.functionId(id)].Properties.Role['Fn::GetAtt'][0] as string;
    const inline = (this.resources[roleId].Properties.Policies ?? []) as { PolicyDocument: Json }[];
    const attached = Object.values(this.resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .map((r) => r.Properties as { PolicyDocument: Json });
    if ((this.resources[roleId].Properties.ManagedPolicyArns ?? []).length > 0) throw new Error(`${id}: managed policies are not modelled`);
    return [...inline, ...attached].flatMap((p) => this.resolve(p.PolicyDocument.Statement) as ResolvedStatement[]);
  }

  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && TEMPLATE_KEYS.includes(keys[0])) return this.intrinsic(keys[0], value[keys[0]]);
    return Object.fromEntries(keys.map((k) => [k, this.resolve(value[k])]));
  }

  private intrinsic(name: string, args: Json): Json {
    switch (name) {
      case 'Ref': {
        const ref = this.refs.get(args as string);
        if (ref === undefined) throw new Error(`unresolved Ref ${args}`);
        return ref;
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = args as [string, string];
        const value = this.atts.get(id)?.[attribute];
        if (value === undefined) throw new Error(`unresolved Fn::GetAtt ${id}.${attribute} (${this.resources[id]?.Type})`);
        return value;
      }
      case 'Fn::Join':
        return (this.resolve(args[1]) as string[]).join(args[0] as string);
      case 'Fn::Select':
        return (this.resolve(args[1]) as string[])[Number(this.resolve(args[0]))];
      case 'Fn::Split':
        return (this.resolve(args[1]) as string).split(args[0] as string);
      default: {
        const [text, vars] = Array.isArray(args) ? args : [args, {}];
        return (text as string).replace(/\$\{([^}]+)\}/g, (_m, ref: string) => {
          if (vars[ref] !== undefined) return this.resolve(vars[ref]);
          const [id, attribute] = ref.split('.');
          return attribute ? this.intrinsic('Fn::GetAtt', [id, attribute]) : this.intrinsic('Ref', id);
        });
      }
    }
  }

  private define(id: string, ref: string, atts: Record<string, string>): void {
    this.refs.set(id, ref);
    this.atts.set(id, atts);
  }

  /** Queues named by the functions' variables: `SCAN_QUEUE_URL` → its queue's logical id. */
  private queueIdsByEnvName(): Map<string, string> {
    const ids = new Map<string, string>();
    for (const r of Object.values(this.resources)) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      for (const [name, value] of Object.entries((r.Properties.Environment?.Variables ?? {}) as Record<string, Json>)) {
        if (name.endsWith('_QUEUE_URL') && value?.Ref) ids.set(name, value.Ref as string);
      }
    }
    return ids;
  }

  private isStorageBucket(id: string): boolean {
    return Object.values(this.resources).some((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.BUCKET_NAME?.Ref === id);
  }
}

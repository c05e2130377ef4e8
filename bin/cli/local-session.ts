/**
 * The embedded stack as the CLI uses it: started on the user's data folder (default
 * `.gov-audit/`), with the same storage adapters the Lambdas use on AWS.
 */
import { createAwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoOverrideStore } from '../../functions/adapters/dynamo/override-store.ts';
import { DynamoRunLedger } from '../../functions/adapters/dynamo/run-ledger.ts';
import { DynamoRunStore } from '../../functions/adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { DynamoTrafficStore } from '../../functions/adapters/dynamo/traffic-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { DataDirInUseError, startEmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { UsageError } from './usage-error.ts';

export type LocalSession = Awaited<ReturnType<typeof openLocalSession>>;

export async function openLocalSession(options: { dataDir?: string; inMemory?: boolean }) {
  let stack;
  try {
    stack = await startEmbeddedStack({ dataDir: options.dataDir, inMemory: options.inMemory, visibilityTimeoutSeconds: 30, maxReceiveCount: 5 });
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new UsageError(error.message, error.vi);
    throw error;
  }
  const env = stack.env;
  const clients = createAwsClients(env);
  const tableName = env.TABLE_NAME;
  const client = clients.dynamo;
  return {
    env,
    clients,
    targets: new DynamoTargetStore({ client, tableName }),
    runs: new DynamoRunStore({ client, tableName }),
    findings: new DynamoFindingStore({ client, tableName }),
    ledger: new DynamoRunLedger({ client, tableName }),
    traffic: new DynamoTrafficStore({ client, tableName }),
    overrides: new DynamoOverrideStore({ client, tableName }),
    evidence: new S3EvidenceStore({ client: clients.s3, bucket: env.BUCKET_NAME }),
    async close() {
      clients.dynamo.destroy();
      clients.s3.destroy();
      clients.sqs.destroy();
      await stack.stop();
    },
  };
}

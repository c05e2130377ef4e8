/**
 * The report's storage ports on the embedded stack, through the real DynamoDB and S3 adapters
 * (shared by the report tests).
 */
import type { AwsClients } from '../../functions/adapters/aws-clients.ts';
import { DynamoFindingStore } from '../../functions/adapters/dynamo/finding-store.ts';
import { DynamoOverrideStore } from '../../functions/adapters/dynamo/override-store.ts';
import { DynamoRunStore } from '../../functions/adapters/dynamo/run-store.ts';
import { DynamoTargetStore } from '../../functions/adapters/dynamo/target-store.ts';
import { DynamoTrafficStore } from '../../functions/adapters/dynamo/traffic-store.ts';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import type { EmbeddedStack } from '../../local/stack/embedded-stack.ts';

export function reportStores(stack: EmbeddedStack, clients: AwsClients) {
  const tableName = stack.env.TABLE_NAME;
  const client = clients.dynamo;
  return {
    targets: new DynamoTargetStore({ client, tableName }),
    runs: new DynamoRunStore({ client, tableName }),
    findings: new DynamoFindingStore({ client, tableName }),
    traffic: new DynamoTrafficStore({ client, tableName }),
    overrides: new DynamoOverrideStore({ client, tableName }),
    files: new S3EvidenceStore({ client: clients.s3, bucket: stack.env.BUCKET_NAME }),
  };
}

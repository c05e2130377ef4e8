/**
 * The CDK app (cdk.json: `npx tsx bin/app.ts`). Configuration comes from cdk.json `context`;
 * override it with `-c`, e.g. `npx cdk deploy -c alarmEmail=ops@example.gov.vn`.
 */
import { App } from 'aws-cdk-lib';
import { addAuditorStack } from '../lib/auditor-app.ts';

addAuditorStack(new App());

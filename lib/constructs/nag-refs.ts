/**
 * How cdk-nag names a resource's ARN inside a finding id (`<LogicalId.Arn>`), so that an
 * acknowledgement names exactly one finding instead of a whole rule.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `<LogicalId.Arn>` of the CloudFormation resource behind an L2 construct. */
export function nagArnRef(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(resource)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource to reference`);
  }
  return `<${Stack.of(resource).getLogicalId(resource)}.Arn>`;
}

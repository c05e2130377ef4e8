/**
 * The auditor's durable state: the single DynamoDB table (targets, runs, findings, traffic,
 * overrides) and the S3 bucket of evidence, reports and traffic imports, with its access-log
 * bucket.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Key prefixes of the bucket (handlers build keys under these; grants are scoped to them). */
export const BUCKET_PREFIXES = {
  evidence: 'evidence/',
  reports: 'reports/',
  /** A round's public results (static pages to publish), written by the report function. */
  publicResults: 'public/',
  trafficImports: 'imports/traffic/',
} as const;

/** The global secondary index: a site's history across runs (`SITE#<host>` / `RUN#<runId>`). */
export const GSI1 = { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' } as const;

/** Evidence must outlive one evaluation year and the next year's comparison. */
export const EVIDENCE_RETENTION_DAYS = 400;

export class AuditStorage extends Construct {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      // Traffic is a burst each sweep and near zero in between: pay per request.
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Findings are the legal record of an evaluation: restorable to any second of 35 days.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed key (aws/dynamodb): every use is in CloudTrail, no key policy or grants to
      // maintain. The data (findings about public websites) does not call for a customer key.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1.indexName,
      partitionKey: { name: GSI1.partitionKey, type: AttributeType.STRING },
      sortKey: { name: GSI1.sortKey, type: AttributeType.STRING },
    });

    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(EVIDENCE_RETENTION_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // SSE-S3: the objects are copies of public web pages and reports meant to be shared by
      // presigned links; SSE-KMS would add a KMS grant to every reader of a link's signer.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Regenerated reports and re-scanned evidence keep their earlier versions (audit trail).
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'auditor-bucket/',
      lifecycleRules: [
        {
          id: 'evidence',
          prefix: BUCKET_PREFIXES.evidence,
          // Evidence is read when a verdict is disputed, mostly weeks after the scan.
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: Duration.days(EVIDENCE_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: 'reports',
          prefix: BUCKET_PREFIXES.reports,
          // Published reports are kept; superseded versions for one more year.
          noncurrentVersionExpiration: Duration.days(365),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/**
 * The download-link service: a Lambda Function URL in front of the `link` function, which checks
 * a signed, expiring token and answers 302 to a presigned S3 GET valid minutes
 * (functions/link/handler.ts); and the secret holding the HMAC key of those tokens. Functions
 * that hand out links (the report function) are bound with {@link LinkService.bindSigner}.
 * See docs/infrastructure.md, "Download links".
 */
import { CfnOutput, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, InvokeMode, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AuditorFunction } from './auditor-function.ts';

/** Default validity of a download link, days. */
export const DEFAULT_LINK_VALIDITY_DAYS = 30;

export interface LinkServiceProps {
  /** The `link` function (its handler is functions/link/handler.ts). */
  readonly fn: AuditorFunction;
  readonly bucket: IBucket;
  /** Key prefixes links may open (the link function presigns GETs under them, nothing else). */
  readonly prefixes: readonly string[];
  /** @default {@link DEFAULT_LINK_VALIDITY_DAYS} */
  readonly validityDays?: number;
}

export class LinkService extends Construct {
  /** The HMAC key of the link tokens (a generated random string). */
  readonly secret: Secret;
  readonly url: FunctionUrl;
  readonly validityDays: number;

  constructor(scope: Construct, id: string, props: LinkServiceProps) {
    super(scope, id);
    this.validityDays = props.validityDays ?? DEFAULT_LINK_VALIDITY_DAYS;
    this.secret = new Secret(this, 'SigningKey', {
      description: 'HMAC-SHA256 key of the auditor download links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the link key would void every link already sent by e-mail before it expires; the key never leaves Secrets Manager and the two functions that read it.',
    });
    this.grantKeyRead(props.fn);
    // A presigned GET is only as good as the signer's own right to read the object.
    props.fn.bindBucket(props.bucket, props.prefixes, 'read');
    // The token is the credential: Lambda does not authenticate the caller (officials have no AWS account).
    this.url = props.fn.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });
    new CfnOutput(this, 'Url', { value: this.url.url, description: 'Base URL of the download links' });
  }

  /** Lets `fn` sign links: LINK_BASE_URL, LINK_SECRET_ARN, LINK_VALIDITY_DAYS and read on the key. */
  bindSigner(fn: AuditorFunction): this {
    fn.fn.addEnvironment('LINK_BASE_URL', this.url.url);
    fn.fn.addEnvironment('LINK_VALIDITY_DAYS', String(this.validityDays));
    this.grantKeyRead(fn);
    return this;
  }

  /** GetSecretValue on this secret only (not DescribeSecret or any other secret). */
  private grantKeyRead(fn: AuditorFunction): void {
    fn.fn.addEnvironment('LINK_SECRET_ARN', this.secret.secretArn);
    fn.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }));
  }
}

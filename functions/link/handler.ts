/**
 * link — the download-link service behind a Lambda Function URL (auth NONE: the token is the
 * credential). `GET /<S3 key>?t=<token>` answers 302 to a presigned S3 GET valid a few minutes
 * when the token is genuine, unexpired and its scope holds the key; 410 with a Vietnamese page
 * on how to get a new link when it has expired; 403 otherwise (functions/core/links/answer-link.ts).
 * The download itself comes from S3: officials need no AWS account.
 */
import middy from '@middy/core';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { loggerFor, type HandlerLogger } from '../commons/logger.ts';
import { wiring } from '../commons/wiring.ts';
import { answerLink } from '../core/links/answer-link.ts';

export interface LinkHandlerDeps {
  /** The HMAC key, read once per container. */
  signingKey(): Promise<Uint8Array>;
  presign(key: string, seconds: number): Promise<string>;
  now: () => Date;
  logger: HandlerLogger;
}

export function makeHandler(buildDeps: () => LinkHandlerDeps) {
  let deps: LinkHandlerDeps | undefined;
  return middy(async (event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> => {
    deps ??= buildDeps();
    const current = deps;
    const request = { method: event.requestContext.http.method, path: event.rawPath, token: event.queryStringParameters?.t };
    const response = await answerLink(request, { signingKey: await current.signingKey(), now: current.now(), presign: (key, seconds) => current.presign(key, seconds) });
    // The token is a credential: it is never logged.
    current.logger.info('link request', { path: event.rawPath, status: response.statusCode });
    return response;
  });
}

/** Dependencies from the Lambda environment (functions/commons/wiring.ts). */
export function defaultDeps(env: Record<string, string | undefined> = process.env): LinkHandlerDeps {
  const wire = wiring(env);
  const files = wire.files();
  return {
    signingKey: wire.linkKey(),
    presign: (key, seconds) => files.presign(key, seconds),
    now: () => new Date(),
    logger: loggerFor('link'),
  };
}

export const handler = makeHandler(() => defaultDeps());

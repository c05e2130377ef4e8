/**
 * The HMAC key of download links (functions/core/links/token.ts), read from Secrets Manager
 * (`LINK_SECRET_ARN`, the stack's generated secret) once per container and then kept: every
 * link of a report is signed with one key, and each request to the link service would
 * otherwise cost a Secrets Manager call. A failed read is not kept, so the next call retries.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** A source of the signing key. */
export type LinkKeySource = () => Promise<Uint8Array>;

/** The key from the secret `secretId` (its SecretString, as UTF-8 bytes), cached after the first read. */
export function secretLinkKey(client: SecretsManagerClient, secretId: string): LinkKeySource {
  let cached: Promise<Uint8Array> | undefined;
  return () => {
    cached ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then(
      (result) => {
        if (!result.SecretString) throw new Error(`secret ${secretId} has no SecretString`);
        return new TextEncoder().encode(result.SecretString);
      },
      (error: unknown) => {
        cached = undefined;
        throw error;
      },
    );
    return cached;
  };
}

/** A key given as text (local runs: `LINK_SIGNING_KEY`). */
export function fixedLinkKey(text: string): LinkKeySource {
  const key = new TextEncoder().encode(text);
  return async () => key;
}

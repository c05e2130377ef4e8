/**
 * The port through which report code asks for a download link to a stored file, whichever
 * backend answers: the link service on AWS (signed, expiring tokens, {@link tokenLinks}), or
 * presigned links of the local S3 ({@link presignedLinks}). See docs/infrastructure.md,
 * "Download links".
 */
import { MAX_PRESIGN_SECONDS, type EvidenceStore } from '../stores.ts';
import { DEFAULT_LINK_VALIDITY_SECONDS, signLinkToken } from './token.ts';

/** Links to stored files (report files, evidence). */
export interface DownloadLinks {
  /** A URL that downloads `key`. */
  linkFor(key: string): Promise<string>;
  /** ISO time at which the links stop working (the same for every link of this builder). */
  readonly expiresAt: string;
}

const ORGANISATION_FOLDER = /^(reports\/[^/]+\/don-vi\/[^/]+\/)/;
const REPORT_SET = /^(reports\/[^/]+\/)/;
const SITE_EVIDENCE = /^(evidence\/[^/]+\/[^/]+\/)/;

/**
 * The narrowest folder a link to `key` opens: an organisation's report folder
 * (`reports/<period>/don-vi/<slug>/`), else the period's report set (`reports/<period>/`),
 * else one site's evidence of one run (`evidence/<runId>/<host>/`), else the key's own folder.
 * So a link forwarded from one organisation's report never opens another organisation's files.
 */
export function linkScopeOf(key: string): string {
  const match = ORGANISATION_FOLDER.exec(key) ?? REPORT_SET.exec(key) ?? SITE_EVIDENCE.exec(key);
  if (match) return match[1];
  const slash = key.lastIndexOf('/');
  if (slash <= 0) throw new RangeError(`no folder to scope a link to "${key}"`);
  return key.slice(0, slash + 1);
}

/** Options of {@link tokenLinks}. */
export interface TokenLinksOptions {
  /** The link service's URL (the Lambda Function URL). */
  baseUrl: string;
  /** HMAC key (from Secrets Manager on AWS). */
  signingKey: Uint8Array;
  now: Date;
  /** Default {@link DEFAULT_LINK_VALIDITY_SECONDS} (30 days). */
  validitySeconds?: number;
}

/** Links through the link service: `<baseUrl><key>?t=<token>`, the token scoped by {@link linkScopeOf}. */
export function tokenLinks(options: TokenLinksOptions): DownloadLinks {
  const validity = options.validitySeconds ?? DEFAULT_LINK_VALIDITY_SECONDS;
  if (!Number.isInteger(validity) || validity < 60) throw new RangeError(`link validity must be at least 60 seconds, got ${validity}`);
  const expiresAt = Math.floor(options.now.getTime() / 1000) + validity;
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const tokens = new Map<string, string>();
  return {
    expiresAt: new Date(expiresAt * 1000).toISOString(),
    async linkFor(key) {
      const scope = linkScopeOf(key);
      let token = tokens.get(scope);
      if (token === undefined) {
        token = signLinkToken({ scope, expiresAt }, options.signingKey);
        tokens.set(scope, token);
      }
      return `${base}${key.split('/').map(encodeURIComponent).join('/')}?t=${token}`;
    },
  };
}

/**
 * Presigned links of an evidence store, valid `seconds` (at most 7 days). Right for the local
 * S3, whose key pair never expires; on AWS a presigned link dies with the signer's temporary
 * credentials, hence {@link tokenLinks} there.
 */
export function presignedLinks(store: Pick<EvidenceStore, 'presign'>, now: Date, seconds = MAX_PRESIGN_SECONDS): DownloadLinks {
  const valid = Math.min(seconds, MAX_PRESIGN_SECONDS);
  return {
    expiresAt: new Date(now.getTime() + valid * 1000).toISOString(),
    linkFor: (key) => store.presign(key, valid),
  };
}

/** Links are made locally, but the port is async; a bounded batch keeps memory flat. */
const LINK_BATCH = 200;

/** The link of every key, by key, asked of `port` in bounded batches. */
export async function linksOf(keys: readonly string[], port: Pick<DownloadLinks, 'linkFor'>): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (let i = 0; i < keys.length; i += LINK_BATCH) {
    const batch = keys.slice(i, i + LINK_BATCH);
    const urls = await Promise.all(batch.map((key) => port.linkFor(key)));
    batch.forEach((key, j) => links.set(key, urls[j]));
  }
  return links;
}

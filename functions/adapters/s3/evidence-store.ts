/**
 * Evidence and report files in S3 (`evidence/<runId>/<host>/…`, `reports/<period>/…`).
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClients } from '../aws-clients.ts';
import { MAX_PRESIGN_SECONDS, type EvidenceStore, type ObjectReader, type ObjectStream, type StoredObject } from '../../core/stores.ts';

/** Constructor options of {@link S3EvidenceStore}. */
export interface S3EvidenceStoreOptions {
  /** S3 client; the process-wide one (configured from the environment) by default. */
  client?: S3Client;
  bucket: string;
}

/** {@link EvidenceStore} on an S3 bucket, with streamed reads ({@link ObjectReader}). */
export class S3EvidenceStore implements EvidenceStore, ObjectReader {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3EvidenceStoreOptions) {
    if (!options.bucket) throw new Error('An S3 bucket name is required (BUCKET_NAME).');
    this.client = options.client ?? awsClients().s3;
    this.bucket = options.bucket;
  }

  async putObject(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async getObject(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!result.Body) return { body: new Uint8Array(), contentType: result.ContentType };
      return { body: await result.Body.transformToByteArray(), contentType: result.ContentType };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async openObject(key: string): Promise<ObjectStream | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // In Node the body is a Readable, an async iterable of Buffers.
      const body = (result.Body ?? Readable.from([])) as unknown as AsyncIterable<Uint8Array>;
      return { size: result.ContentLength, body };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  /**
   * A GET link for `key`, valid `expiresSeconds` (capped at 7 days, the SigV4 maximum).
   * A link signed with temporary credentials (a Lambda role) stops working when those
   * credentials expire, which can be sooner than the requested validity.
   */
  async presign(key: string, expiresSeconds: number): Promise<string> {
    if (!Number.isFinite(expiresSeconds) || expiresSeconds < 1) {
      throw new RangeError(`Presigned link validity must be at least 1 second, got ${expiresSeconds}`);
    }
    const expiresIn = Math.min(Math.floor(expiresSeconds), MAX_PRESIGN_SECONDS);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn });
  }
}

/**
 * The bench's stand-in for the server's broker: it does what server/ does for an upload
 * (CreateMultipartUpload, CompleteMultipartUpload + PutObjectTagging of the expiry, HeadObject for
 * a reported single PutObject) with its own S3 keys, in-process, so no HTTP server is needed.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import type {
  MultipartCompleteRequest,
  MultipartCreateRequest,
  MultipartCreateResponse,
  UploadRecord,
} from '../../common/broker-api.ts';
import { EXPIRY_TAG_KEY, type Expiry, expiresAt } from '../../common/expiry.ts';
import { createS3Client, type S3Credentials } from '../../node/s3-client.ts';

export interface BenchBrokerOptions {
  endpoint: string;
  region: string;
  bucket: string;
  credentials: S3Credentials;
  shareBaseUrl?: string;
}

export interface BenchBroker {
  createMultipart(req: MultipartCreateRequest): Promise<MultipartCreateResponse>;
  completeMultipart(req: MultipartCompleteRequest): Promise<UploadRecord>;
  reportUpload(key: string): Promise<UploadRecord>;
  /** Calls made, for the wrapper's report. */
  calls: string[];
}

export function createBenchBroker(options: BenchBrokerOptions): BenchBroker {
  // maxAttempts 3: these are short control calls, like the server's.
  const s3 = createS3Client({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 3,
  });
  const Bucket = options.bucket;
  const shareBase = options.shareBaseUrl ?? 'http://127.0.0.1/s';
  const pending = new Map<string, { contentType: string; expire: Expiry }>();
  const calls: string[] = [];

  async function record(key: string, fallback?: { contentType: string; expire: Expiry }): Promise<UploadRecord> {
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
    const uploadedAt = new Date();
    const expire = fallback?.expire ?? '1d';
    const name = key.slice(key.lastIndexOf('/') + 1);
    const shareId = 'bench';
    return {
      key,
      shareId,
      name,
      bytes: head.ContentLength ?? 0,
      contentType: head.ContentType ?? fallback?.contentType ?? 'application/octet-stream',
      expire,
      url: `${shareBase}/${shareId}/${encodeURIComponent(name)}`,
      uploadedAt: uploadedAt.toISOString(),
      expiresAt: expiresAt(expire, uploadedAt)?.toISOString() ?? null,
    };
  }

  return {
    calls,
    async createMultipart(req) {
      calls.push('createMultipart');
      const out = await s3.send(
        new CreateMultipartUploadCommand({ Bucket, Key: req.key, ContentType: req.contentType }),
      );
      if (!out.UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
      pending.set(out.UploadId, { contentType: req.contentType, expire: req.expire });
      return { uploadId: out.UploadId };
    },
    async completeMultipart(req) {
      calls.push('completeMultipart');
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: req.key,
          UploadId: req.uploadId,
          MultipartUpload: { Parts: req.parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
      const info = pending.get(req.uploadId);
      pending.delete(req.uploadId);
      // RGW 16 drops x-amz-tagging on CreateMultipartUpload, so the server tags after Complete.
      await s3.send(
        new PutObjectTaggingCommand({
          Bucket,
          Key: req.key,
          Tagging: { TagSet: [{ Key: EXPIRY_TAG_KEY, Value: info?.expire ?? '1d' }] },
        }),
      );
      return record(req.key, info);
    },
    async reportUpload(key) {
      calls.push('reportUpload');
      return record(key);
    },
  };
}

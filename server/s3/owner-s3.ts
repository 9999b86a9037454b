/** The server's own S3 client: the bucket owner's keys, via the shared createS3Client. */
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, httpStatusOf } from '../../node/s3-client.ts';
import type { ServerConfig } from '../config.ts';

export function createOwnerS3(config: ServerConfig): S3Client {
  return createS3Client({
    endpoint: config.s3Endpoint,
    region: config.s3Region,
    credentials: { accessKeyId: config.brokerAccessKeyId, secretAccessKey: config.brokerSecretAccessKey },
    // short control calls and GETs that have not started streaming may be retried
    maxAttempts: 3,
  });
}

/** S3 error code (`NoSuchKey`, `InvalidPart`...) or the HTTP status as a string. */
export function s3ErrorCode(error: unknown): string {
  const name = (error as { name?: string; Code?: string } | null)?.Code ?? (error as Error | null)?.name;
  return name && name !== 'Unknown' && name !== 'UnknownError' ? name : `HTTP ${httpStatusOf(error) ?? '?'}`;
}

export function isNotFound(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === 404 || s3ErrorCode(error) === 'NoSuchKey' || s3ErrorCode(error) === 'NotFound';
}

/**
 * Can the server reach its bucket right now? A HeadBucket through cachedCheck (at most about one a second however
 * often /v1/health is polled; no only on an error or a failed connection, a slow answer keeps the last one). Every
 * gateway shares the one bucket: when RGW was busy serving 300 streams, a plain 3 s timeout failed every gateway's
 * health at once and HAProxy answered 503 to all (gateway-lb-failover on a loaded machine).
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { type Check, CHECK_TTL_MS, cachedCheck } from './cached-check.ts';

export const STORAGE_CHECK_TTL_MS = CHECK_TTL_MS;
/** A HeadBucket left running after the check stopped waiting is given up at last, so they cannot pile up. */
const REQUEST_TIMEOUT_MS = 15_000;

export function storageCheck(s3: S3Client, bucket: string, now?: () => number, timeoutMs?: number): Check {
  const probe = () =>
    s3.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then(
      () => true,
      () => false,
    );
  return cachedCheck(probe, now, timeoutMs);
}

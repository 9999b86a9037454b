/**
 * Can the server reach its bucket right now? One HeadBucket at a time, and its answer reused for a
 * second: however many clients poll /v1/health while they wait out an outage, the storage sees at
 * most about one request a second from it.
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

export const STORAGE_CHECK_TTL_MS = 1000;
const CHECK_TIMEOUT_MS = 3000;

export type StorageCheck = () => Promise<boolean>;

export function storageCheck(s3: S3Client, bucket: string, now: () => number = Date.now): StorageCheck {
  let last: { at: number; ok: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < STORAGE_CHECK_TTL_MS) return Promise.resolve(last.ok);
    inFlight ??= s3
      .send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        last = { at: now(), ok };
        inFlight = undefined;
        return ok;
      });
    return inFlight;
  };
}

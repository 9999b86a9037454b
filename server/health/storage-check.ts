/**
 * Can the server reach its bucket right now? One HeadBucket at a time, and its answer reused for a second: however
 * many clients poll /v1/health while they wait out an outage, the storage sees at most about one request a second
 * from it. No only when the storage answers with an error or the connection fails (refused, reset, unknown host). A
 * HeadBucket that is merely slow, behind hundreds of downloads the storage is serving, is a busy storage and not a
 * missing one: after 3 s the last answer stands (as database-check.ts does). Every gateway shares the one bucket, so a
 * slow one failing every gateway's health at once made the balancer take them all out together and answer 503 to
 * everyone (gateway-lb-failover's 100 requests after a kill, on a loaded machine).
 */
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

export const STORAGE_CHECK_TTL_MS = 1000;
const CHECK_TIMEOUT_MS = 3000;
/** A HeadBucket left running after the check stopped waiting is given up at last, so they cannot pile up. */
const REQUEST_TIMEOUT_MS = 15_000;

export type StorageCheck = () => Promise<boolean>;

export function storageCheck(
  s3: S3Client,
  bucket: string,
  now: () => number = Date.now,
  timeoutMs = CHECK_TIMEOUT_MS,
): StorageCheck {
  let last: { at: number; ok: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < STORAGE_CHECK_TTL_MS) return Promise.resolve(last.ok);
    inFlight ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const lastOk = last?.ok ?? true;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(lastOk), timeoutMs)));
      const answered = s3
        .send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        .then(
          () => true,
          () => false,
        );
      const ok = await Promise.race([answered, late]);
      clearTimeout(timer);
      last = { at: now(), ok };
      inFlight = undefined;
      return ok;
    })();
    return inFlight;
  };
}

/**
 * Did a request to the storage fail because the storage could not be reached (refused, reset, timed out, no such
 * host), rather than answering? Then the client is answered 503 storage_unavailable (an outage to wait out), not a
 * 500, and never "the database is unavailable": the AWS SDK's errors carry `$metadata`, which tells them from pg's,
 * whose network errors have the same codes (server/db/unavailable.ts leaves SDK errors alone).
 */
import { HttpError } from '../errors.ts';
import { NETWORK_ERROR_CODES } from '../net/network-errors.ts';

/** An error thrown by the AWS SDK (S3, STS): it carries `$metadata`. */
export const isSdkError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && '$metadata' in error;

export function isStorageUnreachable(error: unknown): boolean {
  if (!isSdkError(error)) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) || name === 'TimeoutError';
}

export const storageUnavailable = (error: unknown): HttpError =>
  new HttpError(
    503,
    'storage_unavailable',
    `the storage service is unreachable right now (${(error as Error).message})`,
    {
      cause: error,
    },
  );

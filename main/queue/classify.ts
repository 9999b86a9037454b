/** What a failed attempt means for its job, and the words to show for it. */
import { BrokerError } from '../credentials/broker-error.ts';
import { classifyError } from '../upload/retry.ts';
import { codeOf, describeError, statusOf } from '../upload/upload-error.ts';

/**
 * - `transient`: offline, server down, 5xx, resets, timeouts: wait and try again;
 * - `signed-out`: the device token was rejected (401): pause the queue until the user signs in;
 * - `upload-gone`: the stored multipart upload no longer exists (NoSuchUpload; RGW answers ListParts on an
 *   upload that was completed meanwhile with NoSuchKey): recover a lost completion, else start a fresh one;
 * - `permanent`: will not succeed by trying again (403 after a credential refresh, 400, bad source).
 */
export type FailureKind = 'transient' | 'signed-out' | 'upload-gone' | 'permanent';

/** A failure the queue decided is permanent before asking S3 (source changed, expiry refused...). */
export class JobError extends Error {
  override name = 'JobError';
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
  }
  return chain;
}

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof JobError) return 'permanent';
  const chain = causes(error);
  if (chain.some((e) => statusOf(e) === 401)) return 'signed-out';
  if (chain.some((e) => codeOf(e) === 'NoSuchUpload' || codeOf(e) === 'NoSuchKey')) return 'upload-gone';
  return classifyError(error) === 'transient' ? 'transient' : 'permanent';
}

/**
 * One line for a person: the server's own words when it answered or could not be reached
 * (`cannot reach the Traydrop server at …: ECONNREFUSED`), else the engine's description.
 */
export function reasonOf(error: unknown): string {
  const broker = causes(error).find((e): e is BrokerError => e instanceof BrokerError);
  if (broker) return broker.message;
  if (error instanceof Error && (error.name === 'UploadError' || error.name === 'JobError')) return error.message;
  return describeError(error);
}

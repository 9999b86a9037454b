/**
 * The upload engine's entry point: one file to one key. Small files go in a single PutObject and
 * are then reported to the server; larger ones go multipart, started and completed by the server.
 * The file is stat-ed before planning and again before finishing, so a file that changes while
 * it is sent fails clearly instead of producing a corrupt object; a caller that guards the file itself (the
 * queue's source-guard.ts) hands its guard in as `source` and the engine asks it instead.
 */
import { stat } from 'node:fs/promises';
import type { UploadRecord } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import { multipartUpload, type MultipartBroker, type MultipartUploadOptions } from './multipart-upload.ts';
import { planUpload } from './part-plan.ts';
import type { UploadProgress } from './progress.ts';
import { withRetry, type RetryOptions } from './retry.ts';
import type { S3CallContext } from './s3-call.ts';
import { singlePut, type FileContents } from './single-put.ts';
import { createThrottle } from './throttle.ts';
import { UploadError } from './upload-error.ts';

export type { UploadProgress } from './progress.ts';
export { UploadPaused, type MultipartBroker } from './multipart-upload.ts';

export interface UploadBroker extends MultipartBroker {
  /** Tells the server about an object sent with a single PutObject; it answers with the record. */
  reportUpload(key: string): Promise<UploadRecord>;
}

export interface UploadFileOptions {
  path: string;
  key: string;
  contentType: string;
  expire: Expiry;
  credentials: CredentialProvider;
  broker: UploadBroker;
  /** Preferred part size in bytes. Default 16 MiB (grown for files over 156 GiB). */
  partSize?: number;
  /** Files up to this size go in one PutObject. Default: the part size. */
  multipartThreshold?: number;
  /** Parts in flight at once. Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** Bandwidth limit for the whole upload. Default: none. */
  maxBytesPerSecond?: number;
  retry?: RetryOptions;
  /** Continue a multipart upload begun earlier (parts S3 already has are skipped). */
  resume?: { uploadId: string };
  onUploadId?: (uploadId: string) => void;
  /** Told about every retry (for logs: `UploadPart 3 of … : 503 SlowDown, retrying in 0.4 s`). */
  onRetry?: S3CallContext['onRetry'];
  /** On failure (not cancel), leave a multipart upload in S3 to resume; UploadError.uploadId says which. */
  keepUploadOnFailure?: boolean;
  /** Told each part S3 accepted (multipart only), so a queue can journal it. */
  onPartDone?: MultipartUploadOptions['onPartDone'];
  /**
   * Single PutObject only: S3 has the whole object (tagged) and it was unchanged when sent; awaited
   * before the report, so a caller can say "uploaded" without waiting for the server's record. A
   * multipart upload is complete only once the server has completed and recorded it.
   */
  onStored?: () => Promise<void> | void;
  /**
   * The caller's guard of the file, which it has just checked: its size (not stat-ed again), and what says
   * (throwing) whether it is still the file as checked, asked before the upload is completed or reported.
   */
  source?: SourceGuard;
  /**
   * The whole file as the caller has just read and checked it, with its SHA-256: a single PutObject sends
   * these bytes (signed with that hash) instead of reading the file again. Ignored for multipart uploads
   * and with a bandwidth limit.
   */
  contents?: FileContents;
}

/** What the engine asks of the file's guard: its size when checked, and (throwing) whether it is still so. */
export interface SourceGuard {
  size: number;
  unchanged(): Promise<void>;
}

export async function uploadFile(options: UploadFileOptions): Promise<UploadRecord> {
  options.signal?.throwIfAborted();
  const guard = options.source ?? (await statGuard(options.path));
  const unchanged = (): Promise<void> => guard.unchanged();
  const plan = planUpload(guard.size, { partSize: options.partSize, multipartThreshold: options.multipartThreshold });
  const throttle = options.maxBytesPerSecond ? createThrottle(options.maxBytesPerSecond) : undefined;
  const common = {
    path: options.path,
    key: options.key,
    contentType: options.contentType,
    expire: options.expire,
    onProgress: options.onProgress,
    throttle,
  };

  if (plan.kind === 'multipart' || options.resume) {
    const parts = plan.kind === 'multipart' ? plan.parts : [{ partNumber: 1, start: 0, end: plan.size }];
    return multipartUpload({
      ...common,
      parts,
      credentials: options.credentials,
      broker: options.broker,
      concurrency: options.concurrency,
      signal: options.signal,
      retry: options.retry,
      onRetry: options.onRetry,
      resume: options.resume,
      onUploadId: options.onUploadId,
      keepUploadOnFailure: options.keepUploadOnFailure,
      onPartDone: options.onPartDone,
      beforeComplete: unchanged,
    });
  }
  const { credentials, signal, retry, onRetry } = options;
  const context: S3CallContext = { credentials, signal, retry, onRetry };
  const contents = !throttle && options.contents?.bytes.length === plan.size ? options.contents : undefined;
  await singlePut(context, { ...common, size: plan.size, contents });
  if (!contents) await unchanged(); // bytes read from disk while sending: were they the file as checked?
  await options.onStored?.();
  const what = `recording the upload of ${options.key}`;
  return withRetry(() => options.broker.reportUpload(options.key), {
    ...retry,
    what,
    signal,
    onRetry: (info) => onRetry?.({ what, ...info }),
  });
}

/** For a caller with no guard of its own: the file as one stat sees it now, and a stat compared to that later. */
async function statGuard(path: string): Promise<SourceGuard> {
  const info = await stat(path);
  if (!info.isFile()) throw new UploadError(`${path} is not a regular file`);
  return {
    size: info.size,
    async unchanged() {
      const now = await stat(path);
      if (now.size === info.size && now.mtimeMs === info.mtimeMs) return;
      const what = now.size !== info.size ? `${info.size} → ${now.size} bytes` : 'modified';
      throw new UploadError(`${path} changed while uploading (${what}); try again once it is saved`);
    },
  };
}

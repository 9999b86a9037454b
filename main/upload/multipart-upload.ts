/**
 * Multipart upload driven with client-s3 commands, not @aws-sdk/lib-storage's Upload, because:
 * - Upload cannot resume an existing UploadId (we want to, after a crash or a lost network);
 * - it gathers each part into one Buffer with Buffer.concat, so memory grows with parts × queue;
 *   we stream each part from disk with a known ContentLength;
 * - its abort() does not cancel parts already in flight; we pass abortSignal to every send;
 * - on RGW, CreateMultipartUpload/CompleteMultipartUpload cannot be held to the expire tag by a
 *   session policy, so our server (the broker) does those two, and Upload cannot split them out;
 * - its defaults are ~2.5× slower here: SHA-256 of every payload, and Expect: 100-continue, which
 *   opens a new connection per part (see /work/shared/notes/performance.md).
 * N workers pull parts from one shared generator (lib-storage's own trick: backpressure for free).
 */
import type {
  CompletedPart,
  MultipartAbortRequest,
  MultipartCompleteRequest,
  MultipartCreateRequest,
  MultipartCreateResponse,
  UploadRecord,
} from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import { abortMultipart } from './abort-multipart.ts';
import { listUploadedParts } from './list-parts.ts';
import type { PartRange } from './part-plan.ts';
import { ProgressTracker, type UploadProgress } from './progress.ts';
import { withRetry, type RetryOptions } from './retry.ts';
import type { S3CallContext } from './s3-call.ts';
import type { Throttle } from './throttle.ts';
import { UploadError } from './upload-error.ts';
import { uploadPart, type PartTarget } from './upload-part.ts';

export interface MultipartBroker {
  createMultipart(request: MultipartCreateRequest): Promise<MultipartCreateResponse>;
  completeMultipart(request: MultipartCompleteRequest): Promise<UploadRecord>;
  /** Needed on RGW (see abort-multipart.ts); without it the engine aborts through S3 itself. */
  abortMultipart?(request: MultipartAbortRequest): Promise<void>;
}

export interface MultipartUploadOptions {
  path: string;
  key: string;
  contentType: string;
  expire: Expiry;
  parts: PartRange[];
  credentials: CredentialProvider;
  broker: MultipartBroker;
  /** Parts in flight at once. Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  throttle?: Throttle;
  retry?: RetryOptions;
  onRetry?: S3CallContext['onRetry'];
  /** Continue an upload begun earlier: the parts S3 already has (ListParts) are not sent again. */
  resume?: { uploadId: string };
  /** Told the UploadId as soon as it is known (a durable queue stores it to resume later). */
  onUploadId?: (uploadId: string) => void;
  /** Runs after the last part and before complete; if it throws, the upload is aborted. */
  beforeComplete?: () => Promise<void>;
  /** On failure (not on cancel), leave the upload in S3 to resume it. Default false: abort it. */
  keepUploadOnFailure?: boolean;
  /** Told each part S3 accepted, as it happens (a durable queue journals them). */
  onPartDone?: (part: CompletedPart) => void;
}

/** Abort reason that stops an upload but keeps it in S3 to resume later (the queue pausing). */
export class UploadPaused extends Error {
  override name = 'UploadPaused';
}

export async function multipartUpload(options: MultipartUploadOptions): Promise<UploadRecord> {
  const { key, broker, signal } = options;
  const totalBytes = options.parts.reduce((sum, part) => sum + part.end - part.start, 0);
  const progress = new ProgressTracker(totalBytes, options.onProgress);
  const brokerCall = <T>(what: string, call: () => Promise<T>): Promise<T> =>
    withRetry(call, { ...options.retry, what, signal, onRetry: (info) => options.onRetry?.({ what, ...info }) });

  const create = (): Promise<MultipartCreateResponse> =>
    broker.createMultipart({ key, contentType: options.contentType, expire: options.expire });
  const uploadId: string = options.resume
    ? options.resume.uploadId
    : (await brokerCall(`starting the upload of ${key}`, create)).uploadId;
  options.onUploadId?.(uploadId);

  const stop = new AbortController();
  const context: S3CallContext = {
    credentials: options.credentials,
    retry: options.retry,
    onRetry: options.onRetry,
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  };
  try {
    const parts = await sendParts(context, options, { ...options, uploadId, progress }, stop);
    await options.beforeComplete?.();
    signal?.throwIfAborted();
    return await brokerCall(`finishing the upload of ${key}`, () => broker.completeMultipart({ key, uploadId, parts }));
  } catch (error) {
    const paused = signal?.aborted === true && signal.reason instanceof UploadPaused;
    const cancelled = signal?.aborted === true && !paused;
    if (cancelled || (!paused && !options.keepUploadOnFailure)) {
      // Best effort: if this fails too, the bucket's AbortIncompleteMultipartUpload rule is the backstop.
      await abortMultipart({ credentials: options.credentials, retry: options.retry }, broker, { key, uploadId }).catch(
        () => {},
      );
    } else if (error instanceof UploadError) {
      error.uploadId = uploadId;
    }
    throw signal?.aborted ? signal.reason : error;
  }
}

async function sendParts(
  context: S3CallContext,
  options: MultipartUploadOptions,
  target: PartTarget,
  stop: AbortController,
): Promise<CompletedPart[]> {
  const done = new Map<number, CompletedPart>();
  if (options.resume) {
    const planned = new Map(options.parts.map((part) => [part.partNumber, part.end - part.start]));
    for (const part of await listUploadedParts(context, options.key, target.uploadId)) {
      if (planned.get(part.partNumber) !== part.size) continue;
      done.set(part.partNumber, { partNumber: part.partNumber, etag: part.etag });
      target.progress.done(part.partNumber, part.size);
    }
  }
  const pending = (function* () {
    for (const part of options.parts) if (!done.has(part.partNumber)) yield part;
  })();
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (const part of pending) {
      try {
        const completed = await uploadPart(context, target, part);
        done.set(part.partNumber, completed);
        options.onPartDone?.(completed);
      } catch (error) {
        failure ??= { error };
        stop.abort(error); // cancels the parts other workers have in flight
        return;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, options.parts.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
  return [...done.values()].sort((a, b) => a.partNumber - b.partNumber);
}

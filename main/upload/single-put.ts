/**
 * A whole (small) file in one PutObject, tagged with its expiry as the session policy requires. The body
 * is streamed from disk, or, when the caller has just read and checked the whole file (a screenshot of a
 * MiB or less: the queue's fingerprint reads it whole), sent from memory with its SHA-256 as the signed
 * payload hash: no second read of the file, no second hash, and S3 refuses the object unless it got exactly
 * those bytes.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expiryTagging, type Expiry } from '../../common/expiry.ts';
import { filePartBody } from './file-part-body.ts';
import { ProgressTracker, type UploadProgress } from './progress.ts';
import { s3Call, type S3CallContext } from './s3-call.ts';
import type { Throttle } from './throttle.ts';

/** The file's bytes as the caller read and checked them, and their hex SHA-256. */
export interface FileContents {
  bytes: Buffer;
  sha256: string;
}

export interface SinglePutOptions {
  path: string;
  key: string;
  size: number;
  contentType: string;
  expire: Expiry;
  onProgress?: (progress: UploadProgress) => void;
  throttle?: Throttle;
  /** Send these bytes instead of reading `path` (no throttle then: they are already in memory). */
  contents?: FileContents;
}

export async function singlePut(context: S3CallContext, options: SinglePutOptions): Promise<void> {
  const progress = new ProgressTracker(options.size, options.onProgress);
  const { contents } = options;
  await s3Call(context, `PutObject ${options.key}`, async (client, credentials, signal) => {
    const streamed = contents
      ? undefined
      : filePartBody(options.path, 0, options.size, { onBytes: progress.attempt(1), throttle: options.throttle });
    const command = new PutObjectCommand({
      Bucket: credentials.bucket,
      Key: options.key,
      Body: contents ? contents.bytes : streamed!.body,
      ContentLength: contents ? contents.bytes.length : streamed!.contentLength,
      ContentType: options.contentType,
      Tagging: expiryTagging(options.expire),
    });
    if (contents) {
      // SigV4 signs the payload hash it finds in this header instead of hashing the body again
      command.middlewareStack.add(
        (next) => (args) => {
          (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = contents.sha256;
          return next(args);
        },
        { step: 'build', name: 'traydropPayloadHash' },
      );
    }
    try {
      await client.send(command, { abortSignal: signal });
    } finally {
      streamed?.body.destroy();
    }
  });
  if (contents) progress.done(1, contents.bytes.length);
  if (options.size === 0) options.onProgress?.({ sentBytes: 0, totalBytes: 0 });
}

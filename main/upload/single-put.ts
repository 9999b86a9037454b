/** A whole (small) file in one PutObject, tagged with its expiry as the session policy requires. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expiryTagging, type Expiry } from '../../common/expiry.ts';
import { filePartBody } from './file-part-body.ts';
import { ProgressTracker, type UploadProgress } from './progress.ts';
import { s3Call, type S3CallContext } from './s3-call.ts';
import type { Throttle } from './throttle.ts';

export interface SinglePutOptions {
  path: string;
  key: string;
  size: number;
  contentType: string;
  expire: Expiry;
  onProgress?: (progress: UploadProgress) => void;
  throttle?: Throttle;
}

export async function singlePut(context: S3CallContext, options: SinglePutOptions): Promise<void> {
  const progress = new ProgressTracker(options.size, options.onProgress);
  await s3Call(context, `PutObject ${options.key}`, async (client, credentials, signal) => {
    const { body, contentLength } = filePartBody(options.path, 0, options.size, {
      onBytes: progress.attempt(1),
      throttle: options.throttle,
    });
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: credentials.bucket,
          Key: options.key,
          Body: body,
          ContentLength: contentLength,
          ContentType: options.contentType,
          Tagging: expiryTagging(options.expire),
        }),
        { abortSignal: signal },
      );
    } finally {
      body.destroy();
    }
  });
  if (options.size === 0) options.onProgress?.({ sentBytes: 0, totalBytes: 0 });
}

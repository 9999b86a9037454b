/** One part of a multipart upload, streamed from disk, retried, tagged for the session policy. */
import { UploadPartCommand } from '@aws-sdk/client-s3';
import type { CompletedPart } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import { addExpiryTaggingHeader } from './expiry-tagging-header.ts';
import { filePartBody } from './file-part-body.ts';
import type { PartRange } from './part-plan.ts';
import type { ProgressTracker } from './progress.ts';
import { s3Call, type S3CallContext } from './s3-call.ts';
import type { Throttle } from './throttle.ts';

export interface PartTarget {
  path: string;
  key: string;
  uploadId: string;
  expire: Expiry;
  progress: ProgressTracker;
  throttle?: Throttle;
}

export async function uploadPart(context: S3CallContext, target: PartTarget, part: PartRange): Promise<CompletedPart> {
  const what = `UploadPart ${part.partNumber} of ${target.key}`;
  const etag = await s3Call(context, what, async (client, credentials, signal) => {
    const { body, contentLength } = filePartBody(target.path, part.start, part.end, {
      onBytes: target.progress.attempt(part.partNumber),
      throttle: target.throttle,
    });
    const command = new UploadPartCommand({
      Bucket: credentials.bucket,
      Key: target.key,
      UploadId: target.uploadId,
      PartNumber: part.partNumber,
      Body: body,
      ContentLength: contentLength,
    });
    try {
      const output = await client.send(addExpiryTaggingHeader(command, target.expire), {
        abortSignal: signal,
      });
      if (!output.ETag) throw new Error(`${what}: S3 returned no ETag`);
      return output.ETag;
    } finally {
      body.destroy();
    }
  });
  return { partNumber: part.partNumber, etag };
}

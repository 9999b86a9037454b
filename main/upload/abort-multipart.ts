/**
 * Abort a multipart upload after a cancel or a failure, so no parts are left orphaned. On RGW the
 * server must do it: RGW 16 authorizes AbortMultipartUpload as s3:PutObject, which our session
 * policy grants only under an expire-tag condition that RGW cannot evaluate on Abort (403).
 * A direct S3 Abort with the session credentials is the fallback (an older server, another S3).
 * It runs without the upload's (already aborted) signal. NoSuchUpload means nothing is left.
 */
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import type { MultipartAbortRequest } from '../../common/broker-api.ts';
import { withRetry, type RetryOptions } from './retry.ts';
import { s3Call, type S3CallContext } from './s3-call.ts';
import { statusOf } from './upload-error.ts';

export interface AbortBroker {
  abortMultipart?(request: MultipartAbortRequest): Promise<void>;
}

export async function abortMultipart(
  context: S3CallContext,
  broker: AbortBroker,
  request: MultipartAbortRequest,
): Promise<void> {
  const retry: RetryOptions = { attempts: 3, ...context.retry };
  const what = `aborting the upload of ${request.key}`;
  if (broker.abortMultipart) {
    try {
      return await withRetry(() => broker.abortMultipart!(request), { ...retry, what });
    } catch {
      // fall through to S3
    }
  }
  try {
    await s3Call({ ...context, retry, signal: undefined }, what, (client, credentials, signal) =>
      client.send(
        new AbortMultipartUploadCommand({ Bucket: credentials.bucket, Key: request.key, UploadId: request.uploadId }),
        { abortSignal: signal },
      ),
    );
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

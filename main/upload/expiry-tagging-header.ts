/**
 * UploadPart has no Tagging parameter, but the session policy only allows s3:PutObject with
 * s3:RequestObjectTag/expire, and RGW evaluates that condition on UploadPart from the
 * `x-amz-tagging` header. So every part carries the same header its object will be tagged with.
 */
import type { UploadPartCommand } from '@aws-sdk/client-s3';
import { expiryTagging, type Expiry } from '../../common/expiry.ts';

export function addExpiryTaggingHeader(command: UploadPartCommand, expire: Expiry): UploadPartCommand {
  command.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-amz-tagging'] = expiryTagging(expire);
      return next(args);
    },
    { step: 'build', name: 'traydropExpiryTaggingHeader' },
  );
  return command;
}

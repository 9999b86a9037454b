/**
 * The session policy of a replacement's credentials: this one key and nothing else (the user's other links cannot
 * be written with them), and only with the expire tag the object already has, so the object keeps exactly its tag
 * and the bucket's lifecycle rule for it. RGW checks the tag on PutObject and on every UploadPart that carries
 * x-amz-tagging, as for a first upload (server/sts/session-policy.ts); create and complete stay with the server.
 */
import { EXPIRY_TAG_KEY, type Expiry } from '../../common/expiry.ts';
import type { SessionPolicy } from '../sts/session-policy.ts';

export function replacePolicy(bucket: string, key: string, expire: Expiry): SessionPolicy {
  const object = `arn:aws:s3:::${bucket}/${key}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:PutObjectTagging'],
        Resource: [object],
        Condition: { StringEquals: { [`s3:RequestObjectTag/${EXPIRY_TAG_KEY}`]: [expire] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:GetObject'],
        Resource: [object],
      },
    ],
  };
}

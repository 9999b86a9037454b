/**
 * The session policy passed to AssumeRole: what a user's temporary credentials may do.
 * Writes need an allowed `expire` tag on the request (RGW checks s3:RequestObjectTag/expire on
 * PutObject and on UploadPart that carry x-amz-tagging). Create/CompleteMultipartUpload map to
 * s3:PutObject too but RGW cannot see tags there, so they are always denied: the server does them.
 */
import { EXPIRY_TAG_KEY, type Expiry } from '../../common/expiry.ts';
import { userPrefix } from '../../common/share-key.ts';

export interface PolicyStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface SessionPolicy {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function sessionPolicy(bucket: string, userId: string, allowedExpiry: readonly Expiry[]): SessionPolicy {
  const objects = `arn:aws:s3:::${bucket}/${userPrefix(userId)}*`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:PutObjectTagging'],
        Resource: [objects],
        Condition: { StringEquals: { [`s3:RequestObjectTag/${EXPIRY_TAG_KEY}`]: [...allowedExpiry] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:GetObject'],
        Resource: [objects],
      },
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: [`arn:aws:s3:::${bucket}`],
        Condition: { StringLike: { 's3:prefix': `${userPrefix(userId)}*` } },
      },
    ],
  };
}

/** AssumeRole for one user, with the owner's keys, scoped by the session policy. */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { httpStatusOf } from '../../node/s3-client.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import { type SessionPolicy, sessionPolicy } from './session-policy.ts';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export function createStsClient(config: ServerConfig): STSClient {
  return new STSClient({
    endpoint: config.s3Endpoint,
    region: config.s3Region,
    credentials: { accessKeyId: config.brokerAccessKeyId, secretAccessKey: config.brokerSecretAccessKey },
    maxAttempts: 2,
  });
}

/** `traydrop-<userId>`, cut to the 64 characters STS allows (user ids only hold [a-z0-9._-]). */
export function roleSessionName(userId: string): string {
  return `traydrop-${userId}`.slice(0, 64);
}

export async function assumeRoleFor(
  sts: STSClient,
  config: ServerConfig,
  userId: string,
  /** Narrower than the user's prefix (a replacement's one key: server/uploads/replace-policy.ts). */
  policy: SessionPolicy = sessionPolicy(config.s3Bucket, userId, config.allowedExpiry),
): Promise<TemporaryCredentials> {
  let response;
  try {
    response = await sts.send(
      new AssumeRoleCommand({
        RoleArn: config.stsRoleArn,
        RoleSessionName: roleSessionName(userId),
        DurationSeconds: config.stsDurationSeconds,
        Policy: JSON.stringify(policy),
      }),
    );
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === undefined || status >= 500) {
      // an outage, not a refusal: clients wait and retry (503 is transient for them)
      const detail = status === undefined ? (error as Error).message : `HTTP ${status}`;
      throw new HttpError(503, 'storage_unavailable', `the storage service is unreachable right now (${detail})`, {
        cause: error,
      });
    }
    throw new HttpError(
      502,
      'sts_failed',
      `the storage service refused AssumeRole (HTTP ${status}); ask the server admin`,
      {
        cause: error,
      },
    );
  }
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new HttpError(502, 'sts_failed', 'the storage service answered AssumeRole without credentials');
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

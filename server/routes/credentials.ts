/** POST /v1/credentials: short-lived STS credentials scoped to the user's prefix. */
import type { FastifyInstance } from 'fastify';
import { API, type CredentialsResponse } from '../../common/broker-api.ts';
import { userPrefix } from '../../common/share-key.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { assumeRoleFor } from '../sts/assume-role.ts';
import { requireStorageLeft } from '../uploads/plan-gate.ts';

export function registerCredentialsRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(API.credentials, async (request): Promise<CredentialsResponse> => {
    const { userId } = deviceOf(request);
    await requireStorageLeft(ctx, userId);
    const creds = await assumeRoleFor(ctx.sts, ctx.config, userId);
    return {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
      expiration: creds.expiration.toISOString(),
      bucket: ctx.config.s3Bucket,
      endpoint: ctx.config.s3PublicEndpoint,
      region: ctx.config.s3Region,
      userId,
      prefix: userPrefix(userId),
      shareBaseUrl: await shareBaseUrlFor(ctx, userId),
      allowedExpiry: ctx.config.allowedExpiry,
    };
  });
}

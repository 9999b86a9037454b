/** GET /v1/me: who the device token belongs to, where their links point, and their plan's limits and usage. */
import type { FastifyInstance } from 'fastify';
import { API, type MeResponse } from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { summarizeUser } from '../db/usage.ts';
import { requireUser } from '../db/users.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';

export function registerMeRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.me, async (request): Promise<MeResponse> => {
    const { userId } = deviceOf(request);
    const s = await summarizeUser(ctx.db, await requireUser(ctx.db, userId), ctx.now());
    return {
      userId,
      shareBaseUrl: await shareBaseUrlFor(ctx, userId),
      usage: {
        storageUsed: s.storageUsed,
        storageLimit: s.storageLimit,
        transferUsed: s.transferUsed,
        transferLimit: s.transferLimit,
        maxFileSize: s.maxFileSize,
      },
    };
  });
}

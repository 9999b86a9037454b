/** GET /v1/me: who the device token belongs to, and where their links point. */
import type { FastifyInstance } from 'fastify';
import { API, type MeResponse } from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';

export function registerMeRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.me, async (request): Promise<MeResponse> => {
    const { userId } = deviceOf(request);
    return { userId, shareBaseUrl: await shareBaseUrlFor(ctx, userId) };
  });
}

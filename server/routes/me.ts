/** GET /v1/me: who the device token belongs to. */
import type { FastifyInstance } from 'fastify';
import { API, type MeResponse } from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';

export function registerMeRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(API.me, async (request): Promise<MeResponse> => {
    return { userId: deviceOf(request).userId, shareBaseUrl: ctx.config.shareBaseUrl };
  });
}

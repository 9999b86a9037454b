/** GET/PUT /v1/settings (expiry rules + custom domain) and POST /v1/settings/domain/verify. */
import type { FastifyInstance } from 'fastify';
import {
  type DomainVerifyResponse,
  FILES_API,
  type SettingsResponse,
  type UserSettings,
} from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { settingsBody } from '../schemas/files.ts';
import { getSettings, putSettings } from '../settings/user-settings.ts';
import { verifyDomain } from '../settings/verify-domain.ts';

export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(FILES_API.settings, async (request): Promise<SettingsResponse> => getSettings(ctx, deviceOf(request).userId));
  app.put<{ Body: UserSettings }>(
    FILES_API.settings,
    { schema: { body: settingsBody } },
    async (request): Promise<SettingsResponse> => putSettings(ctx, deviceOf(request).userId, request.body),
  );
  app.post(FILES_API.verifyDomain, async (request): Promise<DomainVerifyResponse> =>
    verifyDomain(ctx, deviceOf(request).userId),
  );
}

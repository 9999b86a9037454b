/**
 * /v1/devices: a user's device tokens (label, created, last used), revoking one (404 for another user's), and
 * pairing a new device (a token as a traydrop://pair link and its QR code). Device token or session, as all /v1.
 */
import type { FastifyInstance } from 'fastify';
import {
  DEVICES_API,
  type DeviceListResponse,
  type DevicePairRequest,
  type DevicePairResponse,
} from '../../common/admin-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { listUserTokens, revokeUserToken } from '../db/user-tokens.ts';
import { deviceLabel, pairDevice, toDeviceEntry } from '../devices/pair-device.ts';
import { notFound } from '../errors.ts';

export const tokenIdParams = {
  type: 'object',
  required: ['tokenId'],
  properties: { tokenId: { type: 'string', pattern: '^[0-9a-f]{12}$' } },
} as const;

const pairBody = {
  type: 'object',
  properties: { label: { type: 'string', maxLength: 200 } },
  additionalProperties: false,
} as const;

export function registerDeviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(DEVICES_API.devices, async (request): Promise<DeviceListResponse> => {
    const { userId, tokenId } = deviceOf(request);
    return { devices: (await listUserTokens(ctx.db, userId)).map((t) => toDeviceEntry(t, tokenId)) };
  });

  app.delete<{ Params: { tokenId: string } }>(
    DEVICES_API.device,
    { schema: { params: tokenIdParams } },
    async (request) => {
      const { userId } = deviceOf(request);
      if (!(await revokeUserToken(ctx.db, userId, request.params.tokenId, ctx.now())))
        throw notFound(`no device with id ${request.params.tokenId}`);
      return { revoked: true };
    },
  );

  app.post<{ Body: DevicePairRequest | undefined }>(
    DEVICES_API.pair,
    { schema: { body: pairBody } },
    async (request): Promise<DevicePairResponse> =>
      pairDevice(ctx, deviceOf(request).userId, deviceLabel(request.body?.label)),
  );
}

/**
 * `Authorization: Bearer <device token>` on every /v1 route. Register inside the /v1 scope only.
 * Failures are 401 ApiErrors that tell the person what to do; the token is never echoed or logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { TokenKind } from '../db/schema.ts';
import { findToken, touchToken } from '../db/tokens.ts';
import { HttpError } from '../errors.ts';
import { acceptsUploadTokens, uploadOnly } from './upload-only.ts';

export interface DeviceIdentity {
  tokenId: string;
  userId: string;
  kind: TokenKind;
}

const devices = new WeakMap<FastifyRequest, DeviceIdentity>();

const unauthorized = (message: string): HttpError => new HttpError(401, 'unauthorized', message);

function bearerToken(header: string | undefined): string {
  if (!header)
    throw unauthorized('missing device token: send `Authorization: Bearer <token>`; pair with `traydrop login`');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized('malformed Authorization header: expected `Bearer <token>`');
  return m[1]!;
}

export async function authenticate(ctx: AppContext, header: string | undefined): Promise<DeviceIdentity> {
  const token = await findToken(ctx.db, bearerToken(header));
  if (!token) throw unauthorized('unknown device token; pair again with `traydrop login`');
  if (token.revokedAt) throw unauthorized('device token revoked; pair again with `traydrop login`');
  await touchToken(ctx.db, token, ctx.now());
  return { tokenId: token.id, userId: token.userId, kind: token.kind };
}

export function registerDeviceAuth(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request) => {
    const device = await authenticate(ctx, request.headers.authorization);
    if (device.kind === 'upload' && !acceptsUploadTokens(request)) throw uploadOnly();
    devices.set(request, device);
    request.log.debug({ tokenId: device.tokenId, userId: device.userId }, 'device authenticated');
  });
}

/** The device that made this request (only inside a scope with registerDeviceAuth). */
export function deviceOf(request: FastifyRequest): DeviceIdentity {
  const device = devices.get(request);
  if (!device) throw new Error('deviceOf: route is not behind registerDeviceAuth');
  return device;
}

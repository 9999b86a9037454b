/**
 * `Authorization: Bearer <device token>` on every /v1 route. Register inside the /v1 scope only.
 * Failures are 401 ApiErrors that tell the person what to do; the token is never echoed or logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { findToken, touchToken } from '../db/tokens.ts';
import { findUser, touchUserActive } from '../db/users.ts';
import { HttpError } from '../errors.ts';

export interface DeviceIdentity {
  tokenId: string;
  userId: string;
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
  // the account is looked at on every request: disabling a user stops their tokens at once, on every instance
  const user = await findUser(ctx.db, token.userId);
  if (!user) throw unauthorized(`the account ${token.userId} no longer exists; ask the server's admin`);
  if (user.disabledAt) throw unauthorized(`the account ${token.userId} is disabled; ask the server's admin`);
  await touchToken(ctx.db, token.id, ctx.now());
  await touchUserActive(ctx.db, user.name, ctx.now());
  return { tokenId: token.id, userId: token.userId };
}

export function registerDeviceAuth(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request) => {
    const device = await authenticate(ctx, request.headers.authorization);
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

/**
 * Who makes a /v1 request: `Authorization: Bearer <device token>`, or, without that header, a dashboard
 * session cookie on the main share host (server/auth/session-auth.ts). Register inside the /v1 scope only.
 * A session's state-changing request must pass the CSRF check (server/auth/session-csrf.ts) or gets 403.
 * Failures are ApiErrors that tell the person what to do; the token is never echoed or logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { TokenKind } from '../db/schema.ts';
import { findTokenWithUser } from '../db/token-user.ts';
import { touchToken } from '../db/tokens.ts';
import { touchUserActive } from '../db/users.ts';
import { HttpError } from '../errors.ts';
import { sessionOf } from './session-auth.ts';
import { csrfAllows } from './session-csrf.ts';
import { acceptsUploadTokens, uploadOnly } from './upload-only.ts';

export interface DeviceIdentity {
  /** The device token's public id; null when the request came with a dashboard session instead. */
  tokenId: string | null;
  userId: string;
  kind: TokenKind;
  /** The dashboard session's id when the request came with one. */
  sessionId: string | null;
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
  // the token and its account in one statement (one round trip on PostgreSQL); the account is looked at on every
  // request: disabling a user stops their tokens at once, on every instance
  const found = await findTokenWithUser(ctx.db, bearerToken(header));
  if (!found) throw unauthorized('unknown device token; pair again with `traydrop login`');
  const { token, user } = found;
  if (token.revokedAt) throw unauthorized('device token revoked; pair again with `traydrop login`');
  if (!user) throw unauthorized(`the account ${token.userId} no longer exists; ask the server's admin`);
  if (user.disabledAt) throw unauthorized(`the account ${token.userId} is disabled; ask the server's admin`);
  await touchToken(ctx.db, token, ctx.now());
  await touchUserActive(ctx.db, user, ctx.now());
  return { tokenId: token.id, userId: token.userId, kind: token.kind, sessionId: null };
}

/** A session's identity when the request has no Authorization header and a live session cookie; else null. */
async function fromSession(ctx: AppContext, request: FastifyRequest): Promise<DeviceIdentity | null> {
  if (request.headers.authorization !== undefined) return null;
  const web = await sessionOf(ctx, request);
  if (!web) return null;
  if (!csrfAllows(request, web.secret))
    throw new HttpError(403, 'csrf', 'refused: a change made with a session needs the page’s CSRF token');
  return { tokenId: null, userId: web.session.userId, kind: 'device', sessionId: web.session.id };
}

export function registerDeviceAuth(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request) => {
    const identity = (await fromSession(ctx, request)) ?? (await authenticate(ctx, request.headers.authorization));
    if (identity.kind === 'upload' && !acceptsUploadTokens(request)) throw uploadOnly();
    devices.set(request, identity);
    request.log.debug({ tokenId: identity.tokenId, userId: identity.userId }, 'authenticated');
  });
}

/** Who made this request (only inside a scope with registerDeviceAuth). */
export function deviceOf(request: FastifyRequest): DeviceIdentity {
  const device = devices.get(request);
  if (!device) throw new Error('deviceOf: route is not behind registerDeviceAuth');
  return device;
}

/**
 * /v1/admin: users with usage (one user with their OpenID Connect identities, and unlinking one), create, quotas
 * (parsed as `traydrop-server user quota` parses them), disable and enable, the admin role, any user's device
 * tokens and revoking them, the totals, and one-time invites. Only for an admin (device token or session);
 * everyone else gets 404 on every route, before anything is read or parsed.
 */
import type { FastifyInstance } from 'fastify';
import {
  ADMIN_API,
  type AdminCreateUserRequest,
  type AdminInviteRequest,
  type AdminInviteResponse,
  type AdminQuotaRequest,
  type AdminTotalsResponse,
  type AdminUnlinkResponse,
  type AdminUserEntry,
  type AdminUserListResponse,
  type DeviceEntry,
} from '../../common/admin-api.ts';
import { USER_ID_PATTERN } from '../../common/share-key.ts';
import {
  changeDisabled,
  changeQuota,
  changeRole,
  createUserAsAdmin,
  revokeAnyToken,
  showUser,
  tokensOf,
  unlinkUserIdentity,
} from '../admin/admin-actions.ts';
import { requireAdmin } from '../admin/admin-gate.ts';
import { adminEntries, totalsOf } from '../admin/user-entries.ts';
import { DEFAULT_INVITE_EXPIRY, inviteTtl, issueInvite } from '../admin/invite-link.ts';
import { badRequest } from '../errors.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { toDeviceEntry } from '../devices/pair-device.ts';
import { tokenIdParams } from './devices.ts';

const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: USER_ID_PATTERN.source } },
} as const;

const createBody = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 63 },
    email: { type: ['string', 'null'], maxLength: 254 },
    admin: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

const identityQuery = {
  type: 'object',
  required: ['issuer', 'subject'],
  properties: { issuer: { type: 'string', maxLength: 2048 }, subject: { type: 'string', maxLength: 255 } },
} as const;

const sizeText = { type: 'string', maxLength: 32 } as const;
const quotaBody = {
  type: 'object',
  properties: { storage: sizeText, transfer: sizeText, maxFile: sizeText },
  additionalProperties: false,
} as const;

const disabledBody = {
  type: 'object',
  required: ['disabled'],
  properties: { disabled: { type: 'boolean' } },
  additionalProperties: false,
} as const;

const roleBody = {
  type: 'object',
  required: ['role'],
  properties: { role: { enum: ['admin', 'user'] } },
  additionalProperties: false,
} as const;

const inviteBody = {
  type: 'object',
  properties: { admin: { type: 'boolean' }, expires: { type: 'string', maxLength: 8 } },
  additionalProperties: false,
} as const;

type Named = { Params: { name: string } };

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  // before validation too: a non-admin learns nothing from a 400
  app.addHook('onRequest', async (request) => requireAdmin(ctx.db, deviceOf(request).userId));

  app.get(ADMIN_API.users, async (): Promise<AdminUserListResponse> => ({
    users: await adminEntries(ctx.db, ctx.now()),
  }));
  app.post<{ Body: AdminCreateUserRequest }>(
    ADMIN_API.users,
    { schema: { body: createBody } },
    async (request, reply): Promise<AdminUserEntry> => {
      reply.code(201);
      return createUserAsAdmin(ctx, request.body);
    },
  );
  app.get<Named>(ADMIN_API.user, { schema: { params: nameParams } }, async (request) =>
    showUser(ctx, request.params.name),
  );
  app.delete<Named & { Querystring: { issuer: string; subject: string } }>(
    ADMIN_API.identities,
    { schema: { params: nameParams, querystring: identityQuery } },
    async (request): Promise<AdminUnlinkResponse> => unlinkUserIdentity(ctx, request.params.name, request.query),
  );
  app.put<Named & { Body: AdminQuotaRequest }>(
    ADMIN_API.quota,
    { schema: { params: nameParams, body: quotaBody } },
    async (request) => changeQuota(ctx, request.params.name, request.body),
  );
  app.put<Named & { Body: { disabled: boolean } }>(
    ADMIN_API.disabled,
    { schema: { params: nameParams, body: disabledBody } },
    async (request) =>
      changeDisabled(ctx, deviceOf(request).userId, request.params.name, request.body.disabled, request.log),
  );
  app.put<Named & { Body: { role: 'admin' | 'user' } }>(
    ADMIN_API.role,
    { schema: { params: nameParams, body: roleBody } },
    async (request) => changeRole(ctx, deviceOf(request).userId, request.params.name, request.body.role),
  );
  app.get<Named>(
    ADMIN_API.tokens,
    { schema: { params: nameParams } },
    async (request): Promise<{ tokens: DeviceEntry[] }> => ({
      tokens: (await tokensOf(ctx, request.params.name)).map((t) => toDeviceEntry(t, deviceOf(request).tokenId)),
    }),
  );
  app.delete<{ Params: { tokenId: string } }>(
    ADMIN_API.token,
    { schema: { params: tokenIdParams } },
    async (request) => ({ revoked: true, user: await revokeAnyToken(ctx, request.params.tokenId) }),
  );
  app.post<{ Body: AdminInviteRequest | undefined }>(
    ADMIN_API.invites,
    { schema: { body: inviteBody } },
    async (request, reply): Promise<AdminInviteResponse> => {
      const expires = request.body?.expires ?? DEFAULT_INVITE_EXPIRY;
      let ttlMs: number;
      try {
        ttlMs = inviteTtl(expires);
      } catch (error) {
        throw badRequest(`expires ${(error as Error).message}`);
      }
      const { shareBaseUrl } = ctx.config;
      reply.code(201);
      return issueInvite(ctx.db, { admin: request.body?.admin === true, ttlMs, now: ctx.now(), shareBaseUrl });
    },
  );
  app.get(ADMIN_API.totals, async (): Promise<AdminTotalsResponse> =>
    totalsOf(await adminEntries(ctx.db, ctx.now()), ctx.now()),
  );
}

/**
 * What an admin changes, for /v1/admin and the admin page alike: the same functions and the same size parsing as
 * `traydrop-server user …` (server/db/users.ts, server/cli/size-arg.ts). An unknown user is 404; a refusal the
 * admin can act on is 400 with the reason. An admin cannot disable or demote themselves (nobody would be left to
 * undo it from the web).
 */
import type {
  AdminCreateUserRequest,
  AdminIdentityEntry,
  AdminQuotaRequest,
  AdminUnlinkResponse,
  AdminUserDetail,
  AdminUserEntry,
} from '../../common/admin-api.ts';
import { purgeUserLinks } from '../cache/purge-user.ts';
import type { PurgeLog } from '../cache/purge.ts';
import { parseSizeArg } from '../cli/size-arg.ts';
import type { AppContext } from '../context.ts';
import { listIdentities, unlinkIdentity } from '../db/oidc-unlink.ts';
import { listUserTokens, revokeUserToken } from '../db/user-tokens.ts';
import type { DeviceToken } from '../db/tokens.ts';
import {
  createUser,
  findUser,
  type QuotaChange,
  setDisabled,
  setQuota,
  setRole,
  type User,
  UserError,
  type UserRole,
} from '../db/users.ts';
import { badRequest, notFound } from '../errors.ts';
import { adminEntry } from './user-entries.ts';

async function existing(ctx: AppContext, name: string): Promise<User> {
  const user = await findUser(ctx.db, name);
  if (!user) throw notFound(`no user named ${name}`);
  return user;
}

/** A UserError (a bad name, a taken e-mail, a size that is not one) as a 400 that says why. */
async function asBadRequest<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserError) throw badRequest(error.message);
    throw error;
  }
}

export async function showUser(ctx: AppContext, name: string): Promise<AdminUserDetail> {
  const entry = await adminEntry(ctx.db, await existing(ctx, name), ctx.now());
  return { ...entry, identities: await listIdentities(ctx.db, name) };
}

/** One of the user's OpenID Connect identities; 404 for an unknown user or identity. */
export async function identityOf(
  ctx: AppContext,
  name: string,
  identity: { issuer: string; subject: string },
): Promise<AdminIdentityEntry> {
  await existing(ctx, name);
  const found = (await listIdentities(ctx.db, name)).find(
    (i) => i.issuer === identity.issuer && i.subject === identity.subject,
  );
  if (!found) throw notFound(`${name} has no identity ${identity.subject} at ${identity.issuer}`);
  return found;
}

/** Unlinks one of the user's OpenID Connect identities (server/db/oidc-unlink.ts); 404 when they have no such one. */
export async function unlinkUserIdentity(
  ctx: AppContext,
  name: string,
  identity: { issuer: string; subject: string },
): Promise<AdminUnlinkResponse> {
  await existing(ctx, name);
  const done = await unlinkIdentity(ctx.db, { userId: name, ...identity }, ctx.now());
  if (!done) throw notFound(`${name} has no identity ${identity.subject} at ${identity.issuer}`);
  return { unlinked: true, user: name, sessionsEnded: done.sessionsEnded };
}

export async function createUserAsAdmin(ctx: AppContext, request: AdminCreateUserRequest): Promise<AdminUserEntry> {
  const email = request.email?.trim() ? request.email.trim() : null;
  const user = await asBadRequest(() =>
    createUser(ctx.db, { name: request.name.trim(), email, role: request.admin ? 'admin' : 'user', now: ctx.now() }),
  );
  return adminEntry(ctx.db, user, ctx.now());
}

/** Each given field parsed as `user quota --storage/--transfer/--max-file` parses it; blank fields are left out. */
export function parseQuotaRequest(request: AdminQuotaRequest): QuotaChange {
  const change: QuotaChange = {};
  const given = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';
  if (given(request.storage)) change.storageLimit = parseSizeArg('storage', request.storage);
  if (given(request.transfer)) change.transferLimit = parseSizeArg('transfer', request.transfer);
  if (given(request.maxFile)) change.maxFileSize = parseSizeArg('max-file', request.maxFile);
  return change;
}

export async function changeQuota(ctx: AppContext, name: string, request: AdminQuotaRequest): Promise<AdminUserEntry> {
  await existing(ctx, name);
  const change = await asBadRequest(() => parseQuotaRequest(request));
  return adminEntry(ctx.db, await setQuota(ctx.db, name, change), ctx.now());
}

export async function changeDisabled(
  ctx: AppContext,
  actor: string,
  name: string,
  disabled: boolean,
  log: PurgeLog,
): Promise<AdminUserEntry> {
  await existing(ctx, name);
  if (disabled && name === actor) throw badRequest('you cannot disable your own account');
  const user = await setDisabled(ctx.db, name, disabled, ctx.now());
  if (disabled) await purgeUserLinks(ctx, name, log); // their links answer 404 now: out of the caches too
  return adminEntry(ctx.db, user, ctx.now());
}

export async function changeRole(
  ctx: AppContext,
  actor: string,
  name: string,
  role: UserRole,
): Promise<AdminUserEntry> {
  await existing(ctx, name);
  if (role !== 'admin' && name === actor) throw badRequest('you cannot take the admin role from yourself');
  return adminEntry(ctx.db, await setRole(ctx.db, name, role), ctx.now());
}

export async function tokensOf(ctx: AppContext, name: string): Promise<DeviceToken[]> {
  await existing(ctx, name);
  return listUserTokens(ctx.db, name, { includeRevoked: true });
}

/** Revokes any user's token by its id; returns whose it was. */
export async function revokeAnyToken(ctx: AppContext, tokenId: string): Promise<string> {
  const row = await ctx.db.selectFrom('device_tokens').select('user_id').where('id', '=', tokenId).executeTakeFirst();
  if (!row || !(await revokeUserToken(ctx.db, row.user_id, tokenId, ctx.now())))
    throw notFound(`no device token with id ${tokenId}`);
  return row.user_id;
}

/**
 * A link, or a device token, with its owner's account in one statement (a left join on users; a token also with the
 * user's verified custom domain, the base of their links). The gateway asks for
 * the owner of every link it serves and the API for the account behind every token; read one after the other, that
 * was two statements, and on PostgreSQL each statement is a round trip to another process
 * (bench/gateway/index-lookup.ts).
 */
import type { ExpressionBuilder } from 'kysely';
import type { Queryable } from './open-database.ts';
import type { Schema } from './schema.ts';
import { hashToken, TOKEN_COLUMNS, tokenFromRow, type DeviceToken } from './tokens.ts';
import { fromRow as uploadFromRow, type StoredUpload } from './uploads.ts';
import { userFromRow, type User } from './users.ts';

/** The users columns under names of their own (`owner_…`: uploads and device_tokens have a `created_at` too). */
function ownerColumns(eb: ExpressionBuilder<Schema & { users: Schema['users'] }, 'users'>) {
  return [
    eb.ref('users.name').as('owner_name'),
    eb.ref('users.email').as('owner_email'),
    eb.ref('users.role').as('owner_role'),
    eb.ref('users.created_at').as('owner_created_at'),
    eb.ref('users.disabled_at').as('owner_disabled_at'),
    eb.ref('users.storage_limit').as('owner_storage_limit'),
    eb.ref('users.transfer_limit').as('owner_transfer_limit'),
    eb.ref('users.max_file_size').as('owner_max_file_size'),
    eb.ref('users.last_active_at').as('owner_last_active_at'),
  ] as const;
}

type OwnerRow = {
  owner_name: string | null;
  owner_email: string | null;
  owner_role: Schema['users']['role'] | null;
  owner_created_at: string | null;
  owner_disabled_at: string | null;
  owner_storage_limit: number | null;
  owner_transfer_limit: number | null;
  owner_max_file_size: number | null;
  owner_last_active_at: string | null;
};

/** The account, or undefined when the join found none (a vanished user). */
function ownerOf(row: OwnerRow): User | undefined {
  if (row.owner_name === null || row.owner_role === null || row.owner_created_at === null) return undefined;
  return userFromRow({
    name: row.owner_name,
    email: row.owner_email,
    role: row.owner_role,
    created_at: row.owner_created_at,
    disabled_at: row.owner_disabled_at,
    storage_limit: row.owner_storage_limit,
    transfer_limit: row.owner_transfer_limit,
    max_file_size: row.owner_max_file_size,
    last_active_at: row.owner_last_active_at,
  });
}

export interface LinkWithOwner {
  upload: StoredUpload;
  /** Undefined when the link's user has no account (any more). */
  owner: User | undefined;
}

/** The link by its share id and its owner's account, or null when there is no such link. */
export async function findUploadWithOwner(db: Queryable, shareId: string): Promise<LinkWithOwner | null> {
  const row = await db
    .selectFrom('uploads')
    .leftJoin('users', 'users.name', 'uploads.user_id')
    .selectAll('uploads')
    .select((eb) => ownerColumns(eb))
    .where('uploads.share_id', '=', shareId)
    .executeTakeFirst();
  const upload = uploadFromRow(row);
  return row && upload ? { upload, owner: ownerOf(row) } : null;
}

export interface TokenWithOwner {
  token: DeviceToken;
  /** Undefined when the token's user has no account (any more). */
  owner: User | undefined;
  /** The user's custom domain once verified, else null: the base of their links, which the files list needs too. */
  verifiedDomain: string | null;
}

/**
 * The token's record (revoked or not), its user's account and verified custom domain, or null when no such token was
 * ever issued.
 */
export async function findTokenWithOwner(db: Queryable, token: string): Promise<TokenWithOwner | null> {
  const row = await db
    .selectFrom('device_tokens')
    .leftJoin('users', 'users.name', 'device_tokens.user_id')
    .leftJoin('custom_domains', 'custom_domains.user_id', 'device_tokens.user_id')
    .select(TOKEN_COLUMNS.map((c) => `device_tokens.${c}` as const))
    .select((eb) => ownerColumns(eb))
    .select(['custom_domains.domain as owner_domain', 'custom_domains.verified_at as owner_domain_verified_at'])
    .where('device_tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const verifiedDomain = row.owner_domain_verified_at === null ? null : row.owner_domain;
  return { token: tokenFromRow(row), owner: ownerOf(row), verifiedDomain };
}

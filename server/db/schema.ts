/**
 * The server's tables, typed once for Kysely: every query in server/db/ is checked against these, on SQLite and
 * PostgreSQL alike. Times are ISO-8601 text (they sort as they compare); counters are integers (bigint on
 * PostgreSQL, read back as numbers: see open-database.ts).
 */
import type { Generated } from 'kysely';
import type { Expiry } from '../../common/expiry.ts';

/** 'device': every /v1 route; 'upload': POST /v1/upload only (ShareX, scripts, phone shortcuts). */
export type TokenKind = 'device' | 'upload';

export interface DeviceTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  label: string | null;
  kind: Generated<TokenKind>;
}

export interface PendingMultipartTable {
  upload_id: string;
  key: string;
  user_id: string;
  expire: Expiry;
  content_type: string;
  created_at: string;
}

export interface UploadsTable {
  share_id: string;
  key: string;
  user_id: string;
  name: string;
  bytes: number;
  content_type: string;
  expire: Expiry;
  uploaded_at: string;
  expires_at: string | null;
  upload_id: string | null;
  downloads: Generated<number>;
  max_downloads: number | null;
  password_hash: string | null;
  /** 1 for the first upload, +1 for each replacement (server/uploads/replace.ts). */
  version: Generated<number>;
  replaced_at: string | null;
  /** A replacement started and not yet completed: when, its size and content type, and what it replaces (null: none). */
  replace_started_at: string | null;
  replace_bytes: number | null;
  replace_type: string | null;
  /** The object as S3 had it when the replacement started (`<Last-Modified ms> <ETag>`, or `none`). */
  replace_from: string | null;
}

export interface ReservationsTable {
  share_id: string;
  key: string;
  user_id: string;
  name: string;
  bytes: number;
  content_type: string;
  expire: Expiry;
  created_at: string;
}

export interface FileStatsTable {
  share_id: string;
  month: string;
  downloads: Generated<number>;
  bytes: Generated<number>;
  views: Generated<number>;
  bot_hits: Generated<number>;
  bot_bytes: Generated<number>;
}

export interface UserSettingsTable {
  user_id: string;
  expiry_rules: string;
}

export interface CustomDomainsTable {
  user_id: string;
  domain: string;
  token: string;
  created_at: string;
  verified_at: string | null;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
}

/** Wrong-password windows (server/share/attempt-limiter.ts): one row per link and per link × client. */
export interface PasswordAttemptsTable {
  key: string;
  failures: number;
  /** Start of the window, ms since the epoch. */
  since: number;
}

/** Varnish transactions cache-log has booked (server/db/cache-log-seen.ts): `<instance> <usec> <vxid>`. */
export interface CacheLogSeenTable {
  key: string;
  /** The request's time, ISO-8601: keys older than the retention window are forgotten. */
  at: string;
}

/** Server-made thumbnails (server/db/thumbnails.ts): what became of each link's, and where it is. */
export interface ThumbnailsTable {
  share_id: string;
  /** `thumbs/<userId>/<shareId>.webp`: kept here so the object can be deleted once the link's row is gone. */
  key: string;
  /** making (claimed by an instance at made_at), done, failed (the reason in detail), none (nothing to show). */
  state: 'making' | 'done' | 'failed' | 'none';
  /** The thumbnail's size when done. */
  bytes: number | null;
  made_at: string;
  detail: string | null;
}

export type UserRole = 'admin' | 'user';

/** Accounts (issue #16): `name` is the `user_id` every other table holds. Limits in bytes, null for none. */
export interface UsersTable {
  name: string;
  email: string | null;
  role: UserRole;
  created_at: string;
  disabled_at: string | null;
  storage_limit: number | null;
  transfer_limit: number | null;
  max_file_size: number | null;
  last_active_at: string | null;
}

/** Bytes the gateway (and cache-log) served for a user's links in one UTC month (`YYYY-MM`). */
export interface UserTransferTable {
  user_id: string;
  month: string;
  bytes: Generated<number>;
}

/** A download of a transfer-limited user's link in flight: the bytes it may still send (server/db/transfer.ts). */
export interface TransferHoldsTable {
  id: string;
  user_id: string;
  month: string;
  bytes: number;
  created_at: string;
}

/** The same counters as file_stats, per UTC day (server/db/day-stats.ts): the dashboard's 30-day chart. */
export interface FileStatsDailyTable {
  share_id: string;
  day: string;
  downloads: Generated<number>;
  bytes: Generated<number>;
  views: Generated<number>;
  bot_hits: Generated<number>;
  bot_bytes: Generated<number>;
}

/** Browser sessions of the dashboard (server/db/sessions.ts); the id is a SHA-256 of the cookie's secret. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** A short label made from the browser's User-Agent when it signed in (shown, never trusted). */
  user_agent: string | null;
  ip: string | null;
  /** The OpenID Connect identity that signed this session in (null: another method); unlinking it ends the session. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

/** One-time sign-in links made with a device token (server/db/sign-in-links.ts); the hash is a SHA-256 of the secret. */
export interface SignInLinksTable {
  hash: string;
  user_id: string;
  created_at: string;
  used_at: string | null;
}

/** A user's dashboard password (server/auth/password-hash.ts: scrypt, the parameters inside the hash). */
export interface UserPasswordsTable {
  user_id: string;
  hash: string;
  updated_at: string;
}

/** One-time invites for new users (server/db/invites.ts); the hash is a SHA-256 of the link's secret. */
export interface InvitesTable {
  hash: string;
  role: UserRole;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The name the invited person chose. */
  used_by: string | null;
}

/** WebAuthn credentials (passkeys): the credential id and COSE public key as base64url, its signature counter. */
export interface PasskeysTable {
  id: string;
  user_id: string;
  public_key: string;
  counter: Generated<number>;
  /** The authenticator's transports, comma-separated. */
  transports: string | null;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** A WebAuthn challenge handed out and not yet answered (server/db/webauthn-challenges.ts); user null: sign-in. */
export interface WebauthnChallengesTable {
  challenge: string;
  user_id: string | null;
  created_at: string;
}

/**
 * Who signs in through an OpenID provider (server/auth/oidc-user.ts): the ID token's issuer and subject name the
 * user; `email` is the address the provider gave last (kept as it was when another user has that one: oidc-email.ts;
 * shown, and refused to a second subject).
 */
export interface OidcIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  email: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** An (issuer, subject) an admin unlinked from a user: never tied back to that user by its e-mail (oidc-user.ts). */
export interface OidcUnlinkedTable {
  issuer: string;
  subject: string;
  user_id: string;
  unlinked_at: string;
}

export interface Schema {
  device_tokens: DeviceTokensTable;
  pending_multipart: PendingMultipartTable;
  uploads: UploadsTable;
  reservations: ReservationsTable;
  file_stats: FileStatsTable;
  user_settings: UserSettingsTable;
  custom_domains: CustomDomainsTable;
  server_secrets: ServerSecretsTable;
  password_attempts: PasswordAttemptsTable;
  cache_log_seen: CacheLogSeenTable;
  thumbnails: ThumbnailsTable;
  users: UsersTable;
  user_transfer: UserTransferTable;
  transfer_holds: TransferHoldsTable;
  sessions: SessionsTable;
  sign_in_links: SignInLinksTable;
  file_stats_daily: FileStatsDailyTable;
  user_passwords: UserPasswordsTable;
  invites: InvitesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  oidc_identities: OidcIdentitiesTable;
  oidc_unlinked: OidcUnlinkedTable;
}

/** Every table with its primary key, in the order migrate-data copies them (and checks them). */
export const TABLE_KEYS: { readonly [T in keyof Schema]: readonly (keyof Schema[T] & string)[] } = {
  device_tokens: ['id'],
  pending_multipart: ['upload_id'],
  uploads: ['share_id'],
  reservations: ['share_id'],
  file_stats: ['share_id', 'month'],
  user_settings: ['user_id'],
  custom_domains: ['user_id'],
  server_secrets: ['name'],
  password_attempts: ['key'],
  cache_log_seen: ['key'],
  thumbnails: ['share_id'],
  users: ['name'],
  user_transfer: ['user_id', 'month'],
  transfer_holds: ['id'],
  sessions: ['id'],
  sign_in_links: ['hash'],
  file_stats_daily: ['share_id', 'day'],
  user_passwords: ['user_id'],
  invites: ['hash'],
  passkeys: ['id'],
  webauthn_challenges: ['challenge'],
  oidc_identities: ['issuer', 'subject'],
  oidc_unlinked: ['issuer', 'subject', 'user_id'],
};

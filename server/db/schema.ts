/**
 * The server's tables, typed once for Kysely: every query in server/db/ is checked against these, on SQLite and
 * PostgreSQL alike. Times are ISO-8601 text (they sort as they compare); counters are integers (bigint on
 * PostgreSQL, read back as numbers: see open-database.ts).
 */
import type { Generated } from 'kysely';
import type { Expiry } from '../../common/expiry.ts';

export interface DeviceTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  label: string | null;
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
}

/** One-time sign-in links made with a device token (server/db/sign-in-links.ts); the hash is a SHA-256 of the secret. */
export interface SignInLinksTable {
  hash: string;
  user_id: string;
  created_at: string;
  used_at: string | null;
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
  sessions: SessionsTable;
  sign_in_links: SignInLinksTable;
  file_stats_daily: FileStatsDailyTable;
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
  sessions: ['id'],
  sign_in_links: ['hash'],
  file_stats_daily: ['share_id', 'day'],
};

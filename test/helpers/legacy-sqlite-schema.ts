/**
 * The server's SQLite schema as it made it before the Kysely migrations (PRAGMA user_version counted the steps),
 * kept verbatim so tests can make a database exactly as a running server of that time did, and check that
 * server/db/adopt-legacy.ts takes it over.
 */
import type { DatabaseSync } from 'node:sqlite';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE device_tokens (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     last_used_at TEXT,
     revoked_at TEXT,
     label TEXT
   );
   CREATE TABLE pending_multipart (
     upload_id TEXT PRIMARY KEY,
     key TEXT NOT NULL,
     user_id TEXT NOT NULL,
     expire TEXT NOT NULL,
     content_type TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE uploads (
     share_id TEXT PRIMARY KEY,
     key TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     expire TEXT NOT NULL,
     uploaded_at TEXT NOT NULL,
     expires_at TEXT,
     upload_id TEXT,
     downloads INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX uploads_user ON uploads (user_id, uploaded_at);
   CREATE INDEX uploads_upload_id ON uploads (upload_id);`,
  // early links: a share id announced before its upload finishes (answered 202 until then)
  `CREATE TABLE reservations (
     share_id TEXT PRIMARY KEY,
     key TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     content_type TEXT NOT NULL,
     expire TEXT NOT NULL,
     created_at TEXT NOT NULL
   );`,
  // share gateway (issue #4): per-link limits, per-month stats, per-user settings, custom domains
  `ALTER TABLE uploads ADD COLUMN max_downloads INTEGER;
   ALTER TABLE uploads ADD COLUMN password_hash TEXT;
   CREATE INDEX uploads_user_newest ON uploads (user_id, uploaded_at DESC, share_id DESC);
   CREATE TABLE file_stats (
     share_id TEXT NOT NULL,
     month TEXT NOT NULL,
     downloads INTEGER NOT NULL DEFAULT 0,
     bytes INTEGER NOT NULL DEFAULT 0,
     views INTEGER NOT NULL DEFAULT 0,
     bot_hits INTEGER NOT NULL DEFAULT 0,
     bot_bytes INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (share_id, month)
   );
   CREATE TABLE user_settings (
     user_id TEXT PRIMARY KEY,
     expiry_rules TEXT NOT NULL
   );
   CREATE TABLE custom_domains (
     user_id TEXT PRIMARY KEY,
     domain TEXT NOT NULL,
     token TEXT NOT NULL,
     created_at TEXT NOT NULL,
     verified_at TEXT
   );
   CREATE UNIQUE INDEX custom_domains_verified ON custom_domains (domain) WHERE verified_at IS NOT NULL;
   CREATE INDEX custom_domains_domain ON custom_domains (domain);
   CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

/** Brings `db` to `upTo` legacy steps (all three by default), as the old server did at start. */
export function legacyMigrate(db: DatabaseSync, upTo = MIGRATIONS.length): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  for (let version = row.user_version; version < upTo; version++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

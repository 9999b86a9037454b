/**
 * The schema, as Kysely migrations written with its schema builder: one set that runs on SQLite and on
 * PostgreSQL. 0001–0003 are, table for table and index for index, the three steps the server used to run
 * itself under `PRAGMA user_version` (adopt-legacy.ts marks them done on such a database); later steps only
 * append. Never edit a migration that has shipped: add one.
 */
import { type Kysely, type Migration, type MigrationProvider, PostgresAdapter, sql } from 'kysely';

// Kysely<any>: a migration describes the database as it was then, not as schema.ts says it is now
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('device_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('label', 'text')
      .execute();
    await db.schema
      .createTable('pending_multipart')
      .addColumn('upload_id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('expire', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('uploads')
      .addColumn('share_id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('expire', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('upload_id', 'text')
      .addColumn('downloads', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('uploads_user').on('uploads').columns(['user_id', 'uploaded_at']).execute();
    await db.schema.createIndex('uploads_upload_id').on('uploads').column('upload_id').execute();
  },
};

// early links: a share id announced before its upload finishes (answered 202 until then)
const reservations: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('reservations')
      .addColumn('share_id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('expire', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};

// share gateway (issue #4): per-link limits, per-month stats, per-user settings, custom domains
const gateway: Migration = {
  async up(db: AnyDb) {
    // one column per statement: SQLite adds one at a time
    await db.schema.alterTable('uploads').addColumn('max_downloads', 'bigint').execute();
    await db.schema.alterTable('uploads').addColumn('password_hash', 'text').execute();
    await db.schema
      .createIndex('uploads_user_newest')
      .on('uploads')
      .expression(sql`user_id, uploaded_at DESC, share_id DESC`)
      .execute();
    await db.schema
      .createTable('file_stats')
      .addColumn('share_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('downloads', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_hits', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('file_stats_pkey', ['share_id', 'month'])
      .execute();
    await db.schema
      .createTable('user_settings')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('expiry_rules', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('custom_domains')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('verified_at', 'text')
      .execute();
    await db.schema
      .createIndex('custom_domains_verified')
      .on('custom_domains')
      .column('domain')
      .unique()
      .where(sql.ref('verified_at'), 'is not', null)
      .execute();
    await db.schema.createIndex('custom_domains_domain').on('custom_domains').column('domain').execute();
    await db.schema
      .createTable('server_secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};

// wrong-password counts in the database, so every instance sees the same ones (they were in memory)
const passwordAttempts: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('password_attempts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'bigint', (c) => c.notNull())
      .addColumn('since', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('password_attempts_since').on('password_attempts').column('since').execute();
  },
};

// cache-log (server/db/cache-log-seen.ts): the Varnish transactions already booked, kept for a retention window
const cacheLogSeen: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('cache_log_seen')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cache_log_seen_at').on('cache_log_seen').column('at').execute();
  },
};

// issue #16: users with a role and plan limits, the monthly transfer booked per user, and downloads in flight.
// Every user name already in use (tokens, links, reservations, settings, domains) becomes a user.
const users: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('users')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text')
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('disabled_at', 'text')
      .addColumn('storage_limit', 'bigint')
      .addColumn('transfer_limit', 'bigint')
      .addColumn('max_file_size', 'bigint')
      .addColumn('last_active_at', 'text')
      .execute();
    // NULLs never collide in a unique index, on either database: only e-mails that are set must differ
    await db.schema.createIndex('users_email').on('users').column('email').unique().execute();
    await db.schema
      .createTable('user_transfer')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('user_transfer_pkey', ['user_id', 'month'])
      .execute();
    await db.schema
      .createTable('transfer_holds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transfer_holds_user').on('transfer_holds').columns(['user_id', 'month']).execute();
    await db.schema.createIndex('reservations_user').on('reservations').column('user_id').execute();
    const now = new Date().toISOString();
    await sql`INSERT INTO users (name, role, created_at)
      SELECT user_id, 'user', ${now} FROM (
        SELECT user_id FROM device_tokens UNION SELECT user_id FROM uploads UNION SELECT user_id FROM reservations
        UNION SELECT user_id FROM pending_multipart UNION SELECT user_id FROM user_settings
        UNION SELECT user_id FROM custom_domains
      ) AS known`.execute(db);
  },
};

// upload-only tokens (issue #16): a token's kind; every token made before is a device token
const tokenKind: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('device_tokens')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('device'))
      .execute();
  },
};

// the dashboard (issue #16): browser sessions and one-time sign-in links from a device (server/auth/session*.ts),
// statistics per day, and the files list's sorts by size and by downloads
const sessions: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'last_seen_at']).execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
    await db.schema
      .createTable('sign_in_links')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('sign_in_links_created').on('sign_in_links').column('created_at').execute();
    // the link page's chart of the last 30 days (server/db/day-stats.ts): file_stats' counters per UTC day
    await db.schema
      .createTable('file_stats_daily')
      .addColumn('share_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('downloads', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_hits', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('file_stats_daily_pk', ['share_id', 'day'])
      .execute();
    // the dashboard's other sorts of the files list (server/db/file-list.ts): a keyset per sort, per user
    await db.schema
      .createIndex('uploads_user_largest')
      .on('uploads')
      .expression(sql`user_id, bytes DESC, share_id DESC`)
      .execute();
    await db.schema
      .createIndex('uploads_user_most_downloaded')
      .on('uploads')
      .expression(sql`user_id, downloads DESC, share_id DESC`)
      .execute();
    // PostgreSQL: a trigram index for the name search (a LIKE '%…%' that matches few of a user's million links
    // would read them all). pg_trgm is a trusted extension: a user who may create objects in the database may
    // create it. Without it (not installed, or no right to create it) the search works and is slower: said in
    // docs/dashboard.md, and never a failed start.
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      const { rows } = await sql<{ ok: boolean }>`SELECT (
          EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
          OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
              AND has_database_privilege(current_database(), 'CREATE'))) AS ok`.execute(db);
      if (rows[0]?.ok) {
        await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
        await sql`CREATE INDEX uploads_name_trgm ON uploads USING gin (lower(name) gin_trgm_ops)`.execute(db);
      }
    }
  },
};

// replacing a shared file under the same link (server/uploads/replace.ts): the link's version and when it last
// changed, and the replacement a client has started and not yet completed (its size, type, start, and the object
// as S3 had it then)
const linkVersion: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('uploads')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('uploads').addColumn('replaced_at', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('replace_started_at', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('replace_bytes', 'bigint').execute();
    await db.schema.alterTable('uploads').addColumn('replace_type', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('replace_from', 'text').execute();
  },
};

// ways to sign in to the dashboard (issue #16): a password per user (server/auth/password-hash.ts), one-time
// invites for new users (server/db/invites.ts), and passkeys: WebAuthn credentials and one-time challenges
const signInMethods: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('user_passwords')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('invites')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('used_by', 'text')
      .execute();
    await db.schema.createIndex('invites_expires').on('invites').column('expires_at').execute();
    await db.schema
      .createTable('passkeys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('transports', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('passkeys_user').on('passkeys').column('user_id').execute();
    // a WebAuthn ceremony's challenge, used once (any instance may receive the answer)
    await db.schema
      .createTable('webauthn_challenges')
      .addColumn('challenge', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};

// server-made thumbnails (server/thumbnails/): one row per link, so each is made once and a failure is not retried;
// the sweep looks for recent uploads without one and recent rows without their upload, through the two indexes
const thumbnails: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('thumbnails')
      .addColumn('share_id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint')
      .addColumn('made_at', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('thumbnails_made_at').on('thumbnails').column('made_at').execute();
    await db.schema.createIndex('uploads_uploaded_at').on('uploads').column('uploaded_at').execute();
  },
};

// the files list (server/db/file-list.ts). "limited" (every allowed download used) is rare, and read along a sort's
// full index it walks all of a user's rows to find none: a partial index per sort holds only the links with a
// download limit, on both databases; live and expired, which depend on the time, get an index of the expiry. The
// name search on SQLite (server/db/name-search.ts): an FTS5 index of the names with the trigram tokenizer (any 3
// characters of a name find it, in any case), kept by triggers on uploads. Contentless, so the names are not stored
// twice; its rowids are those of upload_name_ids, whose INTEGER PRIMARY KEY never changes (uploads' own rowid may,
// on VACUUM, since its key is text). Filled here for the links already there. PostgreSQL has had its trigram index
// since 0008_sessions.
const nameSearch: Migration = {
  async up(db: AnyDb) {
    for (const [index, column] of [
      ['uploads_limited_newest', 'uploaded_at'],
      ['uploads_limited_largest', 'bytes'],
      ['uploads_limited_most_downloaded', 'downloads'],
    ] as const)
      await db.schema
        .createIndex(index)
        .on('uploads')
        .expression(sql`user_id, ${sql.ref(column)} DESC, share_id DESC`)
        .where(sql.ref('max_downloads'), 'is not', null)
        .execute();
    // live and expired as ranges (server/db/file-list.ts expiryRange): a link that never expires sorts last
    await db.schema
      .createIndex('uploads_user_expiry')
      .on('uploads')
      .expression(sql`user_id, (coalesce(expires_at, '9999-12-31T23:59:59.999Z'))`)
      .execute();
    if (db.getExecutor().adapter instanceof PostgresAdapter) return;
    await sql`CREATE TABLE upload_name_ids (id INTEGER PRIMARY KEY, share_id TEXT NOT NULL UNIQUE)`.execute(db);
    await sql`CREATE VIRTUAL TABLE upload_names USING fts5(
        name, content='', contentless_delete=1, tokenize='trigram case_sensitive 0')`.execute(db);
    // a row replaced by INSERT OR REPLACE fires no DELETE trigger: the insert clears what its share id left first
    await sql`CREATE TRIGGER upload_names_insert AFTER INSERT ON uploads BEGIN
        DELETE FROM upload_names WHERE rowid = (SELECT id FROM upload_name_ids WHERE share_id = new.share_id);
        DELETE FROM upload_name_ids WHERE share_id = new.share_id;
        INSERT INTO upload_name_ids (share_id) VALUES (new.share_id);
        INSERT INTO upload_names (rowid, name)
          VALUES ((SELECT id FROM upload_name_ids WHERE share_id = new.share_id), new.name);
      END`.execute(db);
    await sql`CREATE TRIGGER upload_names_delete AFTER DELETE ON uploads BEGIN
        DELETE FROM upload_names WHERE rowid = (SELECT id FROM upload_name_ids WHERE share_id = old.share_id);
        DELETE FROM upload_name_ids WHERE share_id = old.share_id;
      END`.execute(db);
    await sql`CREATE TRIGGER upload_names_update AFTER UPDATE OF share_id, name ON uploads BEGIN
        DELETE FROM upload_names WHERE rowid = (SELECT id FROM upload_name_ids WHERE share_id = old.share_id);
        DELETE FROM upload_name_ids WHERE share_id = old.share_id;
        INSERT INTO upload_name_ids (share_id) VALUES (new.share_id);
        INSERT INTO upload_names (rowid, name)
          VALUES ((SELECT id FROM upload_name_ids WHERE share_id = new.share_id), new.name);
      END`.execute(db);
    await sql`INSERT INTO upload_name_ids (share_id) SELECT share_id FROM uploads`.execute(db);
    await sql`INSERT INTO upload_names (rowid, name)
        SELECT i.id, u.name FROM upload_name_ids i JOIN uploads u ON u.share_id = i.share_id`.execute(db);
  },
};

// OpenID Connect identities (issue #16): the provider's (issuer, subject) names the user, not the e-mail, which may
// change or be given to someone else. One identity per user and issuer (the second unique key), so a second subject
// can never be joined to an account silently; removed with its user
const oidcIdentities: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('oidc_identities')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
      .addColumn('email', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addPrimaryKeyConstraint('oidc_identities_pkey', ['issuer', 'subject'])
      .addUniqueConstraint('oidc_identities_user', ['issuer', 'user_id'])
      .execute();
    await db.schema.createIndex('oidc_identities_user_id').on('oidc_identities').column('user_id').execute();
  },
};

// the files list's kind filter (server/db/file-list.ts kindKey): a kind the user has few of (audio among a million
// images) was found by walking all of their rows. An index on (user, the kind as a word) makes each kind one
// equality, under any collation; lower() so it holds every row the filter's LIKE matches on either database. The
// text must stay the same as file-list.ts's KIND_KEY, or neither database would match the two.
const kindIndex: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createIndex('uploads_user_kind')
      .on('uploads')
      .expression(
        sql`user_id, (CASE WHEN lower(content_type) = 'application/pdf' THEN 'pdf' WHEN substr(lower(content_type), 1, 6) = 'image/' THEN 'image' WHEN substr(lower(content_type), 1, 6) = 'video/' THEN 'video' WHEN substr(lower(content_type), 1, 6) = 'audio/' THEN 'audio' WHEN substr(lower(content_type), 1, 5) = 'text/' THEN 'text' ELSE 'other' END)`,
      )
      .execute();
  },
};

/** In order; the names sort as they run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_reservations': reservations,
  '0003_gateway': gateway,
  '0004_password_attempts': passwordAttempts,
  '0005_cache_log_seen': cacheLogSeen,
  '0006_users': users,
  '0007_token_kind': tokenKind,
  '0008_sessions': sessions,
  '0009_link_version': linkVersion,
  '0010_sign_in_methods': signInMethods,
  '0012_thumbnails': thumbnails,
  '0013_name_search': nameSearch,
  '0014_oidc_identities': oidcIdentities,
  '0015_kind_index': kindIndex,
};

/** The migrations that `PRAGMA user_version` = n stood for in the server's own SQLite migrations. */
export const LEGACY_VERSIONS: readonly string[] = ['0001_initial', '0002_reservations', '0003_gateway'];

export const migrationProvider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

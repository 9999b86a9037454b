/**
 * The schema, as Kysely migrations written with its schema builder: one set that runs on SQLite and on
 * PostgreSQL. 0001–0003 are, table for table and index for index, the three steps the server used to run
 * itself under `PRAGMA user_version` (adopt-legacy.ts marks them done on such a database); later steps only
 * append. Never edit a migration that has shipped: add one. One file a migration in migrations/, named as it runs.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { migration as initial } from './migrations/0001_initial.ts';
import { migration as reservations } from './migrations/0002_reservations.ts';
import { migration as gateway } from './migrations/0003_gateway.ts';
import { migration as passwordAttempts } from './migrations/0004_password_attempts.ts';
import { migration as cacheLogSeen } from './migrations/0005_cache_log_seen.ts';
import { migration as users } from './migrations/0006_users.ts';
import { migration as tokenKind } from './migrations/0007_token_kind.ts';
import { migration as sessions } from './migrations/0008_sessions.ts';
import { migration as linkVersion } from './migrations/0009_link_version.ts';
import { migration as signInMethods } from './migrations/0010_sign_in_methods.ts';
import { migration as thumbnails } from './migrations/0012_thumbnails.ts';
import { migration as nameSearch } from './migrations/0013_name_search.ts';
import { migration as oidcIdentities } from './migrations/0014_oidc_identities.ts';
import { migration as kindIndex } from './migrations/0015_kind_index.ts';
import { migration as oidcIdentitySeen } from './migrations/0016_oidc_identity_seen.ts';

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
  '0016_oidc_identity_seen': oidcIdentitySeen,
};

/** The migrations that `PRAGMA user_version` = n stood for in the server's own SQLite migrations. */
export const LEGACY_VERSIONS: readonly string[] = ['0001_initial', '0002_reservations', '0003_gateway'];

export const migrationProvider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

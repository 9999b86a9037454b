/**
 * What unlinking an OpenID Connect identity needs to be kept (server/db/oidc-unlink.ts): which identity started a
 * session (two nullable columns on sessions, so unlinking ends exactly those sessions), and which (issuer, subject)
 * an admin unlinked from which user (oidc_unlinked), so that provider account is never tied back to that user by
 * its e-mail. The identity's link time and last sign-in were kept already (0014: created_at, last_used_at).
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('sessions').addColumn('oidc_issuer', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('oidc_subject', 'text').execute();
    await db.schema
      .createTable('oidc_unlinked')
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
      .addColumn('unlinked_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('oidc_unlinked_pkey', ['issuer', 'subject', 'user_id'])
      .execute();
    await db.schema.createIndex('oidc_unlinked_user_id').on('oidc_unlinked').column('user_id').execute();
  },
};

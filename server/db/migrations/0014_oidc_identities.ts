/**
 * OpenID Connect identities (issue #16): the provider's (issuer, subject) names the user, not the e-mail, which may
 * change or be given to someone else. One identity per user and issuer (the second unique key), so a second subject
 * can never be joined to an account silently; removed with its user
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
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

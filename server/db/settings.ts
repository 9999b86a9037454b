/** Per-user settings the app reads and writes (expiry rules), and the server's own secrets. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_EXPIRY_RULES, type ExpiryRules, parseExpiryRules } from '../../common/expiry-rules.ts';
import type { Queryable } from './open-database.ts';

export async function getExpiryRules(db: Queryable, userId: string): Promise<ExpiryRules> {
  const row = await db
    .selectFrom('user_settings')
    .select('expiry_rules')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? parseExpiryRules(JSON.parse(row.expiry_rules)) : structuredClone(DEFAULT_EXPIRY_RULES);
}

export async function setExpiryRules(db: Queryable, userId: string, rules: ExpiryRules): Promise<void> {
  await db
    .insertInto('user_settings')
    .values({ user_id: userId, expiry_rules: JSON.stringify(rules) })
    .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ expiry_rules: eb.ref('excluded.expiry_rules') })))
    .execute();
}

/**
 * A random secret created once per database (signs password cookies); survives restarts. Instances starting
 * together each offer one; the first insert wins and all read that one.
 */
export async function serverSecret(db: Queryable, name: string): Promise<Buffer> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

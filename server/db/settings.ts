/** Per-user settings the app reads and writes (expiry rules), and the server's own secrets. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_EXPIRY_RULES, type ExpiryRules, parseExpiryRules } from '../../common/expiry-rules.ts';
import type { Database } from './open-database.ts';

export function getExpiryRules(db: Database, userId: string): ExpiryRules {
  const row = db.prepare('SELECT expiry_rules FROM user_settings WHERE user_id = ?').get(userId) as
    { expiry_rules: string } | undefined;
  return row ? parseExpiryRules(JSON.parse(row.expiry_rules)) : structuredClone(DEFAULT_EXPIRY_RULES);
}

export function setExpiryRules(db: Database, userId: string, rules: ExpiryRules): void {
  db.prepare(
    `INSERT INTO user_settings (user_id, expiry_rules) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET expiry_rules = excluded.expiry_rules`,
  ).run(userId, JSON.stringify(rules));
}

/** A random secret created once per database (signs password cookies); survives restarts. */
export function serverSecret(db: Database, name: string): Buffer {
  db.prepare('INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)').run(
    name,
    randomBytes(32).toString('base64url'),
  );
  const row = db.prepare('SELECT value FROM server_secrets WHERE name = ?').get(name) as { value: string };
  return Buffer.from(row.value, 'base64url');
}

/**
 * Jobs that must run on one instance at a time (reconcile, the expired-row sweep): on PostgreSQL a session
 * advisory lock (pg_try_advisory_lock) held on one pooled connection for the job's length, so of several
 * instances sharing the database one runs the job and the others skip it. SQLite has one process (a CLI
 * command aside), so there only the in-process guard applies. Never waits: a busy job is skipped, not queued.
 */
import { sql } from 'kysely';
import { type Database, isPostgres } from './open-database.ts';

export type JobOutcome<T> = { ran: true; value: T } | { ran: false };

const running = new WeakMap<Database, Set<string>>();

export async function withJobLock<T>(db: Database, name: string, fn: () => Promise<T>): Promise<JobOutcome<T>> {
  const here = running.get(db) ?? new Set<string>();
  running.set(db, here);
  if (here.has(name)) return { ran: false };
  here.add(name);
  try {
    if (!isPostgres(db)) return { ran: true, value: await fn() };
    const lockKey = `traydrop-job:${name}`;
    return await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_lock(hashtext(${lockKey})) AS locked`.execute(connection);
      if (!rows[0]?.locked) return { ran: false } as const;
      try {
        return { ran: true, value: await fn() } as const;
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtext(${lockKey}))`.execute(connection);
      }
    });
  } finally {
    here.delete(name);
  }
}

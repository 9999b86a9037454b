/**
 * Named prepared statements for Kysely on pg. Kysely hands pg each query as text and values, which pg sends as an
 * unnamed statement: PostgreSQL parses and plans it again every time. This pool wrapper names each statement by a
 * hash of its SQL, so pg sends Parse only the first time on a connection and after that just Bind and Execute (the
 * statement and its plan are kept by that backend). Bounded: a connection names at most MAX_NAMED_PER_CONNECTION
 * texts, later ones go unnamed as before. Only statements with parameters are named (those already use the
 * extended protocol); text without them (BEGIN, COMMIT, DDL, several statements at once) goes as it did.
 * A named statement lives in one server session: behind a pooler in transaction mode that moves a client between
 * sessions, turn it off (docs/database.md, DATABASE_PREPARED_STATEMENTS=off).
 */
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

export const MAX_NAMED_PER_CONNECTION = 200;
const MAX_KNOWN_TEXTS = 1000;

/** A statement's name: the same text gets the same name on every connection and instance. */
const names = new Map<string, string>();
function nameOf(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    if (names.size >= MAX_KNOWN_TEXTS) names.clear();
    name = `td_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * "cached plan must not change result type": a table's columns changed (another instance migrated) under a
 * prepared `select *`. The connection's statements are stale, so it is dropped rather than reused.
 */
const isStalePlan = (error: unknown): boolean =>
  (error as { code?: string }).code === '0A000' && /cached plan/.test(String((error as Error).message));

function wrapClient(client: pg.PoolClient): PostgresPoolClient {
  const named = new Set<string>();
  let stale = false;
  return {
    query: (async (sql: string, parameters: readonly unknown[]) => {
      let name: string | undefined;
      if (parameters.length > 0) {
        name = nameOf(sql);
        if (!named.has(name)) name = named.size < MAX_NAMED_PER_CONNECTION ? (named.add(name), name) : undefined;
      }
      try {
        return await client.query(
          name ? { name, text: sql, values: [...parameters] } : { text: sql, values: [...parameters] },
        );
      } catch (error) {
        if (isStalePlan(error)) stale = true;
        throw error;
      }
    }) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy || stale),
  };
}

/** The pool Kysely's PostgresDialect takes, naming statements; `prepared: false` passes queries as they are. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrapped.get(client);
      if (!wrapper) wrapped.set(client, (wrapper = wrapClient(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/**
 * The files list's "name contains" condition. The truth is always the LIKE below (the user's text taken literally,
 * lower-cased on both sides); an index only narrows which rows it is tried on, so results and paging are the same
 * with or without one. PostgreSQL: the pg_trgm index on lower(name) (migration 0008), in the plan said below.
 * SQLite: `LIKE '%…%'` can use no index, so a search that matches few of a user's million links read them all
 * (1.7 s); the FTS5 trigram index of migration 0013 finds the candidates instead, when that is the faster way.
 */
import { type ExpressionBuilder, type ExpressionWrapper, sql, type SqlBool } from 'kysely';
import { isPostgres, type Queryable } from './open-database.ts';
import type { Schema } from './schema.ts';

type Eb = ExpressionBuilder<Schema, 'uploads'>;
type Cond = ExpressionWrapper<Schema, 'uploads', SqlBool>;

/**
 * Up to this many candidates (names anywhere in the index holding the text), the query starts from them: each
 * costs about 3 µs (found, its row read, the LIKE, sorted), so all of them take ~30 ms. More, and the text is common.
 */
export const MAX_INDEXED_CANDIDATES = 10_000;

/**
 * A trigram index answers texts of 3 characters or more; a 1–2 character text has no trigram to look up (FTS5
 * matches nothing for it), and it is found in so many names that the keyset scan fills a page quickly anyway.
 */
const MIN_INDEXED_LENGTH = 3;

const lowered = (q: string): string => q.toLowerCase();

/** LIKE with the user's text taken literally (% and _ escaped), lower-cased on both sides: any case, both databases. */
function nameLike(eb: Eb, q: string): Cond {
  // no name holds a NUL (safe names have no control characters; PostgreSQL's text cannot), and PostgreSQL refuses
  // one in a parameter: such a text matches nothing, on both databases
  if (q.includes('\0')) return eb(eb.val(1), '=', 0);
  const pattern = `%${lowered(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return eb(sql<string>`lower(${eb.ref('name')})`, 'like', sql<string>`${pattern} escape '\\'`);
}

/** An FTS5 phrase: the text between double quotes is taken as it is (a quote inside is doubled), no operators. */
const ftsPhrase = (q: string): string => `"${lowered(q).replace(/"/g, '""')}"`;

/** Whether a trigram index can answer this text (3 characters or more). */
function indexable(q: string): boolean {
  const text = lowered(q);
  return [...text].length >= MIN_INDEXED_LENGTH && !text.includes('\0');
}

/** How many names in the index hold the text, counted up to MAX_INDEXED_CANDIDATES + 1 (so it stays cheap). */
async function countCandidates(db: Queryable, q: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (
      SELECT 1 FROM upload_names WHERE upload_names MATCH ${ftsPhrase(q)} LIMIT ${MAX_INDEXED_CANDIDATES + 1})`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * How listUploads reads the rows for a text:
 * - `keyset`: the user's rows in the list's order, the LIKE on each (short texts, no index);
 * - `candidates`: only the rows the trigram index names, then sorted (SQLite, few of them);
 * - `nearby-then-candidates`: the keyset read on the next few thousand rows only, and if they do not fill the page,
 *   the candidates instead. For a common text on SQLite: common is not dense where the page is (names holding
 *   "2025-03" are all in March). On PostgreSQL for every text the trigram index can answer: its planner cannot know
 *   where in the list the matches are, and with the newest-first index at hand it walked 900,000 rows to reach the
 *   old ones (0.7 s at a million); the candidates read leaves it no index for the order, so it uses pg_trgm's.
 */
export type NamePlan = 'keyset' | 'candidates' | 'nearby-then-candidates';

export interface NameFilter {
  plan: NamePlan;
  /** The exact condition, applied in every plan. */
  like: (eb: Eb) => Cond;
  /** The rows the trigram index names (SQLite's FTS5; on PostgreSQL the LIKE itself, which pg_trgm serves). */
  candidates: (eb: Eb) => Cond;
}

/** The condition for `q`; `useIndex: false` is for tests that compare with the plain LIKE. */
export async function nameFilter(db: Queryable, q: string, useIndex = true): Promise<NameFilter> {
  const phrase = ftsPhrase(q);
  const filter = {
    like: (eb: Eb) => nameLike(eb, q),
    candidates: (eb: Eb) =>
      eb(
        'uploads.share_id',
        'in',
        sql<string>`(SELECT upload_name_ids.share_id FROM upload_names
          JOIN upload_name_ids ON upload_name_ids.id = upload_names.rowid WHERE upload_names MATCH ${phrase})`,
      ),
  };
  if (!useIndex || !indexable(q)) return { plan: 'keyset', ...filter };
  if (isPostgres(db)) return { plan: 'nearby-then-candidates', like: filter.like, candidates: filter.like };
  const few = (await countCandidates(db, q)) <= MAX_INDEXED_CANDIDATES;
  return { plan: few ? 'candidates' : 'nearby-then-candidates', ...filter };
}

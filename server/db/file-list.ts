/**
 * A user's files, paged by an opaque cursor (keyset: instant at any size), newest first or by size or downloads,
 * optionally narrowed by part of the name, kind (content type) and state, each with the bytes served from it in all
 * months. Every sort has an index that starts with user_id (migrations 0003 and 0008), so a page reads about `limit`
 * rows whatever the user holds. A filter that may match few rows far down the list (a name, live, expired) reads
 * only the next few thousand rows that way; when they do not fill the page, it reads the rows an index says match
 * (the name's candidates, the expiry index of migration 0013) and sorts them (bench/dashboard/files-list.ts). One
 * statement for the page (a correlated sum over file_stats' primary key per row) in the usual case, since on
 * PostgreSQL every statement is a round trip to another process (bench/gateway/README.md).
 */
import { type ExpressionBuilder, type RawBuilder, type ExpressionWrapper, sql, type SqlBool } from 'kysely';
import type { FileKind, FileQuery, FileSort, FileState } from '../../common/file-query.ts';
import { nameFilter } from './name-search.ts';
import { fromRow, type StoredUpload } from './uploads.ts';
import { isPostgres, type Queryable } from './open-database.ts';
import type { Schema } from './schema.ts';

export interface FilePage {
  files: StoredUpload[];
  /** Bytes served per share id (every file of the page is there, 0 when none). */
  bytesServed: Map<string, number>;
  nextCursor: string | null;
}

type Eb = ExpressionBuilder<Schema, 'uploads'>;
type Cond = ExpressionWrapper<Schema, 'uploads', SqlBool>;

const SORT_COLUMN = { date: 'uploaded_at', size: 'bytes', downloads: 'downloads' } as const;

/** `date` keeps the cursor the app has always had (`uploadedAt|shareId`); the others say their sort. */
function decodeCursor(cursor: string | undefined, sort: FileSort): { value: string | number; shareId: string } | null {
  if (!cursor) return null;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (sort === 'date')
    return parts.length === 2 && parts[0] && parts[1] ? { value: parts[0], shareId: parts[1] } : null;
  if (parts.length !== 3 || parts[0] !== sort || !/^\d+$/.test(parts[1]!) || !parts[2]) return null;
  return { value: Number(parts[1]), shareId: parts[2] };
}

function encodeCursor(u: StoredUpload, sort: FileSort): string {
  const text =
    sort === 'date'
      ? `${u.uploadedAt}|${u.shareId}`
      : `${sort}|${sort === 'size' ? u.bytes : u.downloads}|${u.shareId}`;
  return Buffer.from(text).toString('base64url');
}

function kindIs(eb: Eb, kind: FileKind): Cond {
  if (kind === 'pdf') return eb('content_type', '=', 'application/pdf');
  if (kind !== 'other') return eb('content_type', 'like', `${kind}/%`);
  return eb.not(
    eb.or([
      eb('content_type', '=', 'application/pdf'),
      ...(['image', 'video', 'audio', 'text'] as const).map((k) => eb('content_type', 'like', `${k}/%`)),
    ]),
  );
}

/**
 * The kind as one word, as migration 0015's index holds it (the same text, literal, or neither database would match
 * the two). lower() makes it hold every row kindIs matches for image, video, audio, text and pdf on both databases
 * (SQLite's LIKE ignores ASCII case, PostgreSQL's does not): the narrow read applies kindIs too, so it gives the
 * same rows. Not for "other": kindIs's complement also holds, on PostgreSQL, `Image/png`, which this calls an image.
 */
const KIND_KEY = sql<string>`(CASE WHEN lower(content_type) = 'application/pdf' THEN 'pdf' WHEN substr(lower(content_type), 1, 6) = 'image/' THEN 'image' WHEN substr(lower(content_type), 1, 6) = 'video/' THEN 'video' WHEN substr(lower(content_type), 1, 6) = 'audio/' THEN 'audio' WHEN substr(lower(content_type), 1, 5) = 'text/' THEN 'text' ELSE 'other' END)`;

/** The rows of the kind's part of the kind index (a superset of kindIs for every kind but "other"). */
const kindKeyIs = (eb: Eb, kind: Exclude<FileKind, 'other'>): Cond => eb(KIND_KEY, '=', sql.lit(kind));

/**
 * The expiry as migration 0013's index holds it: a link that never expires as if it did at the end of time. The
 * same text as the index's, literal (not a parameter), or neither database would match the two.
 */
const expiryKey = (eb: Eb) => sql<string>`coalesce(${eb.ref('expires_at')}, '9999-12-31T23:59:59.999Z')`;

/**
 * Live or expired as ranges of the expiry index: the same rows as stateIs, and how the narrow read finds them.
 * (stateIs keeps its own form, which the expiry index cannot serve, so the keyset reads stay on the sort's index.)
 */
function expiryRange(eb: Eb, state: 'live' | 'expired', now: string): Cond {
  if (state === 'expired') return expiryOnly(eb, state, now);
  const limited = eb.and([eb('max_downloads', 'is not', null), eb('downloads', '>=', eb.ref('max_downloads'))]);
  return eb.and([expiryOnly(eb, state, now), eb.not(limited)]);
}

/** The expiry part alone: what the index holds, so counting it reads the index only. */
const expiryOnly = (eb: Eb, state: 'live' | 'expired', now: string): Cond =>
  eb(expiryKey(eb), state === 'expired' ? '<=' : '>', now);

/**
 * Up to this many rows in a state's range, the narrow read sorts them (a few ms per thousand); more, and the keyset
 * read goes on past the nearby rows, as it did before. The usual shape is the newest links live and the older ones
 * expired: "expired" is then many rows just past the nearby ones, and reading its range would sort all of them.
 */
const MAX_NARROW_ROWS = 10_000;

function stateIs(eb: Eb, state: FileState, now: string): Cond {
  const expired = eb.and([eb('expires_at', 'is not', null), eb('expires_at', '<=', now)]);
  const limited = eb.and([eb('max_downloads', 'is not', null), eb('downloads', '>=', eb.ref('max_downloads'))]);
  if (state === 'expired') return expired;
  if (state === 'limited') return eb.and([eb.not(expired), limited]);
  return eb.and([eb.not(expired), eb.not(limited)]);
}

/** A place in the list's order: a cursor, or where a `nearby` read stops. */
type Position = { value: string | number; shareId: string };

/** Rows a filter that may be sparse reads along the keyset before it reads the narrow way (a few ms). */
const NEARBY_ROWS = 2000;

/**
 * How the rows are read: along the sort's index (`keyset`); from the name's candidates (`candidates`); or the next
 * NEARBY_ROWS rows along the keyset, then, if those did not fill the page, the narrow way (`candidates`; the kind's
 * part of the kind index: `kind`; or the state's range of the expiry index: `expiry`), when it holds few rows.
 */
type Read = 'keyset' | 'candidates' | 'expiry' | 'kind';

export async function listUploads(
  db: Queryable,
  userId: string,
  limit: number,
  cursor?: string,
  filter: FileQuery & { now?: Date; nameIndex?: boolean } = {},
): Promise<FilePage> {
  const sort = filter.sort ?? 'date';
  const column = SORT_COLUMN[sort];
  const after = decodeCursor(cursor, sort);
  const now = (filter.now ?? new Date()).toISOString();
  const name = filter.q ? await nameFilter(db, filter.q, filter.nameIndex ?? true) : null;
  // each with a plain range on the sort column too, which both databases read as bounds of the index's scan
  // (neither does for an OR): a later page starts at its cursor instead of skipping the rows before it
  const isAfter = (eb: Eb, at: Position) =>
    eb.and([
      eb(column, '<=', at.value as never),
      eb.or([eb(column, '<', at.value as never), eb('share_id', '<', at.shareId)]),
    ]);
  const notAfter = (eb: Eb, at: Position) =>
    eb.and([
      eb(column, '>=', at.value as never),
      eb.or([eb(column, '>', at.value as never), eb('share_id', '>=', at.shareId)]),
    ]);

  // the kinds and states an index range can narrow ("other", the complement of the kinds, is usually common: keyset)
  const kind = filter.kind && filter.kind !== 'other' ? filter.kind : null;
  const state = filter.state === 'live' || filter.state === 'expired' ? filter.state : null;
  /** The page read one way (along the keyset up to `until`, when given). */
  const read = (from: Read, until?: Position) => {
    let query = db.selectFrom('uploads');
    // SQLite: `+user_id` keeps the planner off the user's indexes, so the query starts from the few candidates
    // (with user_id = ? it would walk the user's million rows in order, checking each against them)
    if (from === 'candidates' && !isPostgres(db))
      query = query.where(name!.candidates).where((eb) => eb(sql<string>`+${eb.ref('user_id')}`, '=', userId));
    else query = query.where('user_id', '=', userId);
    if (name) query = query.where(name.like);
    if (filter.kind) query = query.where((eb) => kindIs(eb, filter.kind!));
    if (from === 'kind' && kind) query = query.where((eb) => kindKeyIs(eb, kind));
    if (from === 'expiry' && state) query = query.where((eb) => expiryRange(eb, state, now));
    else if (filter.state) query = query.where((eb) => stateIs(eb, filter.state!, now));
    if (after) query = query.where((eb) => isAfter(eb, after));
    if (until) query = query.where((eb) => notAfter(eb, until));
    const page = (q: typeof query, order: RawBuilder<unknown> | typeof column) =>
      q
        .selectAll('uploads')
        .select((eb) =>
          eb
            .selectFrom('file_stats')
            .select((s) => s.fn.sum<number>('file_stats.bytes').as('served'))
            .whereRef('file_stats.share_id', '=', 'uploads.share_id')
            .as('bytes_served'),
        )
        .orderBy(order, 'desc')
        .orderBy('share_id', 'desc')
        .limit(limit + 1)
        .execute();
    if (from === 'keyset') return page(query, column);
    // a narrow read sorts what it found: ordered by an expression, neither database can take a sort's index for
    // the order, so each reads the index that finds the rows (PostgreSQL's planner would walk the sort's index).
    // It sorts only the share ids and sort values (thousands of them, at most), then reads the page's rows whole
    const order = sql`${sql.ref(column)} ${sql.raw(sort === 'date' ? "|| ''" : '+ 0')}`;
    const top = query
      .select('uploads.share_id')
      .orderBy(order, 'desc')
      .orderBy('share_id', 'desc')
      .limit(limit + 1);
    return page(db.selectFrom('uploads').where('uploads.share_id', 'in', top), order);
  };

  /** Whether an index's range holds more than MAX_NARROW_ROWS of the user's links (counted up to one more). */
  const rangeIsLarge = async (range: (eb: Eb) => Cond) => {
    const { n } = await db
      .selectFrom((qb) =>
        qb
          .selectFrom('uploads')
          .select(sql<number>`1`.as('one'))
          .where('user_id', '=', userId)
          .where(range)
          .limit(MAX_NARROW_ROWS + 1)
          .as('range'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n) > MAX_NARROW_ROWS;
  };
  /** The narrow read that pays, once the nearby rows did not fill the page: the smaller index range first. */
  const narrowRead = async (): Promise<Read> => {
    if (kind && !(await rangeIsLarge((eb) => kindKeyIs(eb, kind)))) return 'kind';
    if (state && !(await rangeIsLarge((eb) => expiryOnly(eb, state, now)))) return 'expiry';
    return 'keyset';
  };
  const narrow: Read =
    name?.plan === 'candidates' || name?.plan === 'nearby-then-candidates'
      ? 'candidates'
      : kind
        ? 'kind'
        : state
          ? 'expiry'
          : 'keyset';
  let rows: Awaited<ReturnType<typeof read>>;
  if (narrow === 'keyset' || name?.plan === 'candidates') rows = await read(narrow);
  else {
    // the row NEARBY_ROWS on along the keyset (read from the sort's index alone); none: fewer are left, read them all
    let position = db
      .selectFrom('uploads')
      .select([column, 'share_id'])
      .where('user_id', '=', userId)
      .orderBy(column, 'desc')
      .orderBy('share_id', 'desc')
      .limit(1)
      .offset(NEARBY_ROWS - 1);
    if (after) position = position.where((eb) => isAfter(eb, after));
    const edge = await position.executeTakeFirst();
    const until = edge ? { value: (edge as Record<string, string | number>)[column]!, shareId: edge.share_id } : null;
    rows = await read('keyset', until ?? undefined);
    if (until && rows.length <= limit) rows = await read(narrow === 'candidates' ? narrow : await narrowRead());
  }
  const page = rows.slice(0, limit);
  const files = page.map((r) => fromRow(r)!);
  const bytesServed = new Map(page.map((r) => [r.share_id, Number(r.bytes_served ?? 0)]));
  const last = files.at(-1);
  return { files, bytesServed, nextCursor: rows.length > limit && last ? encodeCursor(last, sort) : null };
}

/** Every indexed key (for reconcile), optionally under a prefix. */
export async function indexedKeys(db: Queryable, prefix = ''): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('uploads')
    .select(['key', 'share_id'])
    .where((eb) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(prefix.length)]), '=', prefix))
    .execute();
  return new Map(rows.map((r) => [r.key, r.share_id]));
}

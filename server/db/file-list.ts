/**
 * A user's files, paged by an opaque cursor (keyset: instant at any size), newest first or by size or downloads,
 * optionally narrowed by part of the name, kind (content type) and state, each with the bytes served from it in all
 * months. Every sort has an index that starts with user_id (migrations 0003 and 0008), so a page reads about `limit`
 * rows whatever the user holds; a name search that matches little has to read more of them
 * (bench/dashboard/files-list.ts measures it). One statement for the page (a correlated sum over file_stats' primary
 * key per row), since on PostgreSQL every statement is a round trip to another process (bench/gateway/README.md).
 */
import { type ExpressionBuilder, type ExpressionWrapper, sql, type SqlBool } from 'kysely';
import type { FileKind, FileQuery, FileSort, FileState } from '../../common/file-query.ts';
import { fromRow, type StoredUpload } from './uploads.ts';
import type { Queryable } from './open-database.ts';
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

/** LIKE with the user's text taken literally (% and _ escaped), lower-cased on both sides: any case on both databases. */
function nameContains(eb: Eb, q: string): Cond {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return eb(sql<string>`lower(${eb.ref('name')})`, 'like', sql<string>`${pattern} escape '\\'`);
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

function stateIs(eb: Eb, state: FileState, now: string): Cond {
  const expired = eb.and([eb('expires_at', 'is not', null), eb('expires_at', '<=', now)]);
  const limited = eb.and([eb('max_downloads', 'is not', null), eb('downloads', '>=', eb.ref('max_downloads'))]);
  if (state === 'expired') return expired;
  if (state === 'limited') return eb.and([eb.not(expired), limited]);
  return eb.and([eb.not(expired), eb.not(limited)]);
}

export async function listUploads(
  db: Queryable,
  userId: string,
  limit: number,
  cursor?: string,
  filter: FileQuery & { now?: Date } = {},
): Promise<FilePage> {
  const sort = filter.sort ?? 'date';
  const column = SORT_COLUMN[sort];
  const after = decodeCursor(cursor, sort);
  const now = (filter.now ?? new Date()).toISOString();
  let query = db
    .selectFrom('uploads')
    .selectAll('uploads')
    .select((eb) =>
      eb
        .selectFrom('file_stats')
        .select((s) => s.fn.sum<number>('file_stats.bytes').as('served'))
        .whereRef('file_stats.share_id', '=', 'uploads.share_id')
        .as('bytes_served'),
    )
    .where('user_id', '=', userId);
  if (filter.q) query = query.where((eb) => nameContains(eb, filter.q!));
  if (filter.kind) query = query.where((eb) => kindIs(eb, filter.kind!));
  if (filter.state) query = query.where((eb) => stateIs(eb, filter.state!, now));
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb(column, '<', after.value as never),
        eb.and([eb(column, '=', after.value as never), eb('share_id', '<', after.shareId)]),
      ]),
    );
  const rows = await query
    .orderBy(column, 'desc')
    .orderBy('share_id', 'desc')
    .limit(limit + 1)
    .execute();
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

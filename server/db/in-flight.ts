/**
 * A user's uploads in flight, for the files list's "uploading" state: early links reserved and not recorded yet
 * (reservations), and multipart uploads the server created for a key nobody reserved (pending_multipart: a user
 * without limits may skip the reservation). Apart from file-list.ts: these are not links yet, have no statistics
 * and are few. Two statements run side by side (on PostgreSQL, two connections: one round trip of wall time).
 */
import type { UploadingEntry } from '../../common/dashboard-api.ts';
import { parseObjectKey } from '../../common/share-key.ts';
import type { Queryable } from './open-database.ts';

/**
 * The user's uploads started after `since` and not recorded yet, newest first, at most `limit` of each kind. The
 * reservations_user index finds the user's reservations; pending_multipart only holds uploads not completed.
 */
export async function listInFlight(
  db: Queryable,
  userId: string,
  since: Date,
  limit: number,
): Promise<UploadingEntry[]> {
  const after = since.toISOString();
  const [reserved, pending] = await Promise.all([
    db
      .selectFrom('reservations as r')
      .select(['r.share_id', 'r.key', 'r.name', 'r.bytes', 'r.content_type', 'r.expire', 'r.created_at'])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('pending_multipart as p').select('p.upload_id').whereRef('p.key', '=', 'r.key'))
          .as('multipart'),
      )
      .where('r.user_id', '=', userId)
      .where('r.created_at', '>', after)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('uploads as u').select('u.share_id').whereRef('u.share_id', '=', 'r.share_id'))),
      )
      .orderBy('r.created_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('pending_multipart as p')
      .select(['p.key', 'p.content_type', 'p.expire', 'p.created_at'])
      .where('p.user_id', '=', userId)
      .where('p.created_at', '>', after)
      .where((eb) =>
        eb.not(
          eb.or([
            eb.exists(eb.selectFrom('reservations as r').select('r.key').whereRef('r.key', '=', 'p.key')),
            eb.exists(eb.selectFrom('uploads as u').select('u.key').whereRef('u.key', '=', 'p.key')),
          ]),
        ),
      )
      .orderBy('p.created_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const entries: UploadingEntry[] = reserved.map((r) => ({
    shareId: r.share_id,
    key: r.key,
    name: r.name,
    bytes: Number(r.bytes),
    contentType: r.content_type,
    expire: r.expire,
    startedAt: r.created_at,
    multipart: Boolean(r.multipart),
  }));
  for (const p of pending) {
    const parsed = parseObjectKey(p.key);
    if (!parsed || entries.some((e) => e.key === p.key)) continue;
    entries.push({
      shareId: parsed.shareId,
      key: p.key,
      name: parsed.name,
      bytes: null,
      contentType: p.content_type,
      expire: p.expire,
      startedAt: p.created_at,
      multipart: true,
    });
  }
  return entries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

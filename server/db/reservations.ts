/** Early links: uploads announced before they finish. Removed when the upload is recorded or released. */
import type { Selectable } from 'kysely';
import type { Expiry } from '../../common/expiry.ts';
import type { Queryable } from './open-database.ts';
import type { ReservationsTable } from './schema.ts';

export interface Reservation {
  shareId: string;
  key: string;
  userId: string;
  name: string;
  bytes: number;
  contentType: string;
  expire: Expiry;
  createdAt: string;
}

const fromRow = (row: Selectable<ReservationsTable>): Reservation => ({
  shareId: row.share_id,
  key: row.key,
  userId: row.user_id,
  name: row.name,
  bytes: row.bytes,
  contentType: row.content_type,
  expire: row.expire,
  createdAt: row.created_at,
});

/** Inserts, or leaves an identical reservation (same share id and key) as it is: one statement, atomic. */
export async function upsertReservation(db: Queryable, r: Reservation): Promise<void> {
  await db
    .insertInto('reservations')
    .values({
      share_id: r.shareId,
      key: r.key,
      user_id: r.userId,
      name: r.name,
      bytes: r.bytes,
      content_type: r.contentType,
      expire: r.expire,
      created_at: r.createdAt,
    })
    .onConflict((oc) =>
      oc
        .column('share_id')
        .doUpdateSet((eb) => ({
          bytes: eb.ref('excluded.bytes'),
          content_type: eb.ref('excluded.content_type'),
          expire: eb.ref('excluded.expire'),
        }))
        .whereRef('reservations.key', '=', 'excluded.key'),
    )
    .execute();
}

export async function findReservation(db: Queryable, shareId: string): Promise<Reservation | null> {
  const row = await db.selectFrom('reservations').selectAll().where('share_id', '=', shareId).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function deleteReservation(db: Queryable, key: string): Promise<void> {
  await db.deleteFrom('reservations').where('key', '=', key).execute();
}

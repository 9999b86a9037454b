/** Early links: uploads announced before they finish. Removed when the upload is recorded or released. */
import type { Expiry } from '../../common/expiry.ts';
import type { Database } from './open-database.ts';

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

interface ReservationRow {
  share_id: string;
  key: string;
  user_id: string;
  name: string;
  bytes: number;
  content_type: string;
  expire: Expiry;
  created_at: string;
}

const fromRow = (row: ReservationRow): Reservation => ({
  shareId: row.share_id,
  key: row.key,
  userId: row.user_id,
  name: row.name,
  bytes: row.bytes,
  contentType: row.content_type,
  expire: row.expire,
  createdAt: row.created_at,
});

/** Inserts, or leaves an identical reservation (same share id and key) as it is. */
export function upsertReservation(db: Database, r: Reservation): void {
  db.prepare(
    `INSERT INTO reservations (share_id, key, user_id, name, bytes, content_type, expire, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (share_id) DO UPDATE SET bytes = excluded.bytes, content_type = excluded.content_type,
       expire = excluded.expire WHERE reservations.key = excluded.key`,
  ).run(r.shareId, r.key, r.userId, r.name, r.bytes, r.contentType, r.expire, r.createdAt);
}

export function findReservation(db: Database, shareId: string): Reservation | null {
  const row = db.prepare('SELECT * FROM reservations WHERE share_id = ?').get(shareId) as ReservationRow | undefined;
  return row ? fromRow(row) : null;
}

export function deleteReservation(db: Database, key: string): void {
  db.prepare('DELETE FROM reservations WHERE key = ?').run(key);
}

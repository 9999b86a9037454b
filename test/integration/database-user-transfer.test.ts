/**
 * The monthly transfer per user on the database itself (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres):
 * booked with the links' statistics by the gateway's flush and by cache-log, kept when a link is deleted, and
 * download holds racing for the last bytes of a limit admitted exactly as far as there is room.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bookOnce } from '../../server/db/cache-log-seen.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { StatsBuffer } from '../../server/db/stats-buffer.ts';
import { holdTransfer, releaseHold, sweepStaleHolds } from '../../server/db/transfer.ts';
import { insertUpload } from '../../server/db/uploads.ts';
import { TRANSFER_HOLD_MS, transferUsed } from '../../server/db/usage.ts';
import { createUser } from '../../server/db/users.ts';
import { freshPgDatabase, testDatabaseKind } from '../helpers/pg.ts';

describe('user transfer', () => {
  let dir: string;
  let db: Database;
  let drop: () => Promise<void> = async () => {};
  const now = new Date('2026-12-06T12:00:00.000Z');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-transfer-'));
    if (testDatabaseKind() === 'postgres') {
      const pg = await freshPgDatabase();
      db = await openDatabase({ url: pg.url, path: '' });
      drop = () => pg.drop();
    } else db = await openDatabase(join(dir, 't.db'));
    for (const name of ['ann', 'ben']) await createUser(db, { name });
    for (const [shareId, user] of [
      ['AAAAAAAAAAA1', 'ann'],
      ['AAAAAAAAAAA2', 'ann'],
      ['BBBBBBBBBBB1', 'ben'],
    ] as const)
      await insertUpload(db, {
        shareId,
        key: `users/${user}/${shareId}/f.bin`,
        userId: user,
        name: 'f.bin',
        bytes: 1000,
        contentType: 'application/octet-stream',
        expire: '7d',
        uploadedAt: now.toISOString(),
        expiresAt: null,
        uploadId: null,
      });
  });
  after(async () => {
    await db.destroy();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the flush books bytes and bot bytes to the owner, per month; a deleted link keeps its bytes counted', async () => {
    const stats = new StatsBuffer(db);
    stats.add('AAAAAAAAAAA1', now, { bytes: 300 });
    stats.add('AAAAAAAAAAA2', now, { botBytes: 50 });
    stats.add('BBBBBBBBBBB1', now, { bytes: 7 });
    stats.add('AAAAAAAAAAA1', new Date('2026-11-30T23:59:59Z'), { bytes: 1000 }); // last month
    await stats.close();
    assert.equal(await transferUsed(db, 'ann', now), 350);
    assert.equal(await transferUsed(db, 'ben', now), 7);
    assert.equal(await transferUsed(db, 'ann', new Date('2026-11-15T00:00:00Z')), 1000);
    await db.deleteFrom('uploads').where('share_id', '=', 'AAAAAAAAAAA2').execute();
    assert.equal(await transferUsed(db, 'ann', now), 350, 'deleting a link gives nothing back');
  });

  it("cache-log's bookings count, each once", async () => {
    const hit = { key: 'varnish 1 42', shareId: 'BBBBBBBBBBB1', at: now, download: true };
    const delta = { downloads: 1, bytes: 400, botHits: 0, botBytes: 0 };
    await bookOnce(db, [{ ...hit, delta }], now, 3600_000);
    await bookOnce(db, [{ ...hit, delta }], now, 3600_000); // replayed: booked once
    assert.equal(await transferUsed(db, 'ben', now), 407);
  });

  it('holds racing for the last bytes of a limit: admitted while under it, none after', async () => {
    // ben has used 407 of 1000: holds of 100 are admitted at 407, 507, ..., 907 (six), refused from 1007 on
    const holds = await Promise.all(Array.from({ length: 12 }, () => holdTransfer(db, 'ben', 1000, 100, now)));
    const admitted = holds.filter((h) => h !== null);
    assert.equal(admitted.length, 6);
    assert.equal(admitted.filter((h) => h.crosses).length, 1, 'one download takes the user past the limit');
    assert.equal(await transferUsed(db, 'ben', now), 1007);
    for (const h of admitted) await releaseHold(db, h.id);
    assert.equal(await transferUsed(db, 'ben', now), 407, 'released holds no longer count');
    const later = new Date(now.getTime() + TRANSFER_HOLD_MS + 1000);
    const stale = await holdTransfer(db, 'ben', 1000, 500, now);
    assert.ok(stale);
    assert.equal(await transferUsed(db, 'ben', later), 407, 'a hold from a dead instance stops counting');
    assert.equal(await sweepStaleHolds(db, now), 0, 'a fresh hold is kept');
    assert.equal(await sweepStaleHolds(db, later), 1, 'then swept');
  });
});

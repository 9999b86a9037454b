/** The gateway's statistics buffer on a real (in-memory) SQLite index. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { monthlyStats } from '../../server/db/file-stats.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { StatsBuffer } from '../../server/db/stats-buffer.ts';
import { deleteUploadRow, findUploadByShareId, insertUpload } from '../../server/db/uploads.ts';

async function indexWith(...shareIds: string[]) {
  const db = await openDatabase(':memory:');
  for (const shareId of shareIds)
    await insertUpload(db, {
      shareId,
      key: `users/u/${shareId}/a.png`,
      userId: 'u',
      name: 'a.png',
      bytes: 10,
      contentType: 'image/png',
      expire: '7d',
      uploadedAt: '2026-11-01T00:00:00.000Z',
      expiresAt: '2026-11-08T00:00:00.000Z',
      uploadId: null,
    });
  return db;
}

test('nothing reaches the database before a flush; a flush writes all of it, per month', async () => {
  const db = await indexWith('aaaaaaaaaaaa');
  const stats = new StatsBuffer(db, { flushMs: 60_000 });
  const nov = new Date('2026-11-24T10:00:00Z');
  const dec = new Date('2026-12-01T00:00:01Z');
  stats.add('aaaaaaaaaaaa', nov, { downloads: 1, bytes: 100 });
  stats.add('aaaaaaaaaaaa', nov, { downloads: 1, bytes: 50, views: 2 });
  stats.add('aaaaaaaaaaaa', dec, { botHits: 1, botBytes: 7 });
  stats.countDownload('aaaaaaaaaaaa');
  stats.countDownload('aaaaaaaaaaaa');
  assert.deepEqual(await monthlyStats(db, 'aaaaaaaaaaaa'), []);
  assert.equal((await findUploadByShareId(db, 'aaaaaaaaaaaa'))!.downloads, 0);
  await stats.flush();
  assert.deepEqual(await monthlyStats(db, 'aaaaaaaaaaaa'), [
    { month: '2026-12', downloads: 0, bytes: 0, views: 0, botHits: 1, botBytes: 7 },
    { month: '2026-11', downloads: 2, bytes: 150, views: 2, botHits: 0, botBytes: 0 },
  ]);
  assert.equal((await findUploadByShareId(db, 'aaaaaaaaaaaa'))!.downloads, 2);
  stats.add('aaaaaaaaaaaa', nov, { bytes: 1 });
  await stats.flush();
  assert.equal((await monthlyStats(db, 'aaaaaaaaaaaa'))[1]!.bytes, 151, 'later flushes add to the rows');
  await stats.close();
});

test('statistics of a link deleted before the flush are dropped, not recreated', async () => {
  const db = await indexWith('aaaaaaaaaaaa', 'bbbbbbbbbbbb');
  const stats = new StatsBuffer(db, { flushMs: 60_000 });
  stats.add('aaaaaaaaaaaa', new Date(), { downloads: 1 });
  stats.add('bbbbbbbbbbbb', new Date(), { downloads: 1 });
  stats.countDownload('aaaaaaaaaaaa');
  await deleteUploadRow(db, 'aaaaaaaaaaaa');
  await stats.flush();
  const rows = await db.selectFrom('file_stats').select('share_id').orderBy('share_id').execute();
  assert.deepEqual(
    rows.map((r) => r.share_id),
    ['bbbbbbbbbbbb'],
  );
  await stats.close();
});

test('it flushes by itself after flushMs; after close it ignores additions', async () => {
  const db = await indexWith('aaaaaaaaaaaa');
  const stats = new StatsBuffer(db, { flushMs: 20 });
  stats.add('aaaaaaaaaaaa', new Date(), { views: 1 });
  await sleep(200);
  assert.equal((await monthlyStats(db, 'aaaaaaaaaaaa'))[0]!.views, 1);
  await stats.close();
  stats.add('aaaaaaaaaaaa', new Date(), { views: 1 });
  stats.countDownload('aaaaaaaaaaaa');
  await stats.flush();
  assert.equal((await monthlyStats(db, 'aaaaaaaaaaaa'))[0]!.views, 1);
  assert.equal((await findUploadByShareId(db, 'aaaaaaaaaaaa'))!.downloads, 0);
});

test('a failed timed flush is reported, not thrown', async () => {
  const db = await indexWith('aaaaaaaaaaaa');
  const errors: unknown[] = [];
  const stats = new StatsBuffer(db, { flushMs: 20, onError: (e) => errors.push(e) });
  stats.add('aaaaaaaaaaaa', new Date(), { views: 1 });
  await db.destroy();
  await sleep(200);
  assert.equal(errors.length, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseSync } from 'node:sqlite';
import { Journal } from '../../main/queue/journal.ts';
import { sampleJob } from './queue-fixtures.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'traydrop-journal-'));

test('a job, its upload id and parts survive closing and reopening the journal', () => {
  const dir = tmp();
  let now = 1000;
  const journal = Journal.open(dir, { now: () => now });
  journal.insert(sampleJob('abcdefgh'));
  now = 2000;
  journal.update('abcdefgh', { state: 'uploading', uploadId: 'up-1', partSize: 5 * 1024 * 1024, progressBytes: 7 });
  journal.addPart('abcdefgh', 'up-1', { partNumber: 2, etag: '"e2"' });
  journal.addPart('abcdefgh', 'up-1', { partNumber: 1, etag: '"e1"' });
  journal.addPart('abcdefgh', 'old-upload', { partNumber: 3, etag: '"stale"' });
  journal.close();

  const again = Journal.open(dir);
  const job = again.get('abcdefgh')!;
  assert.equal(job.state, 'uploading');
  assert.equal(job.uploadId, 'up-1');
  assert.deepEqual(job.parts, [
    { partNumber: 1, etag: '"e1"' },
    { partNumber: 2, etag: '"e2"' },
  ]);
  assert.deepEqual(job.fingerprint, { size: 10, mtimeMs: 1.5, head: 'aa', tail: 'bb' });
  assert.equal(job.removeSourceAfterUpload, true);
  assert.deepEqual([job.createdAt, job.updatedAt, job.progressBytes], [1000, 2000, 7]);
  const db = new DatabaseSync(path.join(dir, 'queue.db'));
  assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
  db.close();
  again.close();
});

test('owner-guarded updates, claims, prefix lookup and clearing finished jobs', () => {
  const journal = Journal.open(tmp());
  journal.insert(sampleJob('k3m9x2qa'));
  journal.insert(sampleJob('k3m9zzzz'));
  assert.equal(journal.find('k3m'), 'ambiguous');
  assert.equal((journal.find('k3m9x') as { id: string }).id, 'k3m9x2qa');
  assert.equal(journal.find('nope'), undefined);

  const owner = { pid: 1, id: '1-a', leaseUntil: 99 };
  const taken = journal.claim('k3m9x2qa', null, owner, { state: 'uploading', attempts: 1 });
  assert.deepEqual([taken?.owner, taken?.state, taken?.attempts], [owner, 'uploading', 1], 'taken and started at once');
  assert.equal(
    journal.claim('k3m9x2qa', null, { ...owner, id: '1-b' }, { state: 'queued' }),
    undefined,
    'already taken',
  );
  assert.equal(journal.update('k3m9x2qa', { state: 'done' }, { ownerId: '1-b' }), undefined);
  assert.equal(journal.get('k3m9x2qa')!.state, 'uploading');
  assert.equal(journal.update('k3m9x2qa', { state: 'done', owner: null }, { ownerId: '1-a' })!.state, 'done');
  journal.update('k3m9zzzz', { cancelRequested: true, owner });
  assert.deepEqual(journal.cancelRequests('1-a'), ['k3m9zzzz']);
  assert.equal(journal.clearFinished(Date.now() + 1), 1);
  assert.deepEqual(
    journal.list().map((j) => j.id),
    ['k3m9zzzz'],
  );
  journal.close();
});

test('a process killed while writing leaves a readable journal: every job is whole or absent', async () => {
  const dir = tmp();
  const script = path.join(dir, 'writer.ts');
  const journalTs = path.resolve(import.meta.dirname, '../../main/queue/journal.ts');
  writeFileSync(
    script,
    `import { Journal } from ${JSON.stringify(journalTs)};
     const journal = Journal.open(${JSON.stringify(dir)});
     process.stdout.write('ready\\n');
     for (let i = 0; ; i++) {
       const id = 'j' + String(i).padStart(7, '0');
       journal.insert({ id, source: '/x/' + id, kind: 'file', fingerprint: { size: i, mtimeMs: i, head: 'h', tail: 't' },
         key: 'users/u/AAAAAAAAAAAA/' + id, shareId: 'AAAAAAAAAAAA', url: 'https://s/' + id, contentType: 'text/plain',
         expire: '1d', removeSourceAfterUpload: false, appWritten: false });
       journal.update(id, { state: 'uploading', uploadId: 'u' + i, progressBytes: i });
       journal.addPart(id, 'u' + i, { partNumber: 1, etag: 'e' + i });
     }`,
  );
  for (const delay of [150, 400, 700]) {
    const child = spawn(process.execPath, ['--no-warnings', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await sleep(delay);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    const journal = Journal.open(dir);
    const db = new DatabaseSync(path.join(dir, 'queue.db'));
    assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    db.close();
    const jobs = journal.list();
    assert.ok(jobs.length > 0, 'the writer got some jobs in');
    for (const job of jobs) {
      assert.equal(job.fingerprint.size, Number(job.id.slice(1)), 'fields are whole');
      assert.ok(job.state === 'queued' || job.state === 'uploading');
    }
    journal.close();
    // the next writer starts its ids from zero again: make room for them
    const wipe = new DatabaseSync(path.join(dir, 'queue.db'));
    wipe.exec('DELETE FROM jobs');
    wipe.close();
  }
});

test('a version 1 journal (before app_written) is migrated: its screenshots and recordings count as Traydrop’s', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-journal-v1-'));
  const file = path.join(dir, 'queue.db');
  const db = new DatabaseSync(file);
  db.exec(`CREATE TABLE jobs (
      id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, fingerprint TEXT NOT NULL,
      key TEXT NOT NULL, share_id TEXT NOT NULL, url TEXT NOT NULL, content_type TEXT NOT NULL,
      expire TEXT NOT NULL, part_size INTEGER, upload_id TEXT, state TEXT NOT NULL, error TEXT,
      attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0,
      progress_bytes INTEGER NOT NULL DEFAULT 0, owner_pid INTEGER, owner_id TEXT, lease_until INTEGER,
      cancel_requested INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      record TEXT, remove_source INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE job_parts (
      job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE, upload_id TEXT NOT NULL,
      part_number INTEGER NOT NULL, etag TEXT NOT NULL, PRIMARY KEY (job_id, upload_id, part_number)
    );
    PRAGMA user_version = 1;`);
  const insert = db.prepare(
    `INSERT INTO jobs (id, source, kind, fingerprint, key, share_id, url, content_type, expire, state, created_at,
      updated_at) VALUES (?, ?, ?, '{}', 'k', 's', 'u', 't', '7d', 'done', 0, 0)`,
  );
  insert.run('shot0001', '/c/a.png', 'screenshot');
  insert.run('file0001', '/c/b.pdf', 'file');
  db.close();

  const journal = Journal.open(file);
  assert.equal(journal.get('shot0001')!.appWritten, true);
  assert.equal(journal.get('file0001')!.appWritten, false);
  assert.equal(journal.get('shot0001')!.replaces, false, 'and no job of before was a replacement');
  const added = journal.insert(sampleJob('new00001', { kind: 'file', appWritten: true }));
  assert.equal(added.appWritten, true);
  journal.close();
  const check = new DatabaseSync(file);
  assert.equal((check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, 3);
  check.close();
});

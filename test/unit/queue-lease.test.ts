import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { heldByOther } from '../../main/queue/lease.ts';
import { isProcessAlive } from '../../main/queue/process-alive.ts';
import { canTake, isPending, type Scope } from '../../main/queue/runner-scope.ts';
import type { Job } from '../../main/queue/job.ts';

const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 'aaaaaaaa',
    source: '/x',
    kind: 'file',
    fingerprint: { size: 1, mtimeMs: 1, head: '', tail: '' },
    key: 'users/u/AAAAAAAAAAAA/x',
    shareId: 'AAAAAAAAAAAA',
    url: 'https://s/AAAAAAAAAAAA/x',
    contentType: 'text/plain',
    expire: '1d',
    partSize: null,
    uploadId: null,
    parts: [],
    state: 'queued',
    error: null,
    attempts: 0,
    nextAttemptAt: 0,
    progressBytes: 0,
    owner: null,
    cancelRequested: false,
    createdAt: 0,
    updatedAt: 0,
    record: null,
    removeSourceAfterUpload: false,
    appWritten: false,
    ...overrides,
  };
}

test('a dead owner or a lapsed lease frees a job; a live owner with a lease keeps it', () => {
  const now = 1_000_000;
  assert.equal(isProcessAlive(process.pid), true);
  assert.equal(isProcessAlive(deadPid()), false);
  const live = { pid: process.pid, id: 'other', leaseUntil: now + 1 };
  assert.equal(heldByOther(live, 'me', now), true);
  assert.equal(heldByOther(live, 'other', now), false, 'not "other" to itself');
  assert.equal(heldByOther({ ...live, leaseUntil: now - 1 }, 'me', now), false, 'lease ran out');
  assert.equal(heldByOther({ ...live, pid: deadPid() }, 'me', now), false, 'owner process is gone');
  assert.equal(heldByOther(null, 'me', now), false);
});

test('which jobs a runner takes: reclaimed after a crash, backoff respected, once mode tries each once', () => {
  const now = 5000;
  const base: Scope = { ownerId: 'me', now, once: false, tries: new Map(), active: new Set() };
  const crashed = job({ state: 'uploading', owner: { pid: deadPid(), id: 'old', leaseUntil: now + 30_000 } });
  assert.equal(canTake(crashed, base), true, 'a killed process left it uploading');
  const running = job({ state: 'uploading', owner: { pid: process.pid, id: 'app', leaseUntil: now + 30_000 } });
  assert.equal(canTake(running, base), false);
  assert.equal(isPending(running, { ...base, once: true }), false, '`queue run` leaves the app its job');
  assert.equal(isPending(running, base), true, '`queue run --wait` waits until the holder finishes or is gone');
  assert.equal(isPending(running, { ...base, only: new Set(['aaaaaaaa']) }), true, '`share` waits for its own file');

  const waiting = job({ state: 'waiting_network', nextAttemptAt: now + 1000 });
  assert.equal(canTake(waiting, base), false, 'backoff not over');
  assert.equal(isPending(waiting, base), true, 'but worth waiting for');
  assert.equal(canTake({ ...waiting, nextAttemptAt: now }, base), true);

  const once: Scope = { ...base, once: true };
  assert.equal(canTake(waiting, once), true, 'once: tried at once, whatever the backoff');
  const tried: Scope = { ...once, tries: new Map([['aaaaaaaa', 1]]) };
  assert.equal(canTake(waiting, tried), false);
  assert.equal(isPending(waiting, tried), false, 'once: left for a later run');
  assert.equal(canTake(job({ state: 'queued' }), tried), true, 'its multipart upload vanished: fresh try');
  assert.equal(canTake(job({ state: 'done' }), base), false);
  assert.equal(canTake(job(), { ...base, only: new Set(['other']) }), false);
});

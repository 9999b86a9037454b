/**
 * A journal that cannot be written: the error says which file, which folder, why and what to do, and the
 * runner stops on it cleanly (run() rejects) instead of writing again from its failure path and throwing
 * where nothing catches it (an unhandled rejection or an uncaught exception: a stack trace, exit 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrokerError } from '../../main/credentials/broker-error.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { Journal } from '../../main/queue/journal.ts';
import { QueueRunner } from '../../main/queue/runner.ts';
import { diagnose } from '../../main/queue/storage-diagnosis.ts';
import { QueueStorageError, storageErrorIn } from '../../main/queue/storage-error.ts';
import { sampleJob } from './queue-fixtures.ts';

const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'traydrop-storage-'));
const sqlite = (errcode: number, errstr: string) =>
  Object.assign(new Error(errstr), { code: 'ERR_SQLITE_ERROR', errcode, errstr });
const errno = (code: string) => Object.assign(new Error(code), { code });

test('SQLite and file system errors become a reason; an SQL mistake or a constraint stays as it is', () => {
  const dir = tempDir();
  const file = path.join(dir, 'queue.db');
  assert.deepEqual(diagnose(sqlite(13, 'database or disk is full'), file), { reason: 'disk-full' });
  assert.deepEqual(diagnose(errno('ENOSPC'), file), { reason: 'disk-full' });
  assert.deepEqual(diagnose(errno('EROFS'), file), { reason: 'read-only' });
  assert.equal(diagnose(errno('EACCES'), file)?.reason, 'permission');
  assert.equal(diagnose(errno('EPERM'), file)?.reason, 'permission');
  assert.equal(diagnose(sqlite(19, 'UNIQUE constraint failed: jobs.id'), file), undefined);
  assert.equal(diagnose(sqlite(1, 'no such table: jobs'), file), undefined);
  assert.equal(diagnose(new TypeError('a bug'), file), undefined);
  // "unable to open database file" says nothing by itself: the folder is looked at
  const notAFolder = path.join(dir, 'plain-file');
  writeFileSync(notAFolder, 'x');
  assert.deepEqual(diagnose(sqlite(14, 'unable to open database file'), path.join(notAFolder, 'p', 'queue.db')), {
    reason: 'missing',
    detail: `${notAFolder} is not a folder`,
  });
  assert.deepEqual(diagnose(errno('ENOENT'), path.join(dir, 'gone', 'deeper', 'queue.db')), {
    reason: 'missing',
    detail: `${path.join(dir, 'gone')} does not exist`,
  });
  assert.deepEqual(diagnose(sqlite(14, 'unable to open database file'), file), {
    reason: 'other',
    detail: 'unable to open database file',
  });
});

test('the message names the file, the folder, the reason and what to do, in one line', () => {
  const file = '/home/ann/.config/traydrop/queue.db';
  const full = new QueueStorageError(file, 'write', { reason: 'disk-full' });
  assert.match(
    full.message,
    /^cannot write the upload queue \(queue\.db in \/home\/ann\/\.config\/traydrop\): the disk is full; free some space/,
  );
  assert.match(full.message, /traydrop queue run/, 'how the kept upload resumes');
  assert.deepEqual([full.file, full.folder, full.reason], [file, '/home/ann/.config/traydrop', 'disk-full']);
  const readOnly = new QueueStorageError(file, 'open', { reason: 'read-only' });
  assert.match(
    readOnly.message,
    /^cannot open the upload queue \(queue\.db in .*\): its file system is read-only; remount it read-write, or set TRAYDROP_CONFIG_DIR/,
  );
  const denied = new QueueStorageError(file, 'open', { reason: 'permission', detail: 'ann' });
  assert.match(
    denied.message,
    /this user \(ann\) has no permission to write there; give this user write access .*chown\/chmod/,
  );
  const missing = new QueueStorageError(file, 'open', {
    reason: 'missing',
    detail: '/home/ann/.config is not a folder',
  });
  assert.match(
    missing.message,
    /: \/home\/ann\/\.config is not a folder; create the folder, or set TRAYDROP_CONFIG_DIR/,
  );
  for (const error of [full, readOnly, denied, missing]) assert.doesNotMatch(error.message, /\n/);
  const wrapped = new Error('upload stopped', { cause: new Error('paused', { cause: full }) });
  assert.equal(storageErrorIn(wrapped), full, 'found through the causes');
});

/** The journal, with a storage failure injected into some of its calls. */
function failing(journal: Journal, fails: (method: string, args: unknown[]) => boolean): Journal {
  return new Proxy(journal, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (fails(String(name), args)) {
          throw new QueueStorageError(target.file, 'write', { reason: 'disk-full' });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const offline = () =>
  new CredentialProvider({ fetch: () => Promise.reject(new BrokerError(0, 'network', 'cannot reach the server')) });
const broker = {
  createMultipart: () => Promise.reject(new Error('unused')),
  completeMultipart: () => Promise.reject(new Error('unused')),
  reportUpload: () => Promise.reject(new Error('unused')),
  abortMultipart: async () => undefined,
};

test('a job whose settling cannot be written stops the runner: run() rejects, the job stays as journaled', async () => {
  const journal = Journal.open(tempDir());
  const source = path.join(tempDir(), 'a.txt');
  writeFileSync(source, 'hello');
  journal.insert(sampleJob('settlefx', { source }));
  // the attempt fails (offline); writing its outcome (waiting for the network) fails: the disk is full
  const broken = failing(
    journal,
    (method, args) => method === 'update' && (args[1] as { state?: string }).state !== 'uploading',
  );
  const runner = new QueueRunner({ journal: broken, broker, credentials: offline(), reconnectProbe: async () => true });
  await assert.rejects(
    runner.run(),
    (error: unknown) => error instanceof QueueStorageError && error.reason === 'disk-full',
  );
  const job = journal.get('settlefx')!;
  assert.equal(job.state, 'uploading', 'left as last journaled: a later runner takes it over');
  assert.equal(job.owner?.id, runner.ownerId);
  journal.close();
});

test('a journal that fails in a later look (from a timer) stops the runner: run() rejects', async () => {
  const journal = Journal.open(tempDir());
  journal.insert(sampleJob('waitingx'));
  journal.update('waitingx', { state: 'waiting_network', nextAttemptAt: Date.now() + 60_000 });
  let looks = 0;
  const broken = failing(journal, (method) => method === 'renewLeases' && ++looks > 1);
  const runner = new QueueRunner({
    journal: broken,
    broker,
    credentials: offline(),
    pollMs: 10,
    leaseMs: 15,
    reconnectProbe: async () => true,
  });
  await assert.rejects(runner.run(), QueueStorageError);
  journal.close();
});

test('a real journal on a folder it cannot use: QueueStorageError, not SQLite’s bare words', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'plain-file'), 'x');
  assert.throws(
    () => Journal.open(path.join(dir, 'plain-file', 'profile')),
    (error: unknown) =>
      error instanceof QueueStorageError &&
      error.reason === 'missing' &&
      error.operation === 'open' &&
      error.folder === path.join(dir, 'plain-file', 'profile') &&
      /plain-file is not a folder/.test(error.message),
  );
});

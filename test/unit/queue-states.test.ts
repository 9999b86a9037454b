import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import { BrokerError } from '../../main/credentials/broker-error.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { classifyFailure, JobError } from '../../main/queue/classify.ts';
import { Emitter, type QueueEvents } from '../../main/queue/events.ts';
import type { JobDeps } from '../../main/queue/job-deps.ts';
import { Journal } from '../../main/queue/journal.ts';
import { settleJob } from '../../main/queue/settle-job.ts';
import { UploadError } from '../../main/upload/upload-error.ts';
import { UploadPaused } from '../../main/upload/upload-file.ts';
import { sampleJob } from './queue-fixtures.ts';

test('failures are classified: 401 signs out, network/5xx wait, NoSuchUpload restarts, the rest fail', () => {
  assert.equal(classifyFailure(new BrokerError(401, 'unauthorized', 'token revoked')), 'signed-out');
  const wrapped = new UploadError('x failed', { cause: new BrokerError(401, 'unauthorized', 'revoked'), status: 401 });
  assert.equal(classifyFailure(wrapped), 'signed-out');
  assert.equal(classifyFailure(new BrokerError(0, 'network', 'cannot reach')), 'transient');
  assert.equal(classifyFailure(new UploadError('x', { status: 503, code: 'ServiceUnavailable' })), 'transient');
  assert.equal(classifyFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' })), 'transient');
  assert.equal(classifyFailure(new UploadError('x', { status: 404, code: 'NoSuchUpload' })), 'upload-gone');
  assert.equal(classifyFailure(new UploadError('x', { status: 403, code: 'AccessDenied' })), 'permanent');
  assert.equal(classifyFailure(new UploadError('x', { status: 400, code: 'InvalidArgument' })), 'permanent');
  assert.equal(classifyFailure(new JobError('changed since it was queued')), 'permanent');
});

function setup() {
  const journal = Journal.open(mkdtempSync(path.join(os.tmpdir(), 'traydrop-states-')));
  const calls: string[] = [];
  const events = new Emitter<QueueEvents>();
  const signedOut: string[] = [];
  events.on('signedOut', ({ message }) => signedOut.push(message));
  const deps: JobDeps = {
    journal,
    broker: {
      createMultipart: async () => ({ uploadId: 'new' }),
      completeMultipart: async () => Promise.reject(new Error('unused')),
      reportUpload: async () => Promise.reject(new Error('unused')),
      abortMultipart: async ({ uploadId }) => void calls.push(`abort ${uploadId}`),
      releaseUpload: async ({ key }) => void calls.push(`release ${key}`),
    },
    credentials: new CredentialProvider({ fetch: async () => ({}) as CredentialsResponse }),
    ownerId: 'me',
    events,
    engine: {},
    now: () => 10_000,
    random: () => 0.5,
  };
  const start = (id: string) => {
    journal.insert(sampleJob(id));
    return journal.update(id, {
      state: 'uploading',
      uploadId: 'up',
      attempts: 3,
      owner: { pid: 1, id: 'me', leaseUntil: 1 },
    })!;
  };
  return { journal, deps, calls, signedOut, start };
}

const live = new AbortController().signal;
const settle = { signal: live, madeProgress: false, resumed: true };

test('state after a failed attempt: waiting with backoff, signed out, failed (cleaned up), restarted', async () => {
  const { deps, calls, signedOut, start } = setup();
  const waiting = await settleJob(start('netwaitx'), new BrokerError(0, 'network', 'offline'), deps, settle);
  assert.deepEqual([waiting.state, waiting.error, waiting.owner], ['waiting_network', 'offline', null]);
  assert.equal(waiting.nextAttemptAt, 10_000 + 2000, 'third failure: random(0, 4 s) with random 0.5');
  assert.equal(waiting.uploadId, 'up', 'kept to resume');
  const progressed = await settleJob(start('netwaity'), new BrokerError(0, 'network', 'x'), deps, {
    ...settle,
    madeProgress: true,
  });
  assert.equal(progressed.nextAttemptAt, 10_000 + 500, 'progress made: the backoff starts over');

  const out = await settleJob(start('signoutx'), new BrokerError(401, 'unauthorized', 'revoked'), deps, settle);
  assert.equal(out.state, 'signed_out');
  assert.deepEqual(signedOut, ['revoked']);

  const failed = await settleJob(start('failedxx'), new JobError('changed since it was queued'), deps, settle);
  assert.deepEqual([failed.state, failed.uploadId], ['failed', null]);
  assert.deepEqual(calls, ['abort up', `release ${failed.key}`]);

  const gone = await settleJob(
    start('gonexxxx'),
    new UploadError('x', { status: 404, code: 'NoSuchUpload' }),
    deps,
    settle,
  );
  assert.deepEqual([gone.state, gone.uploadId], ['queued', null]);
});

test('state after an interrupted attempt: cancelled (aborted, released) or paused (kept to resume)', async () => {
  const { deps, calls, start } = setup();
  const cancel = new AbortController();
  cancel.abort();
  const cancelled = await settleJob(start('cancelxx'), cancel.signal.reason, deps, {
    ...settle,
    signal: cancel.signal,
  });
  assert.deepEqual([cancelled.state, cancelled.uploadId, cancelled.owner], ['cancelled', null, null]);
  assert.deepEqual(calls, ['abort up', `release ${cancelled.key}`]);

  const pause = new AbortController();
  pause.abort(new UploadPaused('quit'));
  const paused = await settleJob(start('pausedxx'), pause.signal.reason, deps, { ...settle, signal: pause.signal });
  assert.deepEqual([paused.state, paused.uploadId, paused.owner], ['queued', 'up', null]);
  assert.equal(calls.length, 2, 'nothing aborted');
});

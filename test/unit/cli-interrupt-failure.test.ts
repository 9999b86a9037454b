/**
 * Ctrl-C during `share` cancels its files; when that cancel cannot be written (the journal's disk is full) the
 * runner stops and the failure is the command's error (one line from runCli), not a promise rejected where
 * nothing catches it (a stack trace).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAndReport } from '../../main/cli/run-and-report.ts';
import { Emitter, type QueueEvents } from '../../main/queue/events.ts';
import type { Job } from '../../main/queue/job.ts';
import type { Journal } from '../../main/queue/journal.ts';
import type { QueueRunner } from '../../main/queue/runner.ts';
import { QueueStorageError } from '../../main/queue/storage-error.ts';

test('a cancel that cannot be written stops the runner and is thrown from runAndReport', async () => {
  const full = new QueueStorageError('/cfg/queue.db', 'write', { reason: 'disk-full' });
  let stopRun: () => void = () => undefined;
  const runner = {
    events: new Emitter<QueueEvents>(),
    run: () => new Promise<void>((resolve) => (stopRun = resolve)),
    cancel: () => Promise.reject(full),
    stop: async () => stopRun(),
  } as unknown as QueueRunner;
  const job = { id: 'abcdefgh', source: '/tmp/a.png', state: 'waiting_network' } as Job;
  const journal = { get: () => job } as unknown as Journal;
  const io = { out: () => undefined, err: () => undefined, interactive: false };
  const interrupt = new AbortController();
  const reported = runAndReport(runner, journal, [{ file: job.source, job }], io, {
    json: false,
    copy: false,
    wait: true,
    signal: interrupt.signal,
    onInterrupt: 'cancel',
  });
  interrupt.abort();
  await assert.rejects(reported, (error: unknown) => error === full);
});

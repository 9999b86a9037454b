/** "Pause queue" outlives a restart: a queue paused on a metered connection does not start uploading at login. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { QueueService } from '../../main/app/services/queue-service.ts';
import { openQueue } from '../../main/queue/open-queue.ts';
import type { QueueRunner } from '../../main/queue/runner.ts';

test('paused stays paused across a restart; resuming is remembered too', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-pause-'));
  const opened = openQueue(dir);
  t.after(async () => {
    opened.close();
    await rm(dir, { recursive: true, force: true });
  });
  const pausedFile = path.join(dir, 'queue-paused');
  let runs = 0;
  const runner = { run: async () => void (runs += 1), stop: async () => undefined } as unknown as QueueRunner;
  const pairing = { serverUrl: 'http://127.0.0.1:9', userId: 'u1', shareBaseUrl: 'https://s.example', token: 't' };
  const start = async () => {
    const queue = new QueueService({ queue: opened, pausedFile, makeRunner: () => runner });
    await queue.setPairing(pairing);
    return queue;
  };

  const first = await start();
  assert.deepEqual([first.paused, runs], [false, 1], 'not paused: it runs');
  await first.setPaused(true);
  assert.ok(existsSync(pausedFile));

  const second = await start(); // the app started again
  assert.deepEqual([second.paused, runs], [true, 1], 'still paused: nothing runs');
  await second.setPaused(false);
  assert.deepEqual([existsSync(pausedFile), runs], [false, 2]);

  const third = await start();
  assert.deepEqual([third.paused, runs], [false, 3]);
});

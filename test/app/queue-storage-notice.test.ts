/**
 * A runner that stopped because the journal cannot be written (the disk is full): one notification that says
 * which file, which folder, why and what to do; the history window is told (and can ask) why the queue
 * stopped; the same problem again is not news; a run that goes through clears it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { IPC_EVENTS, type QueueStatus } from '../../common/ipc-contract.ts';
import { QueueStorageError } from '../../main/queue/storage-error.ts';
import { startFixture } from './app-fixture.ts';
import { FakeWindow } from './fake-electron.ts';

test('a runner stopped by a full disk: one notification, and the history window says so', async () => {
  let failure: Error | undefined;
  const fx = await startFixture({ runnerRun: async () => failure && Promise.reject(failure) });
  try {
    const history = () => fx.pageUrl('history');
    assert.deepEqual(await fx.invoke('getQueueStatus', [], { url: history() }), { problem: null });
    fx.app.windows.open('history');
    const win = FakeWindow.all.at(-1)!;
    failure = new QueueStorageError(path.join(fx.dir, 'queue.db'), 'write', { reason: 'disk-full' });
    const stopped = () => fx.fake.notifications.filter((n) => n.title === 'Traydrop: uploads stopped');

    fx.app.queue.kick();
    await tick();
    assert.equal(stopped().length, 1);
    assert.equal(stopped()[0]!.body, `${failure.message}.`);
    assert.match(
      stopped()[0]!.body,
      new RegExp(`cannot write the upload queue \\(queue\\.db in ${fx.dir}\\): the disk is full`),
    );
    const status = (await fx.invoke('getQueueStatus', [], { url: history() })) as QueueStatus;
    assert.equal(status.problem, failure.message);
    const told = win.webContents.sent.filter((s) => s.channel === IPC_EVENTS.queueStatusChanged);
    assert.deepEqual(told.at(-1)?.value, { problem: failure.message });
    await assert.rejects(fx.invoke('getQueueStatus', ['x'], { url: history() }), /expected 0 arguments/);

    fx.app.queue.kick(); // tried again (the retry timer does this): the same problem, no second notification
    await tick();
    assert.equal(stopped().length, 1);

    failure = undefined; // space was freed: the next run goes through
    fx.app.queue.kick();
    await tick();
    assert.deepEqual(await fx.invoke('getQueueStatus', [], { url: history() }), { problem: null });
    assert.deepEqual(win.webContents.sent.filter((s) => s.channel === IPC_EVENTS.queueStatusChanged).at(-1)?.value, {
      problem: null,
    });
    assert.equal(stopped().length, 1);
  } finally {
    await fx.close();
  }
});

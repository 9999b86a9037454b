/** Going offline is one notification, not one per file; the next time offline is told again. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JobState, JobView } from '../../common/ipc-contract.ts';
import { startFixture } from './app-fixture.ts';

test('offline: one "waiting for the network" notice for many files, and again after the network came back', async () => {
  const fx = await startFixture();
  try {
    const files = ['a.png', 'b.png', 'c.png', 'd.png'].map((name) => path.join(fx.captures, '..', name));
    for (const file of files) await writeFile(file, 'x');
    const views = (await fx.invoke('shareFiles', [files], { url: fx.pageUrl('drop') })) as JobView[];
    assert.equal(views.length, 4);
    // as the runner saves and reports each job's state
    const set = (id: string, state: JobState) => {
      const job = fx.app.queue.journal.update(id, {
        state,
        error: state === 'waiting_network' ? 'cannot reach the server' : null,
      })!;
      fx.runnerEvents().emit('job', job);
    };
    const notices = () => fx.fake.notifications.filter((n) => n.title.endsWith('is waiting for the network'));
    for (const v of views.slice(0, 3)) set(v.id, 'waiting_network');
    assert.equal(notices().length, 1, 'three files offline: one notice');
    assert.equal(notices()[0]!.title, 'a.png is waiting for the network');
    assert.match(notices()[0]!.body, /^cannot reach the server\. It uploads on its own/);
    set(views[0]!.id, 'done');
    set(views[1]!.id, 'done');
    assert.equal(notices().length, 1);
    set(views[2]!.id, 'done'); // the last one waiting is through: back online
    set(views[3]!.id, 'waiting_network');
    assert.equal(notices().length, 2, 'offline again: told again');
    assert.equal(notices()[1]!.title, 'd.png is waiting for the network');
  } finally {
    await fx.close();
  }
});

/** The watched folder through the glue (fake electron, fake watcher): a file that cannot be queued is not silent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WatchOptions } from '../../main/watch/watch-folder.ts';
import { startFixture } from './app-fixture.ts';

test('a watched file that cannot be queued (not paired) is reported, and the watcher hears the failure', async () => {
  const fx = await startFixture({ paired: false });
  try {
    const folder = path.join(fx.dir, '..', 'Screenshots');
    await mkdir(folder, { recursive: true });
    await fx.invoke('saveSettings', [{ watchedFolder: folder }]);
    const call = fx.calls.find((c) => c.name === 'watchFolder');
    assert.ok(call, 'the folder is watched');
    const options = call.args[1] as WatchOptions;
    const file = path.join(folder, 'Screenshot 1.png');
    await writeFile(file, 'png');
    // rejecting keeps the file out of the watcher's ledger, so its next change offers it again
    await assert.rejects(
      Promise.resolve(options.onFile(file, { path: file, size: 3, mtimeMs: 1, digest: 'x' })),
      /not paired/,
    );
    assert.equal(fx.fake.notifications.length, 1);
    assert.equal(fx.fake.notifications[0]!.title, 'Traydrop: watched folder');
    assert.match(fx.fake.notifications[0]!.body, /^Screenshot 1\.png was not uploaded: Traydrop is not paired/);
  } finally {
    await fx.close();
  }
});

test('files that arrived while the app was closed: queued quietly (clipboard untouched), one notice before, one after', async () => {
  let offered!: () => void;
  const fx = await startFixture({ watchCaughtUp: new Promise<void>((resolve) => (offered = resolve)) });
  try {
    const folder = path.join(fx.dir, '..', 'Screenshots');
    await mkdir(folder, { recursive: true });
    await fx.invoke('saveSettings', [{ watchedFolder: folder }]);
    const options = fx.calls.find((c) => c.name === 'watchFolder')!.args[1] as WatchOptions;
    const files = ['Screenshot 1.png', 'Screenshot 2.png'].map((name) => path.join(folder, name));
    for (const file of files) await writeFile(file, 'png');
    const clipboardBefore = fx.fake.clipboardWrites.length;

    options.catchUp!.onCatchUp!(files, new Date());
    for (const file of files) await options.onFile(file, { path: file, size: 3, mtimeMs: 1, digest: 'x' });
    offered();
    await new Promise((resolve) => setImmediate(resolve));
    const jobs = fx.app.queue.journal.list();
    assert.equal(jobs.length, 2);
    assert.equal(fx.fake.clipboardWrites.length, clipboardBefore, 'no link goes on the clipboard');
    assert.deepEqual(
      fx.fake.notifications.map((n) => n.title),
      ['Uploading 2 files from Screenshots'],
    );
    assert.match(fx.fake.notifications[0]!.body, /arrived while Traydrop was closed/);

    for (const job of jobs) fx.runnerEvents().emit('stored', { id: job.id, url: job.url });
    fx.runnerEvents().emit('job', { ...jobs[0]!, state: 'done' });
    assert.equal(fx.fake.notifications.length, 1, 'no "uploaded" per file, and not before the last one');
    fx.runnerEvents().emit('job', { ...jobs[1]!, state: 'done' });
    assert.deepEqual(
      fx.fake.notifications.map((n) => n.title),
      ['Uploading 2 files from Screenshots', '2 files from Screenshots uploaded'],
    );
    assert.equal(fx.fake.clipboardWrites.length, clipboardBefore, 'not when they are done either');

    // a file saved there now is the usual thing: its link on the clipboard, its own notification
    const live = path.join(folder, 'Screenshot 3.png');
    await writeFile(live, 'png');
    await options.onFile(live, { path: live, size: 3, mtimeMs: 2, digest: 'y' });
    const job = fx.app.queue.journal.list().find((j) => j.source === live)!;
    assert.equal(fx.fake.clipboardWrites.at(-1), job.url);
    fx.runnerEvents().emit('stored', { id: job.id, url: job.url });
    assert.equal(fx.fake.notifications.at(-1)!.title, 'Screenshot 3.png uploaded');
  } finally {
    await fx.close();
  }
});

test('too many files arrived while closed: one notice says how many and what to do', async () => {
  const fx = await startFixture();
  try {
    const folder = path.join(fx.dir, '..', 'Downloads');
    await mkdir(folder, { recursive: true });
    await fx.invoke('saveSettings', [{ watchedFolder: folder }]);
    const options = fx.calls.find((c) => c.name === 'watchFolder')!.args[1] as WatchOptions;
    assert.equal(options.catchUp?.limit, 50);
    options.catchUp!.onTooMany!(73, new Date());
    assert.equal(fx.fake.notifications.length, 1);
    assert.equal(fx.fake.notifications[0]!.title, '73 files arrived in Downloads while Traydrop was closed');
    assert.match(fx.fake.notifications[0]!.body, /More than 50, so none was uploaded\. Drop the ones you want/);
    assert.equal(fx.app.queue.journal.list().length, 0);
  } finally {
    await fx.close();
  }
});

test('choosing another folder forgets the old one (no catch-up when watched again); quitting does not', async () => {
  const first = path.join(os.tmpdir(), 'first');
  const fx = await startFixture({ settings: { watchedFolder: first } });
  try {
    assert.equal(fx.calls.find((c) => c.name === 'watchFolder')?.args[0], first, 'watched from the start');
    await fx.invoke('saveSettings', [{ watchedFolder: null }]);
    assert.deepEqual(fx.calls.find((c) => c.name === 'watchClose')?.args, [first, { forget: true }]);
    await fx.invoke('saveSettings', [{ watchedFolder: first }]);
  } finally {
    await fx.app.shutdown();
    const closes = fx.calls.filter((c) => c.name === 'watchClose');
    assert.deepEqual(closes.at(-1)?.args, [first, { forget: false }], 'at quit the mark is kept');
    assert.equal(closes.length, 2);
    await fx.close();
  }
});

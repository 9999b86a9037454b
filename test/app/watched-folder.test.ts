/** The watched folder through the glue (fake electron, fake watcher): a file that cannot be queued is not silent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
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

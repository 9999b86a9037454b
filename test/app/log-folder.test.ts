/**
 * The log in the running app (startApp with the fake Electron): it writes main.log into app.getPath('logs');
 * the tray's "Open log folder" and the settings window's About (getAbout, openLogFolder) open that folder, the
 * IPC calls only from the settings page and without arguments; a folder the desktop cannot open is said.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFixture } from './app-fixture.ts';
import { waitFor } from '../helpers/wait-for.ts';

const until = (check: () => boolean, what: string) => waitFor(what, () => (check() ? true : undefined), 2000, 10);

async function tempLogs(): Promise<{ logs: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-logs-'));
  return { logs: path.join(root, 'Traydrop', 'logs'), remove: () => rm(root, { recursive: true, force: true }) };
}

test("the app logs into app.getPath('logs'): a line when it starts and when it stops", async () => {
  const { logs, remove } = await tempLogs();
  try {
    const fx = await startFixture({ logs, settings: { retention: 'sometimes' } });
    const file = path.join(logs, 'main.log');
    const started = readFileSync(file, 'utf8');
    assert.match(started, /\[info\] +Traydrop 0\.0\.0-test started \(linux, pid \d+\)/);
    assert.match(started, /settings: retention: /, 'what the app used to write to stderr is in the file');
    await fx.close();
    assert.match(readFileSync(file, 'utf8'), /\[info\] +stopped\n$/);
  } finally {
    await remove();
  }
});

test('tray: "Open log folder" opens the log folder (made again if it was removed); a failure is said', async () => {
  const { logs, remove } = await tempLogs();
  const fx = await startFixture({ logs });
  try {
    const menu = fx.fake.menus.at(-1)!.template;
    const item = menu.find((i) => i.label === 'Open log folder');
    assert.ok(item, 'the tray menu has the item');
    assert.ok(menu.indexOf(item) > menu.findIndex((i) => i.id === 'settings'), 'below Settings…');
    await rm(logs, { recursive: true, force: true });
    (item.click as () => void)();
    await until(() => fx.fake.openedPaths.length === 1, 'shell.openPath');
    assert.deepEqual(fx.fake.openedPaths, [logs], "app.getPath('logs')");
    assert.ok(existsSync(logs), 'the folder exists when it is opened');

    // the desktop cannot open it: a notification says why (the tray has nowhere else to say it)
    fx.fake.electron.shell.openPath = async () => 'No application is registered for folders';
    (item.click as () => void)();
    await until(() => fx.fake.notifications.length > 0, 'a notification');
    assert.deepEqual(fx.fake.notifications.at(-1), {
      title: 'Traydrop: opening the log folder failed',
      body: `could not open ${logs}: No application is registered for folders`,
    });
  } finally {
    await fx.close();
    await remove();
  }
});

test('About over IPC: getAbout and openLogFolder, from the settings page only, with no arguments', async () => {
  const { logs, remove } = await tempLogs();
  const fx = await startFixture({ logs });
  try {
    assert.deepEqual(await fx.invoke('getAbout', []), { version: '0.0.0-test', logFolder: logs });
    await fx.invoke('openLogFolder', []);
    assert.deepEqual(fx.fake.openedPaths, [logs]);

    await assert.rejects(fx.invoke('getAbout', [], { url: fx.pageUrl('drop') }), /not for the drop page/);
    await assert.rejects(fx.invoke('openLogFolder', [], { url: fx.pageUrl('history') }), /not for the history page/);
    await assert.rejects(fx.invoke('openLogFolder', [], { url: 'https://evil.example/' }), /not a Traydrop page/);
    await assert.rejects(fx.invoke('openLogFolder', ['/etc']), /expected 0 arguments/);
    await assert.rejects(fx.invoke('getAbout', [{}]), /expected 0 arguments/);
    assert.deepEqual(fx.fake.openedPaths, [logs], 'nothing else was opened');

    // the page hears why the folder did not open
    fx.fake.electron.shell.openPath = async () => 'Permission denied';
    await assert.rejects(fx.invoke('openLogFolder', []), /could not open .*logs: Permission denied/);
  } finally {
    await fx.close();
    await remove();
  }
});

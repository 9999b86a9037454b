/**
 * The Electron glue against a fake `electron`: IPC registration and guards, window security, the tray menu,
 * hotkeys, second-instance commands. The core behind it is real (settings store, journal, enqueue, flows);
 * only Electron, the capture back-ends and the uploading runner are fakes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IPC_CHANNELS, ipcChannel, IPC_EVENTS, type JobView } from '../../common/ipc-contract.ts';
import { FakeWindow } from './fake-electron.ts';
import { startFixture } from './app-fixture.ts';

const menuItem = (fx: Awaited<ReturnType<typeof startFixture>>, id: string) => {
  const item = fx.fake.menus.at(-1)!.template.find((i) => i.id === id);
  assert.ok(item, `menu item ${id}`);
  return item;
};

const click = (item: Electron.MenuItemConstructorOptions) => (item.click as unknown as () => void)();

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
};

test('IPC: one handler per IPC_CHANNELS entry, nothing else; removed on shutdown', async () => {
  const fx = await startFixture();
  try {
    assert.deepEqual([...fx.fake.handlers.keys()].sort(), IPC_CHANNELS.map(ipcChannel).sort());
  } finally {
    await fx.close();
  }
  assert.equal(fx.fake.handlers.size, 0);
});

test('IPC: foreign senders and bad arguments are refused before the core; valid calls reach it', async () => {
  const fx = await startFixture();
  try {
    await assert.rejects(fx.invoke('getSettings', [], { url: 'https://evil.example/' }), /not a Traydrop page/);
    await assert.rejects(fx.invoke('getSettings', [], { url: 'file:///etc/passwd' }), /not a Traydrop page/);
    await assert.rejects(fx.invoke('getSettings', [], { url: fx.pageUrl('settings'), parent: {} }), /not a frame/);
    await assert.rejects(fx.invoke('getSettings', [], { url: fx.pageUrl('nope') }), /not a Traydrop page/);
    await assert.rejects(
      fx.invoke('finishSelection', [null], { url: fx.pageUrl('settings') }),
      /not for the settings page/,
    );
    await assert.rejects(fx.invoke('getSettings', ['extra']), /expected 0 arguments/);
    await assert.rejects(fx.invoke('shareFiles', ['relative.txt']), /expected 1–1000 paths/);
    await assert.rejects(fx.invoke('shareFiles', [['relative.txt']]), /full path/);
    await assert.rejects(fx.invoke('openLink', ['javascript:alert(1)']), /only http\(s\)/);
    await assert.rejects(fx.invoke('openLink', ['file:///etc/passwd']), /only http\(s\)/);
    await assert.rejects(fx.invoke('retryJob', ["x'; DROP"]), /unexpected characters/);
    await assert.rejects(fx.invoke('chooseFolder', ['home']), /purpose/);
    await assert.rejects(
      fx.invoke('finishSelection', [{ x: 1, y: 2, width: 'a', height: 3 }], { url: fx.pageUrl('region-selector') }),
      /selection.width/,
    );
    await assert.rejects(fx.invoke('revealLocal', ['/etc/passwd']), /not one Traydrop uploaded/);
    assert.deepEqual(fx.fake.opened, []);
    assert.equal(fx.app.queue.journal.list().length, 0, 'nothing reached the queue');

    // a query string or hash on our page is fine
    const settings = (await fx.invoke('getSettings', [], { url: fx.pageUrl('history') + '?x=1#top' })) as {
      capturesFolder: string;
    };
    assert.equal(settings.capturesFolder, fx.captures);
    await fx.invoke('openLink', ['https://share.example.test/abc/x.png']);
    assert.deepEqual(fx.fake.opened, ['https://share.example.test/abc/x.png']);

    const file = path.join(fx.captures, '..', 'report.txt');
    await writeFile(file, 'hello');
    const [job] = (await fx.invoke('shareFiles', [[file]], { url: fx.pageUrl('drop') })) as JobView[];
    assert.equal(job!.name, 'report.txt');
    assert.match(job!.url, /^https:\/\/share\.example\.test\/[A-Za-z0-9]+\/report\.txt$/);
    assert.deepEqual(fx.fake.clipboardWrites, [job!.url], 'early link on the clipboard');
    assert.equal(fx.app.queue.journal.get(job!.id)?.removeSourceAfterUpload, false, "a user's file is never deleted");
    assert.ok(fx.calls.some((c) => c.name === 'runner.run'));
    const jobs = (await fx.invoke('listJobs', [])) as JobView[];
    assert.deepEqual(
      jobs.map((j) => j.id),
      [job!.id],
    );
    await fx.invoke('revealLocal', [file]);
    assert.deepEqual(fx.fake.revealed, [file]);
    await fx.invoke('cancelJob', [job!.id]);
    assert.ok(fx.calls.some((c) => c.name === 'runner.cancel' && c.args[0] === job!.id));

    const saved = (await fx.invoke('saveSettings', [{ zipFolders: false, naming: { screenshot: '{oops}' } }])) as {
      settings: { zipFolders: boolean };
      errors: Record<string, string>;
    };
    assert.equal(saved.settings.zipFolders, false);
    assert.match(saved.errors['naming.screenshot']!, /unknown token/);
  } finally {
    await fx.close();
  }
});

test('windows: sandboxed, isolated, no node, navigation blocked, window.open denied (http opens in the browser)', async () => {
  const fx = await startFixture();
  try {
    fx.app.windows.open('settings');
    fx.app.windows.open('history');
    fx.app.windows.open('drop');
    fx.app.windows.open('settings'); // again: the same window
    assert.equal(FakeWindow.all.length, 3);
    for (const win of FakeWindow.all) {
      const prefs = win.options.webPreferences as Record<string, unknown>;
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.webSecurity, true);
      assert.equal(prefs.webviewTag, false);
      assert.equal(prefs.preload, path.join(fx.distDir, 'preload', 'index.cjs'));
      assert.match(win.loaded!.file, /dist\/renderer\/(settings|history|drop)\/index\.html$/);
      let prevented = false;
      win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
      assert.ok(prevented, 'will-navigate prevented');
      assert.deepEqual(win.webContents.openHandler!({ url: 'https://example.org/' }), { action: 'deny' });
      assert.deepEqual(win.webContents.openHandler!({ url: 'file:///etc/passwd' }), { action: 'deny' });
    }
    assert.deepEqual(fx.fake.opened, ['https://example.org/', 'https://example.org/', 'https://example.org/']);
    const drop = FakeWindow.all.find((w) => w.loaded!.file.includes('/drop/'))!;
    assert.equal(drop.options.alwaysOnTop, true);
    assert.equal(drop.options.frame, false);
    // it remembers where it was put
    drop.position = [300, 200];
    drop.emit('moved');
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(JSON.parse(await readFile(path.join(fx.dir, 'drop-window.json'), 'utf8')), { x: 300, y: 200 });
    drop.close();
    fx.app.windows.open('drop');
    assert.deepEqual(FakeWindow.all.at(-1)!.options.x, 300);
    // events reach open windows
    await fx.invoke('saveSettings', [{ launchAtLogin: true }]);
    assert.ok(FakeWindow.all.at(-1)!.webContents.sent.some((s) => s.channel === IPC_EVENTS.settingsChanged));
    assert.deepEqual(fx.fake.app.loginItem, { openAtLogin: true });
  } finally {
    await fx.close();
  }
});

test('tray: the menu has every item; clicks call the core (capture → saved → queued → link copied; pause)', async () => {
  const fx = await startFixture();
  try {
    const labels = fx.fake.menus
      .at(-1)!
      .template.map((i) => i.label)
      .filter(Boolean);
    for (const label of [
      'Capture screen',
      'Capture region',
      'Capture window',
      'Record screen',
      'Record region',
      'Upload from clipboard',
      'Recent uploads (click to copy)',
      'Pause queue',
      'Settings…',
      'Quit Traydrop',
      'Drop window',
    ]) {
      assert.ok(labels.includes(label), label);
    }
    assert.equal(menuItem(fx, 'captureRegion').accelerator, 'CommandOrControl+Shift+4');

    click(menuItem(fx, 'captureScreen'));
    await until(() => fx.app.queue.journal.list().length === 1, 'the screenshot job');
    const job = fx.app.queue.journal.list()[0]!;
    assert.equal(job.kind, 'screenshot');
    assert.equal(path.dirname(job.source), fx.captures);
    assert.match(path.basename(job.source), /^Screenshot-\d{4}-\d\d-\d\d-at-[\d.]+\.png$/);
    assert.deepEqual(fx.fake.clipboardWrites, [job.url]);
    const call = fx.calls.find((c) => c.name === 'captureScreen')!;
    assert.deepEqual(call.args[0], { folder: fx.captures, pattern: 'Screenshot {date} at {time}.png' });

    click(menuItem(fx, 'pause'));
    await until(() => menuItem(fx, 'pause').checked === true, 'the menu to show the pause');
    assert.equal(fx.app.queue.paused, true);
    assert.ok(fx.calls.some((c) => c.name === 'runner.stop'));
    assert.match(fx.fake.tooltips.at(-1)!, /paused/);

    click(menuItem(fx, 'settings'));
    assert.ok(fx.app.windows.isOpen('settings'));
    click(menuItem(fx, 'quit'));
    assert.equal(fx.fake.app.quitCalls, 1);
  } finally {
    await fx.close();
  }
});

test('queue: "uploaded" is notified once, when S3 has the file (stored), not again when recorded', async () => {
  const fx = await startFixture();
  try {
    click(menuItem(fx, 'captureScreen'));
    await until(() => fx.app.queue.journal.list().length === 1, 'the screenshot job');
    const job = fx.app.queue.journal.list()[0]!;
    const uploaded = () => fx.fake.notifications.filter((n) => n.title.endsWith(' uploaded'));
    assert.equal(uploaded().length, 0);
    fx.runnerEvents().emit('stored', { id: job.id, url: job.url });
    assert.equal(uploaded().length, 1);
    assert.match(uploaded()[0]!.title, /^Screenshot-.*\.png uploaded$/);
    assert.match(uploaded()[0]!.body, new RegExp(job.url.replace(/[.?]/g, '\\$&')));
    fx.runnerEvents().emit('job', { ...job, state: 'done' });
    assert.equal(uploaded().length, 1, 'the record does not notify a second time');
  } finally {
    await fx.close();
  }
});

test('hotkeys: registered from settings, re-registered on change, failures reported', async () => {
  const fx = await startFixture();
  try {
    assert.equal(fx.fake.shortcuts.size, 9);
    fx.fake.taken.add('CommandOrControl+Shift+F9');
    const result = (await fx.invoke('saveSettings', [
      {
        hotkeys: { captureScreen: 'CommandOrControl+Shift+F9', captureWindow: 'Control+Shift+4', uploadClipboard: '' },
      },
    ])) as { hotkeys: { action: string; registered: boolean; error: string | null }[]; errors: Record<string, string> };
    assert.match(result.errors['hotkeys.captureWindow']!, /already the hotkey for Capture region/);
    const screen = result.hotkeys.find((h) => h.action === 'captureScreen')!;
    assert.equal(screen.registered, false);
    assert.match(screen.error!, /taken by another app/);
    assert.ok(fx.fake.unregistered.includes('CommandOrControl+Shift+3'), 'old hotkeys unregistered');
    assert.equal(fx.fake.shortcuts.has('CommandOrControl+Shift+9'), false, 'cleared hotkey gone');
    assert.deepEqual(await fx.invoke('getHotkeyStatus', []), result.hotkeys);
    // pressing one runs its action
    fx.fake.shortcuts.get('CommandOrControl+Shift+5')!();
    await until(() => fx.app.queue.journal.list().length === 1, 'the window capture job');
    assert.ok(fx.calls.some((c) => c.name === 'captureWindow'));
  } finally {
    await fx.close();
  }
  assert.equal(fx.fake.shortcuts.size, 0, 'all unregistered on quit');
});

test('second instance: `capture region` opens one overlay per display and crops the selection; `share` queues files', async () => {
  const fx = await startFixture();
  try {
    fx.fake.app.emit('second-instance', {}, ['/opt/Traydrop/traydrop', '--no-sandbox', 'capture', 'region'], '/tmp');
    await until(() => FakeWindow.all.some((w) => w.loaded?.file.includes('region-selector')), 'the overlay');
    const overlay = FakeWindow.all.find((w) => w.loaded?.file.includes('region-selector'))!;
    assert.equal(overlay.options.transparent, true);
    assert.match(String(overlay.options.icon), /icons\/linux\/256x256\.png$/, 'windows carry the app icon');
    assert.deepEqual((overlay.loaded!.options as { query: unknown }).query, { display: '1' });
    const from = { url: fx.pageUrl('region-selector'), id: overlay.webContents.id };
    const context = (await fx.invoke('getSelectorContext', [], from)) as { screenshotUrl: string; width: number };
    assert.match(context.screenshotUrl, /^data:image\/png;base64,/);
    assert.equal(context.width, 1920);
    assert.deepEqual(
      (context as unknown as { windows: unknown }).windows,
      [
        { x: 100, y: 80, width: 400, height: 300 },
        { x: 0, y: 0, width: 1920, height: 1040 },
      ],
      'windows to snap to, topmost first, the one off this display left out',
    );
    await assert.rejects(
      fx.invoke('getSelectorContext', [], { url: fx.pageUrl('region-selector'), id: 12345 }),
      /no selection/,
    );
    await fx.invoke('finishSelection', [{ x: 10, y: 20, width: 300, height: 200 }], from);
    await until(() => fx.app.queue.journal.list().length === 1, 'the region job');
    assert.ok(overlay.destroyed, 'overlay closed');
    const crop = fx.calls.find((c) => c.name === 'captureSelection')!;
    assert.deepEqual((crop.args[1] as { selection: unknown }).selection, { x: 10, y: 20, width: 300, height: 200 });
    // the display was frozen before the overlay opened, and the crop uses that frozen capture
    assert.equal(fx.calls.filter((c) => c.name === 'captureDisplay').length, 1);

    const file = path.join(fx.captures, '..', 'notes.md');
    await writeFile(file, '# hi');
    fx.fake.app.emit('second-instance', {}, ['/opt/Traydrop/traydrop', 'share', 'notes.md'], path.dirname(file));
    await until(() => fx.app.queue.journal.list().length === 2, 'the shared file');
    assert.ok(fx.app.queue.journal.list().some((j) => j.source === file && j.kind === 'file'));

    // `traydrop drop` (a desktop shortcut on Wayland) shows the drop window, and hides it again
    assert.equal(fx.app.windows.isOpen('drop'), false);
    fx.fake.app.emit('second-instance', {}, ['/opt/Traydrop/traydrop', 'drop'], '/tmp');
    await until(() => fx.app.windows.isOpen('drop'), 'the drop window');
    fx.fake.app.emit('second-instance', {}, ['/opt/Traydrop/traydrop', 'drop'], '/tmp');
    await until(() => !fx.app.windows.isOpen('drop'), 'the drop window hidden');

    fx.fake.app.emit('second-instance', {}, ['/opt/Traydrop/traydrop', 'capture', 'everything'], '/tmp');
    await until(() => fx.fake.notifications.some((n) => /not understood/.test(n.title)), 'the error notification');
  } finally {
    await fx.close();
  }
});

test('Esc in the selector cancels: nothing captured or queued', async () => {
  const fx = await startFixture();
  try {
    const done = fx.app.actions.captureRegion();
    await until(() => FakeWindow.all.length === 1, 'the overlay');
    const overlay = FakeWindow.all[0]!;
    await fx.invoke('finishSelection', [null], { url: fx.pageUrl('region-selector'), id: overlay.webContents.id });
    await done;
    assert.equal(fx.calls.filter((c) => c.name === 'captureSelection').length, 0);
    assert.equal(fx.app.queue.journal.list().length, 0);
  } finally {
    await fx.close();
  }
});

test('traydrop://pair asks first; a refused dialog pairs nothing', async () => {
  const fx = await startFixture({ paired: false });
  try {
    fx.fake.dialogResponse.value = 1; // Cancel
    await fx.app.handleArgv(['traydrop', 'traydrop://pair?server=https://evil.example&token=abcdefgh12'], '/');
    assert.equal(await fx.app.settings.pairing(), undefined);
    // not paired: a capture says what to do
    await fx.app.actions.captureScreen();
    assert.ok(fx.fake.notifications.some((n) => /not paired/.test(n.body)));
  } finally {
    await fx.close();
  }
});

test('settings a user broke by hand are reset to their defaults, and the user is told which', async () => {
  const fx = await startFixture({ settings: { zipFolders: 'yes', naming: { screenshot: '{bogus}', recording: 'r' } } });
  try {
    assert.equal(fx.app.settings.get().zipFolders, true, 'the default');
    assert.equal(fx.app.settings.get().naming.recording, 'r', 'the valid part is kept');
    const notice = fx.fake.notifications.find((n) => n.title === 'Some settings were reset');
    assert.ok(notice, fx.fake.notifications.map((n) => n.title).join(' | '));
    assert.match(notice.body, /zipFolders \(expected true or false\)/);
    assert.match(notice.body, /naming\.screenshot \(unknown token \{bogus\}/);
  } finally {
    await fx.close();
  }
});

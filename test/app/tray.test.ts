/**
 * The tray with a fake `electron`: its menu is replaced only when it would look different (an open menu
 * closes when it is replaced on Linux trays), while the tooltip follows every percent; and a hotkey that
 * could not be registered is not shown in the menu as if it worked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrayActions, TrayState } from '../../main/app/tray/menu-template.ts';
import { createTray } from '../../main/app/tray/tray.ts';
import { startFixture } from './app-fixture.ts';
import { fakeElectron } from './fake-electron.ts';
import { idleTrayState } from '../helpers/tray-state.ts';

const noActions = new Proxy({} as TrayActions, { get: () => () => undefined });

test('the menu is replaced only when what it shows changes; the tooltip follows every percent', () => {
  const fake = fakeElectron();
  let state: TrayState = idleTrayState();
  const tray = createTray(
    fake.electron,
    'linux',
    () => state,
    noActions,
    () => undefined,
  );
  assert.equal(fake.menus.length, 1);
  tray.refresh();
  assert.equal(fake.menus.length, 1, 'same state: same menu');
  state = { ...state, progress: { percent: 41, active: 1, waiting: 0 } };
  tray.refresh();
  assert.equal(fake.menus.length, 2, 'the status line appears');
  assert.equal(fake.menus.at(-1)!.template[0]!.label, 'uploading 1 file, 40%');
  state = { ...state, progress: { percent: 47, active: 1, waiting: 0 } };
  tray.refresh();
  assert.equal(fake.tooltips.at(-1), 'Traydrop: uploading 1 file, 47%');
  assert.equal(fake.menus.length, 2, 'within the same ten percent the open menu stays');
  state = { ...state, progress: { percent: 52, active: 1, waiting: 0 } };
  tray.refresh();
  assert.equal(fake.menus.length, 3);
  state = { ...state, recent: [{ name: 'a.png', url: 'https://s.example/1/a.png' }] };
  tray.refresh();
  assert.equal(fake.menus.length, 4, 'a new recent upload is a new menu');
});

test('a hotkey another app holds is not shown in the tray menu; a registered one is', async () => {
  const fx = await startFixture();
  try {
    fx.fake.taken.add('CommandOrControl+Shift+F9');
    await fx.invoke('saveSettings', [{ hotkeys: { captureScreen: 'CommandOrControl+Shift+F9' } }]);
    const item = (id: string) => fx.fake.menus.at(-1)!.template.find((i) => i.id === id)!;
    assert.equal(item('captureScreen').accelerator, undefined);
    assert.equal(item('captureRegion').accelerator, 'CommandOrControl+Shift+4');
  } finally {
    await fx.close();
  }
});

const dropOpen = (fx: Awaited<ReturnType<typeof startFixture>>): boolean => fx.app.windows.isOpen('drop');

test('no tray host (GNOME without its extension): the drop window opens, the user is told how to get the icon', async () => {
  const fx = await startFixture({ trayHost: 'missing', env: { XDG_CURRENT_DESKTOP: 'GNOME', WAYLAND_DISPLAY: 'w' } });
  try {
    await fx.app.trayChecked;
    assert.equal(dropOpen(fx), true, 'the drop window is what the user sees');
    const notice = fx.fake.notifications.find((n) => n.title === 'No tray icon on this desktop');
    assert.ok(notice, fx.fake.notifications.map((n) => n.title).join(' | '));
    assert.match(notice.body, /AppIndicator and KStatusNotifierItem Support/);
    assert.match(notice.body, /⋯ button has the tray's menu/);
    // a plain second launch (the app's icon in the launcher) shows the drop window rather than Settings
    fx.app.windows.close('drop');
    await fx.app.handleArgv(['/opt/Traydrop/traydrop'], fx.dir);
    assert.equal(dropOpen(fx), true);
    assert.equal(fx.app.windows.isOpen('settings'), false);
  } finally {
    await fx.close();
  }
});

test('with a tray: no drop window at start, no notice; a plain second launch opens Settings', async () => {
  const fx = await startFixture({ trayHost: 'present' });
  try {
    await fx.app.trayChecked;
    assert.equal(dropOpen(fx), false);
    assert.equal(
      fx.fake.notifications.some((n) => /tray/i.test(n.title)),
      false,
    );
    await fx.app.handleArgv(['/opt/Traydrop/traydrop'], fx.dir);
    assert.equal(fx.app.windows.isOpen('settings'), true);
  } finally {
    await fx.close();
  }
});

test("showAppMenu pops the tray's menu up over the drop window that asked; other pages are refused", async () => {
  const fx = await startFixture();
  try {
    fx.app.windows.open('drop');
    const drop = fx.app.windows
      .all()
      .find((w) => (w as unknown as { loaded?: { file: string } }).loaded?.file.includes('drop'));
    assert.ok(drop);
    await fx.invoke('showAppMenu', [], { url: fx.pageUrl('drop'), id: drop.webContents.id });
    assert.equal(fx.fake.popups.length, 1);
    assert.equal(fx.fake.popups[0]!.window, drop);
    assert.deepEqual(
      fx.fake.popups[0]!.template.map((i) => i.label ?? i.type),
      fx.fake.menus.at(-1)!.template.map((i) => i.label ?? i.type),
      'the same items as the tray menu',
    );
    await assert.rejects(fx.invoke('showAppMenu', [], { url: fx.pageUrl('settings') }), /not for the settings page/);
    assert.equal(fx.fake.popups.length, 1);
  } finally {
    await fx.close();
  }
});

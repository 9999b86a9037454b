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

const noActions = new Proxy({} as TrayActions, { get: () => () => undefined });

test('the menu is replaced only when what it shows changes; the tooltip follows every percent', () => {
  const fake = fakeElectron();
  let state: TrayState = {
    paired: true,
    recording: false,
    paused: false,
    progress: null,
    recent: [],
    hotkeys: {},
    dropWindowVisible: false,
    platform: 'linux',
  };
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

/**
 * The tray's update item as a pure function of the updater's state: hidden while updates are off, a label per
 * state (download progress in steps of 10 %, so an open Linux tray menu is not replaced every percent), and a
 * click that checks or installs as the label says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trayMenuTemplate, type TrayActions } from '../../main/app/tray/menu-template.ts';
import { updateFailureReason } from '../../main/app/updates/failure-reason.ts';
import { updateMenuItem, type UpdateState } from '../../main/app/updates/update-state.ts';
import { idleTrayState } from '../helpers/tray-state.ts';

const state = idleTrayState();

test('a label per state; progress in steps of 10 %', () => {
  const label = (s: UpdateState) => updateMenuItem(s)?.label;
  assert.equal(updateMenuItem({ kind: 'off', reason: 'turned off in Settings' }), undefined);
  assert.equal(label({ kind: 'idle' }), 'Check for updates');
  assert.equal(label({ kind: 'checking' }), 'Checking for updates…');
  assert.equal(label({ kind: 'available', version: '0.2.0' }), 'Update 0.2.0 found, downloading…');
  assert.equal(label({ kind: 'downloading', version: '0.2.0', percent: 47 }), 'Downloading update 0.2.0… 40%');
  assert.equal(label({ kind: 'none', version: '0.1.0' }), 'Check for updates (up to date)');
  assert.equal(label({ kind: 'failed', reason: 'x' }), 'Check for updates (the last check failed)');
  assert.equal(label({ kind: 'ready', version: '0.2.0' }), 'Update 0.2.0 ready — restart to install');
  assert.equal(updateMenuItem({ kind: 'checking' })?.enabled, false, 'no second check while one runs');
});

test('the tray menu: no item while off or unknown; a click checks, or installs once ready', () => {
  const calls: string[] = [];
  const actions = new Proxy({} as TrayActions, { get: (_t, name) => () => calls.push(String(name)) });
  const item = (update?: UpdateState) => trayMenuTemplate({ ...state, update }, actions).find((i) => i.id === 'update');
  assert.equal(item(), undefined);
  assert.equal(item({ kind: 'off', reason: 'not a packaged build' }), undefined);
  (item({ kind: 'idle' })!.click as () => void)();
  (item({ kind: 'failed', reason: 'x' })!.click as () => void)();
  (item({ kind: 'ready', version: '0.2.0' })!.click as () => void)();
  assert.deepEqual(calls, ['checkForUpdates', 'checkForUpdates', 'installUpdate']);
});

test('failure reasons: one short sentence, whatever electron-updater threw', () => {
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
  assert.equal(
    updateFailureReason(coded('sha512 checksum mismatch, expected a, got b', 'ERR_CHECKSUM_MISMATCH')),
    'the download does not match the sha512 the feed gives; it was deleted, not installed',
  );
  assert.equal(
    updateFailureReason(
      coded('New version 0.2.0 is not signed by the application owner: …', 'ERR_UPDATER_INVALID_SIGNATURE'),
    ),
    'the new installer is not signed by this app’s publisher; it was not installed',
  );
  assert.equal(
    updateFailureReason(Object.assign(new Error('503 Service Unavailable\nHeaders: {…}'), { statusCode: 503 })),
    'the feed answered HTTP 503',
  );
  assert.equal(
    updateFailureReason(new Error('net::ERR_NAME_NOT_RESOLVED')),
    'cannot reach the feed (net::ERR_NAME_NOT_RESOLVED)',
  );
  assert.equal(
    updateFailureReason(new Error('Cannot download "http://127.0.0.1/x.AppImage", status 403: Forbidden')),
    'the update could not be downloaded (HTTP 403 for http://127.0.0.1/x.AppImage)',
  );
  assert.equal(updateFailureReason(new Error(`first line\n${'stack '.repeat(100)}`)), 'first line');
});

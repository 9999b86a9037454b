/**
 * Recording on GNOME/KDE Wayland through the app's glue, with a fake `electron`: Record screen opens the
 * hidden recorder window (not throttled); only that window may share the screen and open the microphone,
 * never a camera (display-media handler, permissions), and report to the recording (IPC); Stop asks it to
 * stop, and its real WebM (made by ffmpeg) becomes a queued mp4 with the HUD and tray following along. A
 * declined share dialog is a quiet cancel.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { IPC_EVENTS, type JobView, type RecordingState } from '../../common/ipc-contract.ts';
import { ScreenshotCancelledError } from '../../main/capture/portal-screenshot.ts';
import { platformWindowBackend } from '../../main/capture/window-capture.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { testWebm } from '../helpers/webm.ts';
import { startFixture, type Fixture } from './app-fixture.ts';
import { FakeWindow } from './fake-electron.ts';

const skip = skipUnless(command('ffmpeg'), command('ffprobe'));
const GNOME = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'GNOME' };

let webm: Buffer;
before(async () => {
  if (!skip) webm = await testWebm('320x240', 1);
});

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
};

const recorderWindows = () =>
  FakeWindow.all.filter((w) => w.loaded?.file.endsWith(path.join('recorder', 'index.html')));

/** IPC from the recorder window (its URL and its webContents id). */
const fromRecorder = (fx: Fixture, win: FakeWindow) => ({ url: fx.pageUrl('recorder'), id: win.webContents.id });

type DisplayMediaHandler = (
  request: { frame: { url: string; parent: null } | null },
  callback: (s: unknown) => void,
) => void;
type PermissionCheck = (
  contents: { id: number } | null,
  permission: string,
  origin?: string,
  details?: { isMainFrame: boolean; mediaType?: string },
) => boolean;
type PermissionRequest = (
  contents: { id: number },
  permission: string,
  callback: (granted: boolean) => void,
  details: { isMainFrame: boolean; requestingUrl: string; mediaTypes?: string[] },
) => void;

test('GNOME Wayland: the hidden recorder page records, Stop makes an mp4 and queues it', { skip }, async () => {
  const fx = await startFixture({ env: GNOME });
  try {
    const recording = fx.app.actions.recordScreen();
    await until(() => recorderWindows().length === 1, 'the recorder window');
    const win = recorderWindows()[0]!;
    assert.equal(win.options.show, false, 'never shown: the desktop asks which screen to share');
    const prefs = win.options.webPreferences as Record<string, unknown>;
    assert.equal(prefs.backgroundThrottling, false);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.contextIsolation, true);

    // only the recorder page gets a screen, and only it may share one
    const displayMedia = fx.fake.media.displayMedia as DisplayMediaHandler;
    const granted = await new Promise((resolve) =>
      displayMedia({ frame: { url: fx.pageUrl('recorder'), parent: null } }, resolve),
    );
    // a placeholder: Chromium's PipeWire capturer opens the portal's dialog itself; asking desktopCapturer
    // first would open a second portal session and ask the user twice
    assert.deepEqual(granted, { video: { id: 'screen:0:0', name: 'Entire screen' } });
    assert.equal(fx.fake.media.sourceLookups, undefined, 'desktopCapturer was not asked');
    const refused = await new Promise((resolve) =>
      displayMedia({ frame: { url: fx.pageUrl('settings'), parent: null } }, resolve),
    );
    assert.deepEqual(refused, {});
    const check = fx.fake.media.permissionCheck as PermissionCheck;
    assert.equal(check({ id: win.webContents.id }, 'display-capture'), true);
    assert.equal(check({ id: win.webContents.id + 1000 }, 'display-capture'), false);
    assert.equal(check({ id: win.webContents.id }, 'media'), false, 'a media check that does not say what');

    const request = await fx.invoke('getRecorderRequest', [], fromRecorder(fx, win));
    assert.deepEqual(request, { fps: 30, videoBitsPerSecond: 8_000_000, microphone: false });
    await fx.invoke('recorderStarted', [], fromRecorder(fx, win));
    assert.equal(await recording, true);
    assert.equal(((await fx.invoke('getRecordingState', [])) as RecordingState).recording, true);
    const hud = FakeWindow.all.find((w) => w.loaded?.file.includes('recording-hud') && !w.destroyed);
    assert.ok(hud, 'the HUD is open');

    // the microphone ("Record the microphone"): the recorder page's top frame only, and never a camera
    const permissionRequest = fx.fake.media.permissionRequest as PermissionRequest;
    const asks = (id: number, permission: string, mediaTypes: string[], isMainFrame = true) =>
      new Promise<boolean>((resolve) =>
        permissionRequest({ id }, permission, resolve, {
          isMainFrame,
          requestingUrl: fx.pageUrl('recorder'),
          mediaTypes,
        }),
      );
    const recorderId = win.webContents.id;
    assert.equal(await asks(recorderId, 'media', ['audio']), true, 'recorder page + microphone');
    assert.equal(await asks(recorderId, 'media', ['video']), false, 'recorder page + camera');
    assert.equal(await asks(recorderId, 'media', ['audio', 'video']), false, 'recorder page + camera and microphone');
    assert.equal(await asks(recorderId, 'media', []), false, 'recorder page + nothing said');
    assert.equal(await asks(recorderId, 'media', ['audio'], false), false, "a subframe of the recorder's window");
    assert.equal(await asks(hud.webContents.id, 'media', ['audio']), false, 'another page (the HUD) + microphone');
    assert.equal(await asks(recorderId, 'geolocation', []), false);
    assert.equal(await asks(recorderId, 'display-capture', ['video']), true);
    assert.equal(await asks(hud.webContents.id, 'display-capture', ['video']), false);
    const checks = (id: number, mediaType: string, isMainFrame = true) =>
      check({ id }, 'media', 'file://', { isMainFrame, mediaType });
    assert.equal(checks(recorderId, 'audio'), true, 'recorder page + microphone');
    assert.equal(checks(recorderId, 'video'), false, 'recorder page + camera');
    assert.equal(checks(recorderId, 'unknown'), false, 'recorder page + unknown');
    assert.equal(checks(recorderId, 'audio', false), false, "a subframe of the recorder's window");
    assert.equal(checks(hud.webContents.id, 'audio'), false, 'another page (the HUD) + microphone');
    assert.equal(check(null, 'media', '', { isMainFrame: true, mediaType: 'audio' }), false, 'no page at all');
    hud.emit('ready-to-show');
    // shown without the focus: keys meant for the user's window (Esc, Enter) must not stop the recording
    assert.deepEqual([hud.shownInactive, hud.shown], [true, false]);

    // other pages and other windows are not heard
    await assert.rejects(
      fx.invoke('recorderChunk', [new Uint8Array(4)], { url: fx.pageUrl('settings') }),
      /not for the settings page/,
    );
    await fx.invoke('recorderChunk', [new Uint8Array([1, 2, 3])], {
      url: fx.pageUrl('recorder'),
      id: win.webContents.id + 1000,
    });
    await assert.rejects(fx.invoke('recorderChunk', ['AAAA'], fromRecorder(fx, win)), /chunk: expected bytes/);

    const half = Math.ceil(webm.length / 2);
    await fx.invoke('recorderChunk', [new Uint8Array(webm.subarray(0, half))], fromRecorder(fx, win));
    await fx.invoke('recorderChunk', [new Uint8Array(webm.subarray(half))], fromRecorder(fx, win));

    const stopped = fx.app.actions.stopRecording();
    await until(() => win.webContents.sent.some((m) => m.channel === IPC_EVENTS.recorderStop), 'the stop request');
    await fx.invoke('recorderFinished', [null], fromRecorder(fx, win));
    await stopped;
    assert.equal(win.destroyed, true, 'the recorder window is gone');

    const mp4s = (await readdir(fx.captures)).filter((name) => name.endsWith('.mp4'));
    assert.equal(mp4s.length, 1, (await readdir(fx.captures)).join());
    const probe = await probeVideo(path.join(fx.captures, mp4s[0]!));
    assert.deepEqual(
      [probe.codec, probe.width, probe.height],
      ['h264', 320, 240],
      'the stray 3 bytes were not written',
    );
    const jobs = (await fx.invoke('listJobs', [], { url: fx.pageUrl('history') })) as JobView[];
    assert.deepEqual(
      jobs.map((j) => [j.kind, j.name]),
      [['recording', mp4s[0]]],
    );
    assert.equal(((await fx.invoke('getRecordingState', [])) as RecordingState).recording, false);
  } finally {
    await fx.close();
  }
});

test('GNOME Wayland: a declined share dialog cancels quietly; nothing recorded, no error shown', { skip }, async () => {
  const fx = await startFixture({ env: GNOME });
  try {
    const recording = fx.app.actions.recordScreen();
    await until(() => recorderWindows().length === 1, 'the recorder window');
    const win = recorderWindows()[0]!;
    await fx.invoke('recorderFinished', ['cancelled'], fromRecorder(fx, win));
    assert.equal(await recording, false);
    assert.deepEqual(fx.fake.notifications, []);
    assert.equal(win.destroyed, true);
    assert.deepEqual(
      (await readdir(fx.captures).catch(() => [])).filter((n) => !n.startsWith('.')),
      [],
    );
    assert.equal(
      fx.calls.some((c) => c.name === 'startRecording'),
      false,
      'ffmpeg was not tried',
    );
  } finally {
    await fx.close();
  }
});

test("GNOME Wayland: Capture window opens the desktop's picker; closing it is quiet, a failure is not", async () => {
  // no Sway here: the window is the one the user picks in the portal's screenshot UI
  assert.equal(await platformWindowBackend('linux', GNOME).activeWindow(), 'picked in the desktop');
  let failure: Error = new ScreenshotCancelledError('the screenshot was cancelled');
  const fx = await startFixture({
    env: GNOME,
    capture: {
      captureWindow: async () => {
        throw failure;
      },
    },
  });
  try {
    assert.equal(await fx.app.actions.captureWindow(), undefined);
    assert.deepEqual(fx.fake.notifications, [], 'closing the picker is not an error');
    failure = new Error('the portal is gone');
    await fx.app.actions.captureWindow();
    assert.deepEqual(fx.fake.notifications, [{ title: 'Traydrop: window capture failed', body: 'the portal is gone' }]);
  } finally {
    await fx.close();
  }
});

test('X11: the recorder page (unused there) would get the first screen desktopCapturer lists', async () => {
  const fx = await startFixture();
  try {
    const displayMedia = fx.fake.media.displayMedia as DisplayMediaHandler;
    const granted = await new Promise((resolve) =>
      displayMedia({ frame: { url: fx.pageUrl('recorder'), parent: null } }, resolve),
    );
    assert.deepEqual(granted, { video: { id: 'screen:1:0', name: 'Entire screen', display_id: '1' } });
    assert.equal(fx.fake.media.sourceLookups, 1);
  } finally {
    await fx.close();
  }
});

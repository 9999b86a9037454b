/**
 * The screenshot portal's pure parts: the request path from our unique name, the Response's meaning, the
 * permission store's answer and the messages built from it, which back-end a session gets, and that only a
 * fresh regular file is deleted after a capture. The portal itself runs for real in capture-portal.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PORTAL_DESKTOP, portalBackend } from '../../main/capture/portal-backend.ts';
import { allowScreenshotsCommand, deniedAppIds, failureMessage } from '../../main/capture/portal-permission.ts';
import {
  newHandleToken,
  parseScreenshotResponse,
  removePortalFile,
  requestPath,
  responseMatchRule,
} from '../../main/capture/portal-screenshot.ts';
import { recordingBackendKind } from '../../main/capture/recording-backend.ts';
import { screenshotBackendKind } from '../../main/capture/screenshot-platform.ts';
import { isWlroots } from '../../main/capture/session-type.ts';
import { isObjectPath, variant } from '../../main/dbus/types.ts';

test("the Request path: our unique name without ':' and with '.' as '_', then the token", () => {
  assert.equal(requestPath(':1.42', 'traydrop_ab'), '/org/freedesktop/portal/desktop/request/1_42/traydrop_ab');
  assert.equal(requestPath(':1.2.3', 't'), '/org/freedesktop/portal/desktop/request/1_2_3/t');
  const token = newHandleToken(Buffer.from([0, 1, 254, 255]));
  assert.equal(token, 'traydrop_0001feff');
  assert.ok(isObjectPath(requestPath(':1.7', newHandleToken())), 'a random token makes a valid object path');
  assert.notEqual(newHandleToken(), newHandleToken());
  assert.equal(
    responseMatchRule('/org/freedesktop/portal/desktop/request/1_7/t'),
    "type='signal',sender='org.freedesktop.portal.Desktop',interface='org.freedesktop.portal.Request'," +
      "member='Response',path='/org/freedesktop/portal/desktop/request/1_7/t'",
  );
});

test('the Response: 0 with a file uri is a picture, 1 a cancel, anything else a failure', () => {
  const uri = new Map([['uri', variant('s', 'file:///home/u/Pictures/Screenshot.png')]]);
  assert.deepEqual(parseScreenshotResponse([0, uri]), { status: 'ok', uri: 'file:///home/u/Pictures/Screenshot.png' });
  assert.deepEqual(parseScreenshotResponse([1, new Map()]), { status: 'cancelled' });
  assert.deepEqual(parseScreenshotResponse([2, new Map()]), { status: 'failed', code: 2, detail: 'portal response 2' });
  assert.equal(parseScreenshotResponse([3, uri]).status, 'failed');
  const noUri = parseScreenshotResponse([0, new Map()]);
  assert.equal(noUri.status, 'failed');
  assert.equal(parseScreenshotResponse([0, new Map([['uri', variant('s', 'https://x/y.png')]])]).status, 'failed');
  assert.equal(parseScreenshotResponse([0, new Map([['uri', variant('u', 5)]])]).status, 'failed');
  assert.equal(parseScreenshotResponse(['0']).status, 'failed');
  assert.equal(parseScreenshotResponse(undefined).status, 'failed');
});

test('a denied permission: which entries are ours, and the message says how to allow it', () => {
  const table = new Map([
    ['', ['no']],
    ['org.gnome.Other', ['no']],
    ['org.example.Traydrop', ['no']],
    ['com.example.Allowed', ['yes']],
  ]);
  assert.deepEqual(deniedAppIds(table), ['', 'org.example.Traydrop']);
  assert.deepEqual(deniedAppIds(new Map([['', ['yes']]])), []);
  assert.deepEqual(deniedAppIds(undefined), []);
  const denied = failureMessage({ code: 2, detail: 'portal response 2' }, { interactive: false, denied: [''] });
  assert.match(denied, /denied Traydrop screenshots/);
  assert.match(denied, /GNOME Settings → Apps/);
  assert.ok(
    denied.endsWith(
      'busctl --user call org.freedesktop.impl.portal.PermissionStore /org/freedesktop/impl/portal/PermissionStore ' +
        "org.freedesktop.impl.portal.PermissionStore SetPermission sbssas screenshot true screenshot '' 1 yes",
    ),
    denied,
  );
  assert.deepEqual(allowScreenshotsCommand('org.example.Traydrop').slice(-3), ['org.example.Traydrop', '1', 'yes']);
});

test('other failures: the picker says it ended; a full-screen one explains the first-time question', () => {
  const picker = failureMessage({ code: 2, detail: 'portal response 2' }, { interactive: true, denied: [] });
  assert.equal(
    picker,
    "the desktop's screenshot picker ended without a picture (portal response 2: closed, or it failed)",
  );
  const screen = failureMessage({ code: 2, detail: 'portal response 2' }, { interactive: false, denied: [] });
  assert.match(screen, /took no screenshot \(portal response 2\)/);
  assert.match(screen, /Allow … to take screenshots\?/);
  assert.match(screen, /SetPermission sbssas screenshot true screenshot '' 1 yes$/);
});

test('back-end choice: grim on wlroots compositors, the portal on other Wayland desktops, else screenshot-desktop', () => {
  const wayland = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' };
  assert.equal(screenshotBackendKind({ ...wayland, SWAYSOCK: '/run/user/1000/sway-ipc.sock' }, 'linux'), 'grim');
  assert.equal(screenshotBackendKind({ ...wayland, HYPRLAND_INSTANCE_SIGNATURE: 'abc' }, 'linux'), 'grim');
  assert.equal(screenshotBackendKind({ ...wayland, XDG_CURRENT_DESKTOP: 'river' }, 'linux'), 'grim');
  assert.equal(screenshotBackendKind({ ...wayland, XDG_CURRENT_DESKTOP: 'Hyprland' }, 'linux'), 'grim');
  assert.equal(screenshotBackendKind({ ...wayland, XDG_SESSION_DESKTOP: 'sway' }, 'linux'), 'grim');
  assert.equal(screenshotBackendKind({ ...wayland, XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, 'linux'), 'portal');
  assert.equal(screenshotBackendKind({ ...wayland, XDG_CURRENT_DESKTOP: 'KDE' }, 'linux'), 'portal');
  assert.equal(screenshotBackendKind({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), 'portal', 'unknown: the portal');
  assert.equal(screenshotBackendKind({ XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, 'linux'), 'screenshot-desktop');
  assert.equal(screenshotBackendKind({ ...wayland, XDG_CURRENT_DESKTOP: 'GNOME' }, 'darwin'), 'screenshot-desktop');
  assert.equal(isWlroots({ XDG_CURRENT_DESKTOP: 'GNOME-Classic:GNOME' }), false);
  assert.equal(isWlroots({ XDG_CURRENT_DESKTOP: 'Phosh:GNOME' }), true, "Phosh's phoc is wlroots");
  assert.equal(isWlroots({ XDG_CURRENT_DESKTOP: 'swayfx' }), false, 'names are matched whole');
});

test('the portal back-end lists one display: the whole desktop', async () => {
  assert.deepEqual(await portalBackend({}).listDisplays(), [PORTAL_DESKTOP]);
  assert.equal(PORTAL_DESKTOP.primary, true);
});

test("after a capture only the portal's fresh regular file is deleted: never an old file or a symlink", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-portal-file-'));
  const since = Date.now();
  const fresh = path.join(dir, 'fresh.png');
  writeFileSync(fresh, 'x');
  await removePortalFile(fresh, since);
  assert.equal(existsSync(fresh), false);
  const old = path.join(dir, 'old.png');
  writeFileSync(old, 'x');
  utimesSync(old, new Date(since - 60_000), new Date(since - 60_000));
  await removePortalFile(old, since);
  assert.equal(existsSync(old), true, 'written before the request: not what the portal just made');
  const link = path.join(dir, 'link.png');
  symlinkSync(old, link);
  await removePortalFile(link, 0);
  assert.equal(existsSync(link), true);
  await removePortalFile(path.join(dir, 'missing.png'), since); // no throw
  rmSync(dir, { recursive: true, force: true });
});

test('screenshots and recordings pick their back-ends from one reading of the session', () => {
  const cases: [NodeJS.ProcessEnv, NodeJS.Platform, string, string][] = [
    [{ DISPLAY: ':0' }, 'linux', 'screenshot-desktop', 'ffmpeg'],
    [{ WAYLAND_DISPLAY: 'wayland-1', SWAYSOCK: '/s' }, 'linux', 'grim', 'wf-recorder'],
    [{ XDG_SESSION_TYPE: 'wayland', XDG_CURRENT_DESKTOP: 'GNOME' }, 'linux', 'portal', 'stream'],
    [{ WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'KDE' }, 'linux', 'portal', 'stream'],
    [{ WAYLAND_DISPLAY: 'wayland-0' }, 'darwin', 'screenshot-desktop', 'ffmpeg'],
    [{}, 'win32', 'screenshot-desktop', 'ffmpeg'],
  ];
  for (const [env, platform, screenshot, recording] of cases) {
    assert.equal(screenshotBackendKind(env, platform), screenshot, JSON.stringify(env));
    assert.equal(recordingBackendKind(env, platform), recording, JSON.stringify(env));
  }
});

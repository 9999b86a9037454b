/** The stream recorder's pure parts: which recorder a session gets, the region crop, the transcode arguments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamRegion } from '../../main/app/flows/recording-flow.ts';
import { transcodeArgs } from '../../main/capture/record-args.ts';
import { recordingBackendKind } from '../../main/capture/recording-backend.ts';
import { streamCropFilter } from '../../main/capture/stream-crop.ts';

test('recording back-end: ffmpeg on X11, macOS and Windows; wf-recorder on wlroots; the stream recorder on GNOME/KDE', () => {
  const gnome = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' };
  const kde = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'KDE' };
  const sway = { WAYLAND_DISPLAY: 'wayland-1', SWAYSOCK: '/run/user/1000/sway-ipc.sock' };
  assert.equal(recordingBackendKind({ DISPLAY: ':0' }, 'linux'), 'ffmpeg');
  assert.equal(recordingBackendKind(gnome, 'linux'), 'stream');
  assert.equal(recordingBackendKind(kde, 'linux'), 'stream');
  assert.equal(recordingBackendKind(sway, 'linux'), 'wf-recorder');
  assert.equal(recordingBackendKind(gnome, 'darwin'), 'ffmpeg');
  assert.equal(recordingBackendKind({}, 'win32'), 'ffmpeg');
});

test('the crop is in fractions of the frame, clamped to it, even-sized, at any stream size', () => {
  const display = { width: 1280, height: 720 };
  assert.equal(
    streamCropFilter({ x: 640, y: 0, width: 640, height: 360 }, display),
    'crop=w=max(2\\,trunc(iw*0.5/2)*2):h=max(2\\,trunc(ih*0.5/2)*2):x=trunc(iw*0.5):y=trunc(ih*0)',
  );
  // reaching past the right and bottom edges: clamped to the frame
  assert.match(
    streamCropFilter({ x: 960, y: 540, width: 1000, height: 1000 }, display),
    /iw\*0\.25\/2.*ih\*0\.25\/2.*iw\*0\.75.*ih\*0\.75/,
  );
  // left of and above the display: clamped too
  assert.match(
    streamCropFilter({ x: -100, y: -100, width: 420, height: 280 }, display),
    /iw\*0\.25\/2.*ih\*0\.25\/2.*x=trunc\(iw\*0\):y=trunc\(ih\*0\)/,
  );
  assert.throws(
    () => streamCropFilter({ x: 2000, y: 0, width: 100, height: 100 }, display),
    /not on the shared screen/,
  );
});

test("the region: the selection relative to its display, and that display's DIP size", () => {
  const displays = [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
    { id: 2, bounds: { x: 1920, y: -200, width: 1280, height: 800 }, scaleFactor: 2 },
  ];
  assert.deepEqual(streamRegion({ x: 2000, y: -100, width: 300, height: 200 }, displays), {
    selection: { x: 80, y: 100, width: 300, height: 200 },
    display: { width: 1280, height: 800 },
  });
  assert.throws(() => streamRegion({ x: 9000, y: 0, width: 10, height: 10 }, displays), /not on any display/);
});

test('transcode: WebM in, H.264 yuv420p mp4 at a constant frame rate with the index first, cropped when asked', () => {
  const args = transcodeArgs('in.webm', 'crop=w=2:h=2:x=0:y=0', { fps: 24 }, 'out.mp4');
  assert.deepEqual(args.slice(0, 8), ['-hide_banner', '-v', 'error', '-i', 'in.webm', '-r', '24', '-vf']);
  assert.equal(args[8], 'crop=w=2:h=2:x=0:y=0,crop=trunc(iw/2)*2:trunc(ih/2)*2');
  for (const pair of [
    ['-c:v', 'libx264'],
    ['-pix_fmt', 'yuv420p'],
    ['-movflags', '+faststart'],
  ]) {
    assert.ok(args.join(' ').includes(pair.join(' ')), pair.join(' '));
  }
  assert.equal(args.at(-1), 'out.mp4');
  assert.ok(!args.includes('-t'), 'no time limit: the recording is as long as it is');
  assert.equal(
    transcodeArgs('in.webm', undefined, { maxDurationSec: 5 }, 'o.mp4')[8],
    'crop=trunc(iw/2)*2:trunc(ih/2)*2',
  );
});

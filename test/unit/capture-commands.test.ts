/**
 * Command builders for the back-ends this machine cannot run (macOS avfoundation/screencapture, Windows
 * gdigrab/PowerShell) and the Linux ones, checked for shape; Wayland detection; the GIF size ladder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  avfoundationArgs,
  evenRegion,
  gdigrabArgs,
  wfRecorderArgs,
  x11grabArgs,
} from '../../main/capture/record-args.ts';
import { microphoneProblem, parseDshowAudioDevices } from '../../main/capture/microphone.ts';
import { recordingArgs, RecordingError } from '../../main/capture/recorder.ts';
import { isWayland, x11CaptureProblem } from '../../main/capture/session-type.ts';
import { macWindowCommand, windowsWindowCommand, x11WindowCommand } from '../../main/capture/window-capture.ts';
import { gifArgs, GifTooLargeError, inputWidth, nextAttempt } from '../../main/capture/gif.ts';

const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

test('x11grab: full screen keeps even sizes; a region becomes -video_size and +X,Y', () => {
  const full = x11grabArgs(':0', undefined, {}, 'out.mp4');
  assert.equal(after(full, '-f'), 'x11grab');
  assert.equal(after(full, '-i'), ':0.0');
  assert.equal(after(full, '-vf'), 'crop=trunc(iw/2)*2:trunc(ih/2)*2');
  assert.equal(after(full, '-framerate'), '30');
  assert.equal(after(full, '-c:v'), 'libx264');
  assert.equal(after(full, '-pix_fmt'), 'yuv420p');
  assert.equal(after(full, '-movflags'), '+faststart');
  assert.equal(full.at(-1), 'out.mp4');
  assert.ok(!full.includes('-t'));

  const region = x11grabArgs(
    ':90',
    { x: 10, y: 20, width: 301, height: 201 },
    { fps: 24, maxDurationSec: 5, drawMouse: false },
    'o.mp4',
  );
  assert.equal(after(region, '-video_size'), '300x200');
  assert.equal(after(region, '-i'), ':90.0+10,20');
  assert.equal(after(region, '-draw_mouse'), '0');
  assert.equal(after(region, '-framerate'), '24');
  assert.equal(after(region, '-t'), '5');
  assert.ok(!region.includes('-vf'));
  assert.equal(after(x11grabArgs('host:1.1', undefined, {}, 'o.mp4'), '-i'), 'host:1.1');
  assert.throws(() => evenRegion({ x: 0, y: 0, width: 1, height: 100 }), RangeError);
});

test('avfoundation (macOS): screen device with no audio, region as a crop filter', () => {
  const args = avfoundationArgs('1', { x: 100, y: 50, width: 641, height: 480 }, { fps: 60 }, 'o.mp4');
  assert.equal(after(args, '-f'), 'avfoundation');
  assert.equal(after(args, '-i'), '1:none');
  assert.equal(after(args, '-capture_cursor'), '1');
  assert.equal(after(args, '-framerate'), '60');
  assert.equal(after(args, '-vf'), 'crop=640:480:100:50');
});

test('gdigrab (Windows): desktop with offsets (negative left of the primary)', () => {
  const args = gdigrabArgs({ x: -1280, y: 0, width: 1280, height: 1023 }, {}, 'o.mp4');
  assert.equal(after(args, '-f'), 'gdigrab');
  assert.equal(after(args, '-offset_x'), '-1280');
  assert.equal(after(args, '-offset_y'), '0');
  assert.equal(after(args, '-video_size'), '1280x1022');
  assert.equal(after(args, '-i'), 'desktop');
  assert.equal(after(gdigrabArgs(undefined, {}, 'o.mp4'), '-i'), 'desktop');
});

test('the platform picks the builder; Wayland and a missing DISPLAY are clear errors', () => {
  assert.equal(after(recordingArgs({ folder: '/x', platform: 'linux', env: { DISPLAY: ':5' } }, 'o'), '-f'), 'x11grab');
  assert.equal(after(recordingArgs({ folder: '/x', platform: 'darwin', env: {} }, 'o'), '-f'), 'avfoundation');
  assert.equal(after(recordingArgs({ folder: '/x', platform: 'win32', env: {} }, 'o'), '-f'), 'gdigrab');
  assert.throws(
    () => recordingArgs({ folder: '/x', platform: 'linux', env: { DISPLAY: ':0', XDG_SESSION_TYPE: 'wayland' } }, 'o'),
    (error: Error) => error instanceof RecordingError && /X11 capture cannot see a Wayland session/.test(error.message),
  );
  assert.throws(() => recordingArgs({ folder: '/x', platform: 'linux', env: {} }, 'o'), /DISPLAY is not set/);
  assert.equal(isWayland({ WAYLAND_DISPLAY: 'wayland-0' }), true);
  assert.equal(isWayland({ XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }), false);
  assert.equal(x11CaptureProblem({ DISPLAY: ':0' }), undefined);
});

test('window capture commands', () => {
  assert.deepEqual(x11WindowCommand('4194311'), {
    command: 'import',
    args: ['-silent', '-window', '4194311', 'png:-'],
  });
  assert.ok(x11WindowCommand('0x400007', true).args.includes('-frame'));
  assert.throws(() => x11WindowCommand('1; rm -rf /'), RangeError);

  assert.deepEqual(macWindowCommand('/tmp/w.png', '1234'), {
    command: 'screencapture',
    args: ['-x', '-o', '-t', 'png', '-l', '1234', '/tmp/w.png'],
  });
  assert.deepEqual(macWindowCommand('/tmp/w.png').args.slice(4, 6), ['-i', '-w']);

  const win = windowsWindowCommand("C:\\Temp\\it's.png", '65552');
  assert.equal(win.command, 'powershell.exe');
  const script = Buffer.from(after(win.args, '-EncodedCommand')!, 'base64').toString('utf16le');
  assert.match(script, /\$h = \[IntPtr\]65552/);
  assert.match(script, /'C:\\Temp\\it''s\.png'/);
  assert.match(windowsWindowCommand('x.png').args.join(' '), /-NoProfile/);
  assert.match(
    Buffer.from(after(windowsWindowCommand('x.png').args, '-EncodedCommand')!, 'base64').toString('utf16le'),
    /GetForegroundWindow\(\)\r?\n/,
  );
  assert.throws(() => windowsWindowCommand('x.png', '12; evil'), RangeError);
});

test('GIF: palette filter graph, and the ladder shrinks width, then fps, then gives up', () => {
  const args = gifArgs('in.mp4', 'out.gif', 640, 12);
  assert.match(after(args, '-vf')!, /^fps=12,scale='min\(iw,640\)':-1:flags=lanczos,split\[a\]\[b\];\[a\]palettegen/);
  assert.match(after(args, '-vf')!, /paletteuse/);
  const floors = { minWidth: 240, minFps: 6 };
  // 4x too big → width × 0.5 × 0.9
  assert.deepEqual(nextAttempt({ width: 960, fps: 15 }, 40, 10, floors), { width: 432, fps: 15 });
  // at the width floor → fewer frames
  assert.deepEqual(nextAttempt({ width: 240, fps: 15 }, 20, 10, floors), { width: 240, fps: 6 });
  assert.equal(nextAttempt({ width: 240, fps: 6 }, 20, 10, floors), undefined);
  const error = new GifTooLargeError(5e6, [{ width: 960, fps: 15, bytes: 9e6 }]);
  assert.match(error.message, /over the 5\.0 MB limit \(960 px 15 fps → 9\.0 MB\): record a shorter/);
});

test("GIF: the source width is read from ffmpeg's log, so the ladder starts from what the GIF really has", () => {
  const log = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 1549 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 640x480, 1546 kb/s, 30 fps
Stream mapping:
  Stream #0:0 -> #0:0 (h264 (native) -> gif (native))
Output #0, gif, to 'out.gif':
  Stream #0:0(und): Video: gif, pal8(progressive), 320x240, q=2-31, 200 kb/s, 15 fps`;
  assert.equal(inputWidth(log), 640);
  assert.equal(inputWidth('nothing useful'), undefined);
});

test('with a microphone: PulseAudio as the second input on X11, "<screen>:default" on macOS, DirectShow on Windows', () => {
  const x11 = x11grabArgs(':0', undefined, { microphone: 'default' }, 'o.mp4');
  const pulse = x11.indexOf('pulse');
  assert.ok(pulse > x11.indexOf(':0.0'), 'after the screen input');
  assert.deepEqual(x11.slice(pulse - 1, pulse + 5), ['-f', 'pulse', '-thread_queue_size', '1024', '-i', 'default']);
  assert.equal(after(x11, '-c:a'), 'aac');
  assert.equal(
    after(x11, '-tune'),
    'zerolatency',
    'x264 holds no frames back (else the stop drops the last second of sound)',
  );
  const region = x11grabArgs(':0', { x: 0, y: 0, width: 100, height: 100 }, { microphone: 'alsa_input.usb' }, 'o.mp4');
  assert.ok(region.includes('alsa_input.usb'));
  assert.ok(!x11grabArgs(':0', undefined, {}, 'o.mp4').includes('-tune'), 'no microphone: x264 as usual');
  assert.ok(!x11grabArgs(':0', undefined, {}, 'o.mp4').includes('pulse'));

  assert.equal(after(avfoundationArgs('1', undefined, { microphone: 'default' }, 'o.mp4'), '-i'), '1:default');
  assert.equal(after(avfoundationArgs('1', undefined, {}, 'o.mp4'), '-i'), '1:none');

  const win = gdigrabArgs(undefined, { microphone: 'Microphone (Realtek(R) Audio)' }, 'o.mp4');
  assert.deepEqual(win.slice(win.indexOf('dshow') - 1, win.indexOf('dshow') + 5), [
    '-f',
    'dshow',
    '-thread_queue_size',
    '1024',
    '-i',
    'audio=Microphone (Realtek(R) Audio)',
  ]);

  assert.ok(wfRecorderArgs(undefined, { microphone: 'default' }, 'o.mp4').includes('--audio'));
  assert.ok(wfRecorderArgs(undefined, { microphone: 'alsa_input.usb' }, 'o.mp4').includes('--audio=alsa_input.usb'));
  assert.ok(!wfRecorderArgs(undefined, {}, 'o.mp4').some((a) => a.startsWith('--audio')));
});

test('DirectShow device lists, old and new ffmpeg: the audio devices in order, not the alternative names', () => {
  const modern = [
    '[dshow @ 000001] "Integrated Camera" (video)',
    '[dshow @ 000001]   Alternative name "@device_pnp_\\\\?\\usb#vid"',
    '[dshow @ 000001] "Microphone (Realtek(R) Audio)" (audio)',
    '[dshow @ 000001]   Alternative name "@device_cm_{33D9A762}\\wave_{1}"',
    '[dshow @ 000001] "Headset (Jabra)" (audio)',
    'dummy: Immediate exit requested',
  ].join('\r\n');
  assert.deepEqual(parseDshowAudioDevices(modern), ['Microphone (Realtek(R) Audio)', 'Headset (Jabra)']);
  const old = [
    '[dshow @ 0x1] DirectShow video devices (some may be both video and audio devices)',
    '[dshow @ 0x1]  "Integrated Camera"',
    '[dshow @ 0x1]     Alternative name "@device_pnp_x"',
    '[dshow @ 0x1] DirectShow audio devices',
    '[dshow @ 0x1]  "Microphone Array (Intel)"',
    '[dshow @ 0x1]     Alternative name "@device_cm_y"',
  ].join('\n');
  assert.deepEqual(parseDshowAudioDevices(old), ['Microphone Array (Intel)']);
  assert.deepEqual(parseDshowAudioDevices('[dshow @ 1] "Cam" (video)'), []);
});

test('a recorder that could not open the microphone: a sentence that says what to do; other failures are not the microphone', () => {
  assert.match(
    microphoneProblem('Input #0, x11grab\ndefault: No such process\n', 'default')!,
    /^the microphone could not be opened \(default: No such process\): check the system's sound input, or turn off "Record the microphone" in Settings \(traydrop record: --no-microphone\)$/,
  );
  assert.match(
    microphoneProblem("Unknown input format: 'pulse'", 'default')!,
    /this ffmpeg cannot record sound \(it has no pulse input\)/,
  );
  assert.match(
    microphoneProblem(
      '[dshow @ 1] Could not find audio only device with name [Mic] among source devices of type audio.',
      'Mic',
    )!,
    /could not be opened/,
  );
  assert.equal(microphoneProblem(':0.0: Connection refused', 'default'), undefined, 'the screen, not the microphone');
});

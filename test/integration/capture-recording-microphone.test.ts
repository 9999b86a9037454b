/**
 * Screen recording with the microphone, for real: Xvfb for the screen and a private PulseAudio server whose
 * default source is a 440 Hz tone. The mp4 must carry AAC sound as long as the video and audible; a missing
 * sound server or an ffmpeg without PulseAudio input fail at the start with a sentence that says what to do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundledFfmpeg } from '../../main/capture/ffmpeg-path.ts';
import { startRecording } from '../../main/capture/recorder.ts';
import { probeAudio, volumeDb } from '../helpers/audio.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import { startPulse, type Pulse } from '../helpers/pulse.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { startXvfb, type Xvfb } from '../helpers/xvfb.ts';

const skip = skipUnless(command('Xvfb'), command('ffprobe'), command('pulseaudio'));

let x: Xvfb;
let pulse: Pulse;
let folder = '';
let env: NodeJS.ProcessEnv = {};

before(async () => {
  if (skip) return;
  [x, pulse] = await Promise.all([startXvfb('640x480x24'), startPulse()]);
  env = { ...process.env, DISPLAY: x.display, ...pulse.env };
  folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-rec-mic-'));
});
after(async () => {
  await x?.stop();
  await pulse?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('with the default microphone: AAC sound as long as the picture, and audible', { skip }, async () => {
  const recording = await startRecording({ folder, env, fps: 15, microphone: 'default' });
  await sleep(3000);
  const result = await recording.stop();
  const video = await probeVideo(result.path);
  const audio = await probeAudio(result.path);
  assert.equal(video.codec, 'h264');
  assert.deepEqual(audio.codecs, ['aac']);
  // at least the 3 s asked, at most ffmpeg's own wall time (a loaded machine stretches the stop)
  const [least, most] = [2.5, result.wallMs / 1000 + 0.5];
  assert.ok(audio.duration >= least && audio.duration <= most, `sound ${audio.duration} s, not in [${least}, ${most}]`);
  assert.ok(Math.abs(audio.duration - video.duration) < 0.3, `sound ${audio.duration} s, picture ${video.duration} s`);
  const volume = (await volumeDb(result.path)).mean;
  assert.ok(volume > -30, `the tone is there: ${volume} dB`);
});

test('a named source and a region, ended by the maximum duration', { skip }, async () => {
  const recording = await startRecording({
    folder,
    env,
    fps: 15,
    microphone: 'microphone',
    region: { x: 10, y: 10, width: 200, height: 100 },
    maxDurationSec: 2,
  });
  const result = await recording.done;
  assert.equal(result.endedBy, 'max-duration');
  const video = await probeVideo(result.path);
  assert.deepEqual([video.width, video.height], [200, 100]);
  assert.deepEqual((await probeAudio(result.path)).codecs, ['aac']);
});

test('without the microphone there is no sound track', { skip }, async () => {
  const recording = await startRecording({ folder, env, fps: 15, maxDurationSec: 1 });
  const result = await recording.done;
  assert.deepEqual((await probeAudio(result.path)).codecs, []);
});

test(
  'no sound server, or a source that does not exist: a sentence that says what to do, nothing left behind',
  { skip },
  async () => {
    const before = await readdir(folder);
    const silent = { ...env, PULSE_SERVER: `unix:${path.join(folder, 'no-such-socket')}` };
    await assert.rejects(
      startRecording({ folder, env: silent, microphone: 'default' }),
      /^RecordingError: the microphone could not be opened \(default: .+\): check the system's sound input, or turn off "Record the microphone" in Settings \(traydrop record: --no-microphone\)$/,
    );
    await assert.rejects(
      startRecording({ folder, env, microphone: 'no-such-source' }),
      /the microphone could not be opened \(no-such-source: /,
    );
    assert.deepEqual(await readdir(folder), before, 'no temp file is left');
  },
);

test(
  'an ffmpeg without PulseAudio input (the static npm build) says to install the system one',
  { skip: skip || (bundledFfmpeg() ? false : 'no bundled ffmpeg') },
  async () => {
    await assert.rejects(
      startRecording({ folder, env, microphone: 'default', ffmpeg: bundledFfmpeg()! }),
      /this ffmpeg cannot record sound \(it has no pulse input\): install ffmpeg from your system's packages, or turn off/,
    );
  },
);

test('wf-recorder\'s "no sound server" line, even when it arrives in two pieces, fails the start with its reason', async () => {
  // a stand-in for wf-recorder that says what the real one says with no PulseAudio, the line cut in two writes
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-fake-wf-'));
  const fake = path.join(dir, 'wf-recorder');
  await writeFile(
    fake,
    [
      '#!/bin/sh',
      "echo 'Using PulseAudio device: default'",
      "printf 'Failed to connect to PulseAudio:'",
      'sleep 0.2',
      "echo ' Connection refused'",
      'echo "Recording won\'t have audio"',
      'sleep 30',
    ].join('\n'),
    { mode: 0o755 },
  );
  try {
    await assert.rejects(
      startRecording({
        folder: dir,
        env: { PATH: process.env.PATH, XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-1', SWAYSOCK: '/x' },
        platform: 'linux',
        wfRecorder: fake,
        microphone: 'default',
      }),
      /^RecordingError: the microphone could not be opened \(Failed to connect to PulseAudio: Connection refused\): check the system's sound input/,
    );
    assert.deepEqual(await readdir(dir), ['wf-recorder'], 'no recording is left');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Screen recording of a real X server (Xvfb 1920x1080) with ffmpeg x11grab: the mp4 is checked with ffprobe
 * (codec, size, duration, moov first), then converted to GIF under a size limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startXvfb, type Xvfb } from '../helpers/xvfb.ts';
import { startRecording, type RecordingResult } from '../../main/capture/recorder.ts';
import { convertToGif, GifTooLargeError } from '../../main/capture/gif.ts';
import { bundledFfmpeg } from '../../main/capture/ffmpeg-path.ts';
import { encodePng } from '../../main/capture/png.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import { command, skipUnless } from '../helpers/requirements.ts';

const exec = promisify(execFile);
const skip = skipUnless(command('Xvfb'), command('ffprobe'));

let x: Xvfb;
let viewer: ChildProcess | undefined;
let folder = '';
let env: NodeJS.ProcessEnv = {};
let noiseClip: RecordingResult | undefined;

/** Byte offsets of the top-level mp4 atoms. */
async function atoms(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  const names: string[] = [];
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(8);
    for (let at = 0; at + 8 <= size;) {
      await handle.read(head, 0, 8, at);
      names.push(head.toString('latin1', 4, 8));
      const length = head.readUInt32BE(0);
      if (length < 8) break;
      at += length;
    }
  } finally {
    await handle.close();
  }
  return names;
}

before(async () => {
  if (skip) return;
  x = await startXvfb('1920x1080x24');
  env = { ...process.env, DISPLAY: x.display };
  folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-rec-'));
  // 640x480 of random pixels at +0+0: GIF bytes then grow with the area, so the size ladder has work to do
  const noise = { width: 640, height: 480, data: randomBytes(640 * 480 * 4).fill(255, 0, 0) };
  for (let i = 3; i < noise.data.length; i += 4) noise.data[i] = 255;
  const file = `${folder}-noise.png`;
  await writeFile(file, encodePng(noise));
  await exec('xsetroot', ['-solid', '#336699'], { env });
  viewer = spawn('display', ['-geometry', '+0+0', '-borderwidth', '0', '-title', 'traydrop-noise', file], {
    env,
    stdio: 'ignore',
  });
  await exec('timeout', ['10', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', 'traydrop-noise'], { env });
  await new Promise((r) => setTimeout(r, 300));
});

after(async () => {
  viewer?.kill();
  await x?.stop();
});

test('full screen, stopped after 3 s: h264 mp4, 1920x1080, 3 s long, moov first', { skip }, async (t) => {
  const recording = await startRecording({ folder, env });
  await new Promise((r) => setTimeout(r, 3000));
  const result = await recording.stop();
  assert.equal(result.endedBy, 'stop');
  assert.match(path.basename(result.path), /^Recording-\d{4}-\d\d-\d\d-at-\d\d\.\d\d\.\d\d\.mp4$/);
  const info = await probeVideo(result.path);
  t.diagnostic(`recorded ${info.duration.toFixed(3)} s for a 3 s stop() (ffmpeg wall ${result.wallMs} ms)`);
  assert.equal(info.codec, 'h264');
  assert.equal(info.pixFmt, 'yuv420p');
  assert.deepEqual([info.width, info.height], [1920, 1080]);
  // at least the 3 s asked (less a frame or two), at most ffmpeg's own wall time: a loaded machine stretches the stop
  const [least, most] = [2.7, result.wallMs / 1000 + 0.3];
  assert.ok(info.duration >= least && info.duration <= most, `duration ${info.duration} s, not in [${least}, ${most}]`);
  const order = await atoms(result.path);
  assert.ok(order.indexOf('moov') >= 0 && order.indexOf('moov') < order.indexOf('mdat'), `atoms ${order.join(',')}`);
  assert.equal(result.bytes, (await stat(result.path)).size);
  assert.deepEqual(await recording.stop(), result, 'stop() again returns the same file');
  assert.deepEqual(
    (await readdir(folder)).filter((f) => f.startsWith('.')),
    [],
    'no temp file stays',
  );
});

test('a region with a maximum duration ends by itself at the right size', { skip }, async (t) => {
  const recording = await startRecording({
    folder,
    env,
    region: { x: 0, y: 0, width: 641, height: 481 },
    maxDurationSec: 2,
    pattern: 'clip {n}.mp4',
  });
  const result = await recording.done;
  assert.equal(result.endedBy, 'max-duration');
  assert.equal(path.basename(result.path), 'clip-1.mp4');
  const info = await probeVideo(result.path);
  t.diagnostic(`max-duration 2 s recorded ${info.duration.toFixed(3)} s`);
  assert.deepEqual([info.width, info.height], [640, 480], 'odd sizes are trimmed to even for yuv420p');
  assert.ok(Math.abs(info.duration - 2) <= 0.2, `duration ${info.duration}`);
  assert.deepEqual(await recording.stop(), result);
  noiseClip = result;
});

test(
  'GIF: under the limit, shrinking when the first try is too big; too small a limit fails clearly',
  { skip },
  async (t) => {
    assert.ok(noiseClip, 'needs the region recording');
    const gifDir = path.join(folder, 'gifs');
    const free = await convertToGif(noiseClip.path, { folder: gifDir });
    assert.equal(path.basename(free.path), 'clip-1.gif');
    assert.equal(free.attempts.length, 1);
    const gif = await probeVideo(free.path);
    assert.equal(gif.codec, 'gif');
    assert.deepEqual([gif.width, gif.height], [640, 480], 'never upscaled beyond the source');

    const limit = Math.floor(free.bytes * 0.6);
    const fitted = await convertToGif(noiseClip.path, { folder: gifDir, maxBytes: limit });
    t.diagnostic(
      `GIF ${free.bytes} B at 640 px; limit ${limit} B → ${fitted.attempts.map((a) => `${a.width}px/${a.fps}fps=${a.bytes}B`).join(', ')}`,
    );
    assert.ok(fitted.bytes <= limit);
    assert.equal((await stat(fitted.path)).size, fitted.bytes);
    assert.ok(fitted.attempts.length >= 2);
    assert.ok(fitted.width < 640);
    assert.equal(path.basename(fitted.path), 'clip-1-2.gif', 'the first GIF is not overwritten');

    await assert.rejects(
      convertToGif(noiseClip.path, { folder: gifDir, maxBytes: 2000, maxAttempts: 3 }),
      (error: Error) => {
        assert.ok(error instanceof GifTooLargeError);
        assert.equal(error.attempts.length, 3);
        assert.match(error.message, /over the 0\.0 MB limit .* record a shorter or smaller clip, or share the mp4/);
        return true;
      },
    );
    assert.deepEqual(
      (await readdir(gifDir)).sort(),
      ['clip-1-2.gif', 'clip-1.gif'],
      'nothing left from the failed conversion',
    );
  },
);

test(
  'the ffmpeg shipped in npm (@ffmpeg-installer) records too',
  { skip: skip || (bundledFfmpeg() ? false : 'no @ffmpeg-installer build for this platform') },
  async () => {
    const recording = await startRecording({
      folder,
      env,
      ffmpeg: bundledFfmpeg()!,
      region: { x: 0, y: 0, width: 320, height: 240 },
      maxDurationSec: 1,
      pattern: 'bundled.mp4',
    });
    const info = await probeVideo((await recording.done).path);
    assert.equal(info.codec, 'h264');
    assert.deepEqual([info.width, info.height], [320, 240]);
  },
);

test('ffmpeg failing to start is an error that says why; nothing is left behind', { skip }, async () => {
  await assert.rejects(startRecording({ folder, env, ffmpeg: '/nonexistent/ffmpeg' }), /cannot run ffmpeg/);
  await assert.rejects(startRecording({ folder, env: { ...env, DISPLAY: ':4242' } }), /could not start recording/);
  assert.deepEqual(
    (await readdir(folder)).filter((f) => f.startsWith('.')),
    [],
  );
});

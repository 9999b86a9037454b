/**
 * The stream recorder's Node side with real ffmpeg (GNOME/KDE Wayland recording: stream-recording.ts). A
 * page stand-in sends a real WebM (made by ffmpeg, as MediaRecorder would send it: VP8 in one-second
 * pieces); the mp4 is checked with ffprobe. Also: a region crop, a WebM that cannot be converted (kept,
 * with a warning), the microphone's Opus sound (AAC in the mp4), a page that never reports back after a
 * stop (what it sent is kept), the max duration, a cancelled share dialog and an empty recording (nothing
 * left behind). The page itself runs in Chromium in test/renderer/recorder.test.ts.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RecordingError } from '../../main/capture/recorder.ts';
import {
  RecordingCancelledError,
  StreamRecording,
  type StreamRecorderPage,
  type StreamRecordingOptions,
} from '../../main/capture/stream-recording.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import { streamsOf } from '../helpers/ffprobe.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { testWebm } from '../helpers/webm.ts';

const skip = skipUnless(command('ffmpeg'), command('ffprobe'));

/** A WebM as the page sends it with the microphone: VP8 (640x360) and Opus (a 440 Hz tone), 2 s. */
async function voicedWebm(): Promise<Buffer> {
  const file = path.join(await folder(), 'voiced.webm');
  // prettier-ignore
  await promisify(execFile)('ffmpeg', [
    '-v', 'error',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30:duration=2',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
    '-c:v', 'libvpx', '-b:v', '1M', '-c:a', 'libopus', '-f', 'webm', file,
  ]);
  const bytes = await readFile(file);
  await rm(path.dirname(file), { recursive: true, force: true });
  return bytes;
}

let webm: Buffer;
before(async () => {
  if (!skip) webm = await testWebm('640x360', 2);
});

/** A stand-in for the recorder window: records what the recording asked of it. */
function page(): StreamRecorderPage & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    open: () => void log.push('open'),
    stop: () => void log.push('stop'),
    close: () => void log.push('close'),
  };
}

async function folder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'traydrop-stream-'));
}

/** Started, and the WebM sent in ~1 s pieces. */
async function recording(p: StreamRecorderPage, options: Partial<StreamRecordingOptions> & { folder: string }) {
  const rec = new StreamRecording(p, { fps: 30, ...options });
  const started = rec.start();
  rec.started();
  await started;
  const piece = Math.ceil(webm.length / 3);
  for (let at = 0; at < webm.length; at += piece) await rec.chunk(webm.subarray(at, at + piece));
  return rec;
}

test('a shared-screen WebM becomes an H.264 mp4 of the same length in the captures folder', { skip }, async () => {
  const dir = await folder();
  const p = page();
  const rec = await recording(p, { folder: dir, pattern: 'Rec' });
  assert.deepEqual(rec.request, { fps: 30, videoBitsPerSecond: 8_000_000, microphone: false });
  const stopping = rec.stop();
  assert.deepEqual(p.log, ['open', 'stop']);
  await rec.finished(null); // the page's last chunk is in: it says so
  const result = await stopping;
  assert.equal(path.basename(result.path), 'Rec.mp4');
  assert.equal(result.endedBy, 'stop');
  assert.equal(result.warning, undefined);
  const probe = await probeVideo(result.path);
  assert.equal(probe.codec, 'h264');
  assert.equal(probe.pixFmt, 'yuv420p');
  assert.deepEqual([probe.width, probe.height], [640, 360]);
  assert.ok(Math.abs(probe.duration - 2) < 0.3, `duration ${probe.duration}`);
  assert.deepEqual(await readdir(dir), ['Rec.mp4'], 'no temp files left');
  assert.deepEqual(p.log, ['open', 'stop', 'close']);
});

test(
  "with the microphone: the WebM's Opus sound becomes AAC in the mp4, also when a region is cropped",
  { skip },
  async () => {
    // what the page sends with "Record the microphone": VP8 and Opus (here a 440 Hz tone, 2 s)
    const voiced = await voicedWebm();
    for (const region of [
      undefined,
      { selection: { x: 0, y: 0, width: 640, height: 360 }, display: { width: 1280, height: 720 } },
    ]) {
      const dir = await folder();
      const rec = new StreamRecording(page(), {
        folder: dir,
        fps: 30,
        microphone: 'default',
        ...(region ? { region } : {}),
      });
      assert.equal(rec.request.microphone, true, 'the page is asked to open the microphone');
      const started = rec.start();
      rec.started();
      await started;
      const piece = Math.ceil(voiced.length / 3);
      for (let at = 0; at < voiced.length; at += piece) await rec.chunk(voiced.subarray(at, at + piece));
      await rec.finished(null);
      const result = await rec.done;
      assert.equal(path.extname(result.path), '.mp4');
      assert.equal(result.warning, undefined);
      const streams = await streamsOf(result.path);
      assert.deepEqual(streams.map((st) => `${st.type} ${st.codec}`).sort(), ['audio aac', 'video h264']);
      const sound = streams.find((st) => st.type === 'audio')!;
      assert.ok(Math.abs(sound.duration - 2) < 0.3, `sound of ${sound.duration} s`);
      const probe = await probeVideo(result.path);
      assert.deepEqual([probe.width, probe.height], region ? [320, 180] : [640, 360]);
    }
  },
);

test('a region is cropped from the stream: the selection scaled by stream size / display size', { skip }, async () => {
  const dir = await folder();
  const p = page();
  // the display is 1280x720 DIP, the stream 640x360: the right half of the top half
  const region = { selection: { x: 640, y: 0, width: 640, height: 360 }, display: { width: 1280, height: 720 } };
  const rec = await recording(p, { folder: dir, region });
  void rec.finished(null);
  const probe = await probeVideo((await rec.done).path);
  assert.deepEqual([probe.width, probe.height], [320, 180]);
});

test('a WebM ffmpeg cannot read is kept as it is, with a warning: the recording is never lost', { skip }, async () => {
  const dir = await folder();
  const rec = new StreamRecording(page(), { folder: dir, pattern: 'Rec' });
  const started = rec.start();
  rec.started();
  await started;
  await rec.chunk(Buffer.from('not a webm at all'));
  await rec.finished(null);
  const result = await rec.done;
  assert.equal(path.basename(result.path), 'Rec.webm');
  assert.match(result.warning ?? '', /could not be converted to mp4 .*WebM was kept/);
  assert.equal(await readFile(result.path, 'utf8'), 'not a webm at all');
  assert.deepEqual(await readdir(dir), ['Rec.webm']);
});

test('a page that never reports back after a stop: what it sent is made into the mp4', { skip }, async () => {
  const dir = await folder();
  const rec = await recording(page(), { folder: dir, stopTimeoutMs: 300 });
  const result = await rec.stop();
  assert.equal((await probeVideo(result.path)).codec, 'h264');
});

test('the max duration asks the page to stop', { skip }, async () => {
  const dir = await folder();
  const p = page();
  const rec = await recording(p, { folder: dir, maxDurationSec: 0.2 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.ok(p.log.includes('stop'), p.log.join());
  await rec.finished(null);
  assert.equal((await rec.done).endedBy, 'max-duration');
});

test('no screen chosen in the share dialog: a cancel, and nothing is left behind', { skip }, async () => {
  const dir = await folder();
  const p = page();
  const rec = new StreamRecording(p, { folder: dir });
  const started = rec.start();
  await new Promise((resolve) => setImmediate(resolve));
  await rec.finished('cancelled');
  await assert.rejects(started, RecordingCancelledError);
  assert.deepEqual(p.log, ['open', 'close']);
  assert.deepEqual(await readdir(dir), []);
});

test('a share that fails, an unanswered dialog, an empty recording: clear errors, no files', { skip }, async () => {
  const dir = await folder();
  const failing = new StreamRecording(page(), { folder: dir });
  const started = failing.start();
  await new Promise((resolve) => setImmediate(resolve));
  await failing.finished('the desktop would not share the screen (Permission denied)');
  await assert.rejects(
    started,
    (e: Error) =>
      e instanceof RecordingError && !(e instanceof RecordingCancelledError) && /would not share/.test(e.message),
  );

  const unanswered = new StreamRecording(page(), { folder: dir, startTimeoutMs: 100 });
  await assert.rejects(unanswered.start(), /nobody chose a screen to share within 0 s/);

  const empty = new StreamRecording(page(), { folder: dir });
  const emptyStart = empty.start();
  empty.started();
  await emptyStart;
  await empty.finished(null);
  await assert.rejects(empty.done, /no video arrived from the shared screen/);
  assert.deepEqual(await readdir(dir), []);
});

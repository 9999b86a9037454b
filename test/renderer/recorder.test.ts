/**
 * The hidden recorder page (GNOME/KDE Wayland recording) in Chromium, driving the real Node side: a
 * StreamRecording whose "window" is this page. Chromium's synthetic screen (--use-fake-device-for-media-stream)
 * stands in for the desktop's ScreenCast portal, which Electron would ask; MediaRecorder's WebM goes through
 * the test bridge, chunk by chunk, into the captures folder, and ffmpeg makes the mp4, checked by ffprobe.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findOnPath } from '../../main/capture/ffmpeg-path.ts';
import {
  RecordingCancelledError,
  StreamRecording,
  type StreamRecordingOptions,
} from '../../main/capture/stream-recording.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type OpenPage,
  type RendererHarness,
  type TestApi,
} from '../helpers/renderer-page.ts';

const skip = CHROMIUM_MISSING || (!findOnPath('ffprobe') && 'ffmpeg is not installed (apt install ffmpeg)');

/** The size of the video the page sent: its chunks, joined, as ffprobe reads them. */
async function sentSize(open: OpenPage, folder: string): Promise<[number, number]> {
  const chunks = open.calls.filter(([m]) => m === 'recorderChunk').map(([, [bytes]]) => bytes as Uint8Array);
  const file = path.join(folder, '..', `${path.basename(folder)}-sent.webm`);
  await writeFile(file, Buffer.concat(chunks));
  const probe = await probeVideo(file);
  assert.match(probe.format, /webm/);
  return [probe.width, probe.height];
}

const even = (n: number): number => n - (n % 2);

/** Refuses getDisplayMedia as a declined share dialog does. */
function declineShare(): void {
  navigator.mediaDevices.getDisplayMedia = () =>
    Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
}

describe('recorder page', { skip }, () => {
  let harness: RendererHarness;
  before(async () => (harness = await startRendererHarness()));
  after(() => harness?.close());

  /** A StreamRecording whose page is the recorder page in Chromium, its reports forwarded as IPC would. */
  function recordThroughPage(options: StreamRecordingOptions, init?: () => void) {
    let opening: Promise<OpenPage> | undefined;
    const recording = new StreamRecording(
      {
        open: () => {
          opening = harness.open('recorder', api, { waitReady: false, init });
        },
        stop: () => void harness.emit('recorderStop', null),
        close: () => void opening?.then((o) => o.close()),
      },
      options,
    );
    const api: Partial<TestApi> = {
      getRecorderRequest: async () => recording.request,
      recorderStarted: async () => recording.started(),
      recorderChunk: (bytes) => recording.chunk(bytes),
      recorderFinished: (error) => recording.finished(error),
    };
    return { recording, opened: () => opening! };
  }

  it('records the shared screen into an H.264 mp4 of the recorded length', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    const { recording, opened } = recordThroughPage({ folder, pattern: 'Screen', fps: 30 });
    await recording.start(); // the page shared the screen and MediaRecorder runs
    const open = await opened();
    await open.page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Recording'));
    assert.deepEqual(await accessibilityViolations(open.page), []);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const result = await recording.stop();
    const chunks = open.calls.filter(([m]) => m === 'recorderChunk').length;
    assert.ok(chunks >= 3, `one chunk a second: ${chunks}`);
    assert.equal(open.calls.at(-1)?.[0], 'recorderFinished', 'the last chunk came before finished');
    assert.deepEqual(open.calls.at(-1)?.[1], [null]);
    const probe = await probeVideo(result.path);
    assert.equal(probe.codec, 'h264');
    const [width, height] = await sentSize(open, folder);
    assert.deepEqual([probe.width, probe.height], [even(width), even(height)]);
    assert.ok(Math.abs(probe.duration - 3) < 0.8, `duration ${probe.duration} s`);
    assert.deepEqual(await readdir(folder), ['Screen.mp4']);
    assert.deepEqual(await pageProblems(open), []);
  });

  it('a region is cropped out of the shared screen, whatever size the stream has', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    // the top-left quarter of the display, whose DIP size need not be the stream's pixels
    const region = { selection: { x: 0, y: 0, width: 500, height: 300 }, display: { width: 1000, height: 600 } };
    const { recording, opened } = recordThroughPage({ folder, fps: 15, region });
    await recording.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const probe = await probeVideo((await recording.stop()).path);
    const [width, height] = await sentSize(await opened(), folder);
    assert.deepEqual([probe.width, probe.height], [even(Math.trunc(width / 2)), even(Math.trunc(height / 2))]);
  });

  it('a declined share dialog is a cancel: no recording, nothing left in the folder', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    const { recording, opened } = recordThroughPage({ folder }, declineShare);
    await assert.rejects(recording.start(), RecordingCancelledError);
    const open = await opened();
    assert.deepEqual(
      open.calls.map(([m]) => m),
      ['getRecorderRequest', 'recorderFinished'],
    );
    assert.deepEqual(open.calls[1]![1], ['cancelled']);
    assert.deepEqual(await readdir(folder), []);
  });
});

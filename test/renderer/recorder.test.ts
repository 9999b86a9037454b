/**
 * The hidden recorder page (GNOME/KDE Wayland recording) in Chromium, driving the real Node side: a
 * StreamRecording whose "window" is this page. Chromium's synthetic screen (--use-fake-device-for-media-stream)
 * stands in for the desktop's ScreenCast portal, which Electron would ask; MediaRecorder's WebM goes through
 * the test bridge, chunk by chunk, into the captures folder, and ffmpeg makes the mp4, checked by ffprobe.
 * The same flag gives getUserMedia a fake microphone (a beep every second) for "Record the microphone":
 * Opus in the WebM, AAC in the mp4; a microphone that cannot be opened fails the recording, saying what to do.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RecordingError } from '../../main/capture/recorder.ts';
import {
  RecordingCancelledError,
  StreamRecording,
  type StreamRecordingOptions,
} from '../../main/capture/stream-recording.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { probeAudio, volumeDb } from '../helpers/audio.ts';
import { probeVideo, streamNames } from '../helpers/ffprobe.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type OpenPage,
  type RendererHarness,
  type TestApi,
} from '../helpers/renderer-page.ts';

const skip = CHROMIUM_MISSING || skipUnless(command('ffprobe'));

/** The WebM the page sent: its chunks, joined, in a file next to the captures folder. */
async function sentFile(open: OpenPage, folder: string): Promise<string> {
  const chunks = open.calls.filter(([m]) => m === 'recorderChunk').map(([, [bytes]]) => bytes as Uint8Array);
  const file = path.join(folder, '..', `${path.basename(folder)}-sent.webm`);
  await writeFile(file, Buffer.concat(chunks));
  return file;
}

/** The size of the video the page sent, as ffprobe reads it. */
async function sentSize(open: OpenPage, folder: string): Promise<[number, number]> {
  const probe = await probeVideo(await sentFile(open, folder));
  assert.match(probe.format, /webm/);
  return [probe.width, probe.height];
}

const even = (n: number): number => n - (n % 2);

/** Refuses getDisplayMedia as a declined share dialog does. */
function declineShare(): void {
  navigator.mediaDevices.getDisplayMedia = () =>
    Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
}

/** What the page asked of getUserMedia, and every stream it got (screen and microphone), for mediaState. */
interface MediaSpy {
  userMedia: MediaStreamConstraints[];
  streams: MediaStream[];
}

/**
 * Watches the page's getDisplayMedia and getUserMedia (Chromium's fake screen and microphone answer). With
 * `refusal`, a DOMException name, getUserMedia rejects with it instead: NotFoundError as Chromium does without a
 * microphone, NotAllowedError when it is refused.
 */
function spyOnMedia(refusal?: string): void {
  const spy: MediaSpy = { userMedia: [], streams: [] };
  Object.defineProperty(window, '__media', { value: spy });
  const devices = navigator.mediaDevices;
  const display = devices.getDisplayMedia.bind(devices);
  const user = devices.getUserMedia.bind(devices);
  devices.getDisplayMedia = async (constraints) => {
    const stream = await display(constraints);
    spy.streams.push(stream);
    return stream;
  };
  devices.getUserMedia = async (constraints) => {
    spy.userMedia.push(constraints!);
    if (refusal)
      throw new DOMException(refusal === 'NotFoundError' ? 'Requested device not found' : 'Permission denied', refusal);
    const stream = await user(constraints);
    spy.streams.push(stream);
    return stream;
  };
}

interface MediaState {
  userMedia: MediaStreamConstraints[];
  /** Every track the page got, "kind readyState": "video ended", "audio live"... */
  tracks: string[];
  status: string;
}

/** What the spy saw, read just before the recording closes the page (undefined: no spy in this page). */
async function mediaState(open: OpenPage): Promise<MediaState | undefined> {
  return open.page.evaluate(() => {
    const spy = (window as unknown as { __media?: MediaSpy }).__media;
    if (!spy) return undefined;
    return {
      userMedia: spy.userMedia,
      tracks: spy.streams.flatMap((stream) => stream.getTracks()).map((t) => `${t.kind} ${t.readyState}`),
      status: document.querySelector('#status')?.textContent ?? '',
    };
  });
}

describe('recorder page', { skip }, () => {
  let harness: RendererHarness;
  before(async () => (harness = await startRendererHarness()));
  after(() => harness?.close());

  /** A StreamRecording whose page is the recorder page in Chromium, its reports forwarded as IPC would. */
  function recordThroughPage(options: StreamRecordingOptions, init?: (arg?: string) => void, initArg?: string) {
    let opening: Promise<OpenPage> | undefined;
    let closing: Promise<MediaState | undefined> | undefined;
    const recording = new StreamRecording(
      {
        open: () => {
          opening = harness.open('recorder', api, { waitReady: false, init, initArg });
        },
        stop: () => void harness.emit('recorderStop', null),
        close: () => {
          // with a spy in the page: what it saw, just before the page goes
          closing = opening?.then(async (o) => {
            const state = await mediaState(o).catch(() => undefined);
            await o.close();
            return state;
          });
        },
      },
      options,
    );
    const api: Partial<TestApi> = {
      getRecorderRequest: async () => recording.request,
      recorderStarted: async () => recording.started(),
      recorderChunk: (bytes) => recording.chunk(bytes),
      recorderFinished: (error) => recording.finished(error),
    };
    return { recording, opened: () => opening!, closed: () => closing! };
  }

  it('records the shared screen into an H.264 mp4 of the recorded length', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    const { recording, opened, closed } = recordThroughPage({ folder, pattern: 'Screen', fps: 30 }, spyOnMedia);
    assert.equal(recording.request.microphone, false);
    const asked = performance.now();
    await recording.start(); // the page shared the screen and MediaRecorder runs
    const open = await opened();
    await open.page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Recording'));
    const recordingSince = performance.now();
    assert.deepEqual(await accessibilityViolations(open.page), []);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const stopAsked = performance.now();
    const result = await recording.stop();
    const stopped = performance.now();
    const chunks = open.calls.filter(([m]) => m === 'recorderChunk').length;
    assert.ok(chunks >= 3, `one chunk a second: ${chunks}`);
    assert.equal(open.calls.at(-1)?.[0], 'recorderFinished', 'the last chunk came before finished');
    assert.deepEqual(open.calls.at(-1)?.[1], [null]);
    const probe = await probeVideo(result.path);
    assert.equal(probe.codec, 'h264');
    const [width, height] = await sentSize(open, folder);
    assert.deepEqual([probe.width, probe.height], [even(width), even(height)]);
    // as long as it really recorded: at least from "Recording" to the stop, at most from the start to the stop's
    // end (a loaded machine stretches the 3 s sleep, so the bounds are measured, not assumed)
    const [least, most] = [(stopAsked - recordingSince) / 1000 - 0.8, (stopped - asked) / 1000 + 0.5];
    assert.ok(
      probe.duration >= least && probe.duration <= most,
      `duration ${probe.duration} s, not in [${least}, ${most}]`,
    );
    assert.deepEqual(await readdir(folder), ['Screen.mp4']);
    assert.deepEqual(await pageProblems(open), []);
    // no microphone asked for: not opened, and no sound in either file
    const media = await closed();
    assert.deepEqual(media?.userMedia, [], 'getUserMedia was not called');
    assert.deepEqual(media?.tracks, ['video ended']);
    assert.deepEqual(
      (await streamNames(await sentFile(open, folder))).map((st) => st.split(' ')[0]),
      ['video'],
    );
    assert.deepEqual(await streamNames(result.path), ['video h264']);
  });

  it('with the microphone: Opus sound in the WebM, AAC in the mp4, and the microphone closed after', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    const options = { folder, pattern: 'Voice', fps: 30, microphone: 'default' };
    const { recording, opened, closed } = recordThroughPage(options, spyOnMedia);
    assert.equal(recording.request.microphone, true);
    const asked = performance.now();
    await recording.start();
    const open = await opened();
    await open.page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('microphone'));
    const recordingSince = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const stopAsked = performance.now();
    const result = await recording.stop();
    const stopped = performance.now();
    assert.deepEqual(open.calls.at(-1), ['recorderFinished', [null]]);

    const sent = await sentFile(open, folder);
    const webm = await streamNames(sent);
    assert.equal(webm.length, 2, webm.join());
    assert.match(webm.find((st) => st.startsWith('video')) ?? '', /^video vp[89]$/);
    assert.ok(webm.includes('audio opus'), webm.join());

    assert.deepEqual((await streamNames(result.path)).sort(), ['audio aac', 'video h264']);
    const sound = await probeAudio(result.path);
    // measured bounds, as for the picture above
    const [least, most] = [(stopAsked - recordingSince) / 1000 - 0.8, (stopped - asked) / 1000 + 0.5];
    assert.ok(
      sound.duration >= least && sound.duration <= most,
      `sound of ${sound.duration} s, not in [${least}, ${most}]`,
    );
    // Chromium's fake microphone beeps: the sound is there, not silence
    const { max } = await volumeDb(result.path);
    assert.ok(max > -30, `loudest ${max} dB`);
    assert.equal((await probeVideo(result.path)).codec, 'h264');
    assert.deepEqual(await readdir(folder), ['Voice.mp4']);

    const media = await closed();
    assert.deepEqual(media?.userMedia, [
      { audio: { echoCancellation: false, noiseSuppression: true, autoGainControl: false }, video: false },
    ]);
    assert.deepEqual(media?.tracks, ['video ended', 'audio ended'], 'the screen and the microphone are let go');
    assert.deepEqual(await pageProblems(open), []);
  });

  it('a microphone that cannot be opened fails the recording, saying what to do; the screen is let go', async () => {
    for (const [refusal, reason] of [
      ['NotFoundError', /\(no microphone was found\): connect one, or turn off "Record the microphone" in Settings/],
      ['NotAllowedError', /\(Traydrop may not use it\): allow Traydrop to use it .*, or turn off "Record the/],
    ] as const) {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
      const { recording, opened, closed } = recordThroughPage({ folder, microphone: 'default' }, spyOnMedia, refusal);
      await assert.rejects(
        recording.start(),
        (e: Error) =>
          e instanceof RecordingError &&
          !(e instanceof RecordingCancelledError) &&
          /^the screen could not be recorded: the microphone could not be opened/.test(e.message),
      );
      const open = await opened();
      assert.deepEqual(
        open.calls.map(([m]) => m),
        ['getRecorderRequest', 'recorderFinished'],
        'no recording started, no chunk sent',
      );
      const [sentence] = open.calls[1]![1] as [string];
      assert.match(sentence, /^the microphone could not be opened /);
      assert.match(sentence, reason);
      const media = await closed();
      assert.equal(media?.userMedia.length, 1, 'the microphone was asked for');
      assert.deepEqual(media?.tracks, ['video ended'], 'the shared screen is let go');
      assert.equal(media?.status, 'The microphone could not be opened.');
      assert.deepEqual(await readdir(folder), []);
      assert.deepEqual(await pageProblems(open), []);
    }
  });

  it('a region is cropped out of the shared screen, whatever size the stream has', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    // the top-left quarter of the display, whose DIP size need not be the stream's pixels
    const region = { selection: { x: 0, y: 0, width: 500, height: 300 }, display: { width: 1000, height: 600 } };
    const { recording, opened, closed } = recordThroughPage({ folder, fps: 15, region });
    await recording.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const probe = await probeVideo((await recording.stop()).path);
    const [width, height] = await sentSize(await opened(), folder);
    assert.deepEqual([probe.width, probe.height], [even(Math.trunc(width / 2)), even(Math.trunc(height / 2))]);
    await closed(); // the page is closed before the test ends, not after (a loaded machine let it outlive the test)
  });

  it('a declined share dialog is a cancel: no recording, nothing left in the folder', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-recorder-page-'));
    const { recording, opened, closed } = recordThroughPage({ folder }, declineShare);
    await assert.rejects(recording.start(), RecordingCancelledError);
    const open = await opened();
    assert.deepEqual(
      open.calls.map(([m]) => m),
      ['getRecorderRequest', 'recorderFinished'],
    );
    assert.deepEqual(open.calls[1]![1], ['cancelled']);
    assert.deepEqual(await readdir(folder), []);
    await closed();
  });
});

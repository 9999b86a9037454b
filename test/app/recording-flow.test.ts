/**
 * Recording through the app's glue with the ffmpeg back-end (X11): Record screen → the HUD shows and the tray
 * says so → Stop → the mp4 and, with the GIF setting on, a GIF made by the real converter are queued with
 * their links; not paired, the recording is kept on disk and the user is told what to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { convertToGif } from '../../main/capture/gif.ts';
import type { RecordingState } from '../../common/ipc-contract.ts';
import type { Recording, RecordingOptions } from '../../main/capture/recorder.ts';
import { tempCapturePath, publishCapture } from '../../main/capture/save-capture.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { testWebm } from '../helpers/webm.ts';
import { startFixture } from './app-fixture.ts';
import { FakeWindow } from './fake-electron.ts';

const skip = skipUnless(command('ffmpeg'));

/** A recorder that "records" a real 1 s clip (an mp4 made from ffmpeg's test picture) into the captures folder. */
function clipRecorder(clip: string) {
  const started: RecordingOptions[] = [];
  const startRecording = async (options: RecordingOptions): Promise<Recording> => {
    started.push(options);
    let resolve!: (r: Awaited<Recording['done']>) => void;
    const done = new Promise<Awaited<Recording['done']>>((r) => (resolve = r));
    const stop = async () => {
      const temp = await tempCapturePath(options.folder, '.mp4');
      await copyFile(clip, temp);
      const file = await publishCapture(temp, { folder: options.folder, kind: 'recording', extension: '.mp4' });
      resolve({ path: file, bytes: 1, startedAt: new Date(), wallMs: 1000, endedBy: 'stop' });
      return done;
    };
    return { pid: 1, stop, done };
  };
  return { started, startRecording };
}

async function clip(dir: string): Promise<string> {
  const webm = path.join(dir, 'clip.webm');
  await writeFile(webm, await testWebm('320x240', 1));
  const mp4 = path.join(dir, 'clip.mp4');
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', webm, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', mp4]);
  return mp4;
}

test('Record screen → HUD and tray → Stop → the mp4 and its GIF are queued with their links', { skip }, async () => {
  const recorder = clipRecorder(await clip(await mkdtemp(path.join(os.tmpdir(), 'traydrop-clip-'))));
  const fx = await startFixture({ capture: { startRecording: recorder.startRecording, convertToGif } });
  try {
    await fx.invoke('saveSettings', [{ recording: { gif: true, gifMaxMegabytes: 5, fps: 24 } }]);
    assert.equal(await fx.app.actions.recordScreen(), true);
    assert.equal(recorder.started[0]?.fps, 24);
    assert.equal(recorder.started[0]?.region, undefined);
    assert.ok(
      FakeWindow.all.some((w) => w.loaded?.file.includes('recording-hud') && !w.destroyed),
      'the HUD',
    );
    assert.ok(
      fx.fake.menus.at(-1)!.template.some((i) => i.id === 'stopRecording'),
      'the tray offers Stop',
    );
    assert.match(fx.fake.tooltips.at(-1) ?? '', /recording/);
    await fx.app.actions.stopRecording();
    const jobs = fx.app.queue.journal.list();
    assert.deepEqual(
      jobs.map((j) => [j.kind, path.extname(j.source)]),
      [
        ['recording', '.mp4'],
        ['recording', '.gif'],
      ],
    );
    assert.ok(jobs.every((j) => existsSync(j.source)));
    assert.ok(fx.fake.clipboardWrites.includes(jobs[0]!.url), 'the mp4 link was copied');
    assert.equal(FakeWindow.all.filter((w) => w.loaded?.file.includes('recording-hud') && !w.destroyed).length, 0);
    assert.ok(
      fx.fake.menus.at(-1)!.template.some((i) => i.id === 'recordScreen'),
      'the tray is back to Record',
    );
  } finally {
    await fx.close();
  }
});

test('not paired: the recording is kept in the captures folder and the user is told to pair', { skip }, async () => {
  const recorder = clipRecorder(await clip(await mkdtemp(path.join(os.tmpdir(), 'traydrop-clip-'))));
  const unpaired = await startFixture({ paired: false, capture: { startRecording: recorder.startRecording } });
  try {
    assert.equal(await unpaired.app.actions.recordScreen(), true);
    await unpaired.app.actions.stopRecording();
    const kept = (await readdir(unpaired.captures)).filter((n) => n.endsWith('.mp4'));
    assert.equal(kept.length, 1, 'nothing lost');
    assert.ok(
      unpaired.fake.notifications.some((n) => n.title === 'Traydrop: recording failed' && /not paired/.test(n.body)),
      JSON.stringify(unpaired.fake.notifications),
    );
  } finally {
    await unpaired.close();
  }
});

test(
  'the microphone: the setting turns it on; `record start --microphone`/`--no-microphone` decide for one recording',
  { skip },
  async () => {
    const recorder = clipRecorder(await clip(await mkdtemp(path.join(os.tmpdir(), 'traydrop-clip-'))));
    const fx = await startFixture({ capture: { startRecording: recorder.startRecording } });
    try {
      const said: string[] = [];
      const once = async (argv: string[]): Promise<RecordingOptions> => {
        await fx.app.handleArgv(['/usr/bin/traydrop', ...argv], '/');
        const state = (await fx.invoke('getRecordingState', [])) as RecordingState;
        said.push(`${state.microphone} ${fx.fake.tooltips.at(-1)}`); // what the HUD and the tray say
        await fx.app.actions.stopRecording();
        return recorder.started.at(-1)!;
      };
      assert.equal((await once(['record', 'start'])).microphone, undefined, 'off by default');
      assert.equal((await once(['record', 'start', '--microphone'])).microphone, 'default');
      await fx.invoke('saveSettings', [{ recording: { microphone: true } }]);
      assert.equal((await once(['record', 'start'])).microphone, 'default', 'the setting');
      assert.equal((await once(['record', 'start', 'screen', '--no-microphone'])).microphone, undefined);
      assert.equal(recorder.started.length, 4);
      assert.deepEqual(said, [
        'false Traydrop: recording…',
        'true Traydrop: recording with the microphone…',
        'true Traydrop: recording with the microphone…',
        'false Traydrop: recording…',
      ]);
    } finally {
      await fx.close();
    }
  },
);

/**
 * Headless captures from the command line, as a Wayland or minimal-WM user binds them to shortcuts:
 * `traydrop capture screen` and `traydrop record start` / `record stop` with no app running, on a real
 * X display (Xvfb), through the durable queue to the real server and RGW.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { decodePng } from '../../main/capture/png.ts';
import { RECORDING_FILE } from '../../main/cli/commands/record.ts';
import { probeAudio } from '../helpers/audio.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import { hasPulseaudio, startPulse } from '../helpers/pulse.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { hasXvfb, startXvfb, type Xvfb } from '../helpers/xvfb.ts';

const exec = promisify(execFile);
const skip = hasXvfb() ? false : 'Xvfb is not installed';
let server: TestServer;
let x: Xvfb;
let configDir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  if (skip) return;
  server = await startTestServer();
  x = await startXvfb('800x600x24');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-headless-'));
  configDir = path.join(dir, 'profile');
  env = { DISPLAY: x.display, HOME: dir };
  await exec('xsetroot', ['-solid', '#00ff00'], { env: { ...process.env, DISPLAY: x.display } });
  assert.equal(
    (await runCli(['login', server.url, await server.createToken(uniqueUserId('headless'))], { configDir })).code,
    0,
  );
  // captures go to a folder of this test, not the user's Pictures
  await writeFile(
    path.join(configDir, 'settings.json'),
    JSON.stringify({ capturesFolder: path.join(dir, 'captures') }),
  );
});
after(async () => {
  await x?.stop();
  await server?.close();
});

const raw = (url: string) => fetch(url.replace(server.config.shareBaseUrl, server.url) + '/raw');

/**
 * `traydrop record start <args>` with no app, stopped by `traydrop record stop` after `seconds`: the uploaded mp4,
 * fetched through its link into `name` in the profile folder.
 */
async function recordThroughCli(
  args: string[],
  seconds: number,
  name: string,
  recordEnv: NodeJS.ProcessEnv = env,
): Promise<{ file: string; contentType: string | null }> {
  const recording = runCli(['record', 'start', ...args, '--no-copy'], { configDir, env: recordEnv });
  // recording.json is written once ffmpeg runs (a loaded machine takes seconds to get there)
  for (const started = Date.now(); !existsSync(path.join(configDir, RECORDING_FILE)); await sleep(50)) {
    if (Date.now() - started > 60_000) assert.fail('record start never began recording');
  }
  await sleep(seconds * 1000);
  const stop = await runCli(['record', 'stop'], { configDir, env });
  assert.equal(stop.code, 0, stop.stderr);
  const run = await recording;
  assert.equal(run.code, 0, run.stderr);
  const response = await raw(run.stdout.trim());
  const file = path.join(configDir, name);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  return { file, contentType: response.headers.get('content-type') };
}

test('capture screen: a PNG of the display is saved, uploaded, and its link served', { skip }, async () => {
  const run = await runCli(['capture', 'screen', '--no-copy'], { configDir, env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Saved .*\.png \(800×600\)/);
  const png = decodePng(Buffer.from(await (await raw(run.stdout.trim())).arrayBuffer()));
  assert.equal(png.width, 800);
  assert.equal(png.height, 600);
  const i = (300 * 800 + 400) * 4;
  assert.deepEqual([...png.data.subarray(i, i + 3)], [0, 255, 0], 'the pixels of the display');
});

test(
  'capture region --geometry on X11: that rectangle of the display; bad or misplaced geometry is a usage error',
  { skip },
  async () => {
    const run = await runCli(['capture', 'region', '--geometry', '100,50 200x120', '--no-copy'], { configDir, env });
    assert.equal(run.code, 0, run.stderr);
    const png = decodePng(Buffer.from(await (await raw(run.stdout.trim())).arrayBuffer()));
    assert.deepEqual([png.width, png.height], [200, 120]);
    assert.deepEqual([...png.data.subarray(0, 3)], [0, 255, 0]);
    const bad = await runCli(['capture', 'region', '--geometry', '100,50', '--no-copy'], { configDir, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a geometry "X,Y WxH"/);
    const misplaced = await runCli(['capture', 'screen', '--geometry', '0,0 10x10'], { configDir, env });
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /--geometry goes with `capture region`/);
    const none = await runCli(['capture', 'region', '--no-app'], { configDir, env });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--geometry "X,Y WxH"/, 'without the app or slurp, it says how to give the region');
  },
);

test(
  'capture screen: the link is on the clipboard as soon as it is known (early copy), or once uploaded',
  { skip },
  async () => {
    const xenv = { ...process.env, DISPLAY: x.display };
    const clipboard = async () => (await exec('xclip', ['-o', '-selection', 'clipboard'], { env: xenv })).stdout;
    const settingsFile = path.join(configDir, 'settings.json');
    const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as Record<string, unknown>;

    const early = await runCli(['capture', 'screen'], { configDir, env });
    assert.equal(early.code, 0, early.stderr);
    assert.match(early.stderr, /Link copied to the clipboard; uploading…/);
    assert.doesNotMatch(early.stderr, /will not work/);
    assert.equal((await clipboard()).trim(), early.stdout.trim());
    assert.equal((await raw(early.stdout.trim())).status, 200);

    await writeFile(settingsFile, JSON.stringify({ ...settings, earlyCopy: { screenshot: false } }));
    try {
      const late = await runCli(['capture', 'screen'], { configDir, env });
      assert.equal(late.code, 0, late.stderr);
      assert.doesNotMatch(late.stderr, /uploading…/);
      assert.match(late.stderr, /Link copied to the clipboard\./);
      assert.equal((await clipboard()).trim(), late.stdout.trim());
      assert.notEqual(late.stdout.trim(), early.stdout.trim());
    } finally {
      await writeFile(settingsFile, JSON.stringify(settings));
    }
  },
);

test('record start … record stop: an mp4 of about the time between them is uploaded', { skip }, async () => {
  const { file, contentType } = await recordThroughCli([], 2, 'fetched.mp4');
  assert.equal(contentType, 'video/mp4');
  const probe = await probeVideo(file);
  assert.equal(probe.codec, 'h264');
  assert.equal(probe.width, 800);
  assert.ok(probe.duration > 1 && probe.duration < 6, `duration ${probe.duration} s`);
});

test('record start region --geometry: an mp4 of that rectangle of the X screen', { skip }, async () => {
  const { file } = await recordThroughCli(['region', '--geometry', '100,100 200x150'], 1.5, 'region.mp4');
  const probe = await probeVideo(file);
  assert.deepEqual([probe.width, probe.height], [200, 150]);
  const misplaced = await runCli(['record', 'start', '--geometry', '0,0 10x10'], { configDir, env });
  assert.equal(misplaced.code, 2);
  assert.match(misplaced.stderr, /--geometry goes with `record start region`/);
});

test(
  'record start --microphone: the uploaded mp4 has the sound; without a sound server it says what to do',
  { skip: skip || (hasPulseaudio() ? false : 'pulseaudio is not installed') },
  async () => {
    const pulse = await startPulse();
    try {
      const { file } = await recordThroughCli(['--microphone'], 1.5, 'with-sound.mp4', { ...env, ...pulse.env });
      assert.deepEqual((await probeAudio(file)).codecs, ['aac']);
    } finally {
      await pulse.stop();
    }

    const silent = { ...env, PULSE_SERVER: `unix:${path.join(configDir, 'no-such-socket')}` };
    const failed = await runCli(['record', 'start', '--microphone', '--no-copy'], { configDir, env: silent });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /the microphone could not be opened \(default: .+\): .*--no-microphone/);
    assert.equal(existsSync(path.join(configDir, RECORDING_FILE)), false);

    const both = await runCli(['record', 'start', '--microphone', '--no-microphone'], { configDir, env });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--microphone or --no-microphone, not both/);
    const onStop = await runCli(['record', 'stop', '--microphone'], { configDir, env });
    assert.equal(onStop.code, 2);
  },
);

/**
 * Screenshots on Wayland, for real: a headless Sway (wlroots) at scale 2 shows a four-colour picture; the
 * session's back-end (grim) captures the output, a region given in logical pixels and the focused window,
 * and the CLI shares a region given as slurp prints it; wf-recorder records it. Skipped where sway, swaybg or
 * grim (or, for recording, wf-recorder) are missing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { grimBackend, NO_SCREENCOPY, parseGeometry } from '../../main/capture/grim-backend.ts';
import { decodePng, encodePng, type RgbaImage } from '../../main/capture/png.ts';
import { captureRegion, captureScreen, captureSelection, captureWindow } from '../../main/capture/screenshot.ts';
import { platformScreenshotBackend } from '../../main/capture/screenshot-platform.ts';
import { platformWindowBackend } from '../../main/capture/window-capture.ts';
import { capturingProfile } from '../helpers/cli-profile.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { hasCommands, hasSway, startSway, type Sway } from '../helpers/sway.ts';
import { startRecording } from '../../main/capture/recorder.ts';
import { listVisibleWindows } from '../../main/capture/visible-windows.ts';
import { probeVideo } from '../helpers/ffprobe.ts';
import { probeAudio, volumeDb } from '../helpers/audio.ts';
import { hasPulseaudio, startPulse } from '../helpers/pulse.ts';
import { waitFor } from '../helpers/wait-for.ts';

const hasWfRecorder = hasCommands('wf-recorder', 'ffprobe');

const skip = hasSway() ? false : 'needs sway, swaybg and grim (apt install sway swaybg grim)';

const W = 1280; // physical pixels of the output; at scale 2 the layout is 640x360
const H = 720;
const RED = [220, 30, 40];
const GREEN = [30, 180, 60];
const BLUE = [40, 60, 220];
const WHITE = [250, 250, 250];

/** Four quadrants: red top left, green top right, blue bottom left, white bottom right. */
function quadrants(): RgbaImage {
  const data = Buffer.alloc(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const rgb = y < H / 2 ? (x < W / 2 ? RED : GREEN) : x < W / 2 ? BLUE : WHITE;
      data.set([...rgb, 255], (y * W + x) * 4);
    }
  return { width: W, height: H, data };
}

function pixel(png: Buffer, x: number, y: number): number[] {
  const image = decodePng(png);
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 3)];
}

/** A fresh folder holding the four-quadrant picture. */
function quadrantsPicture(): { dir: string; picture: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-wayland-'));
  const picture = path.join(dir, 'quadrants.png');
  writeFileSync(picture, encodePng(quadrants()));
  return { dir, picture };
}

/** The four colours in their quadrants of `png`, looked at `inset` pixels in from each corner. */
function assertQuadrants(png: Buffer, inset: number): void {
  const { width, height } = decodePng(png);
  assert.deepEqual(pixel(png, inset, inset), RED);
  assert.deepEqual(pixel(png, width - inset, inset), GREEN);
  assert.deepEqual(pixel(png, inset, height - inset), BLUE);
  assert.deepEqual(pixel(png, width - inset, height - inset), WHITE);
}

describe('Wayland screenshots (headless Sway, scale 2)', { skip }, () => {
  let sway: Sway;
  let dir: string;
  before(async () => {
    const made = quadrantsPicture();
    dir = made.dir;
    sway = await startSway({ width: W, height: H, scale: 2, picture: made.picture });
  });
  after(() => sway?.stop());

  it('the session picks grim; the output is captured at its physical size, pixel for pixel', async () => {
    const backend = platformScreenshotBackend(sway.env, 'linux');
    const displays = await backend.listDisplays();
    assert.deepEqual(displays, [
      { id: 'HEADLESS-1', name: 'HEADLESS-1', primary: true, bounds: { x: 0, y: 0, width: W, height: H } },
    ]);
    const [shot] = await captureScreen({ folder: dir }, { backend });
    assert.equal(shot!.width, W);
    assert.equal(shot!.height, H);
    const png = await readFile(shot!.path);
    assertQuadrants(png, 100);
  });

  it('a region in logical pixels comes out at the scale: 80x60 across the centre is 160x120 of four colours', async () => {
    const png = await grimBackend(sway.env).captureGeometry(parseGeometry('280,150 80x60'));
    const image = decodePng(png);
    assert.deepEqual([image.width, image.height], [160, 120]);
    assertQuadrants(png, 10);
  });

  it('captureRegion crops a display capture in physical pixels; the focused window (here the workspace) too', async () => {
    const backend = platformScreenshotBackend(sway.env, 'linux');
    const region = await captureRegion(
      { folder: dir },
      { rect: { x: W - 200, y: 0, width: 200, height: 100 }, backend },
    );
    assert.deepEqual([region.width, region.height], [200, 100]);
    assert.deepEqual(pixel(await readFile(region.path), 100, 50), GREEN);
    const window = await captureWindow({ folder: dir }, { backend: platformWindowBackend('linux', sway.env) });
    assert.deepEqual([window.width, window.height], [W, H], 'an empty workspace is the whole output');
  });

  it("the region selector's selection (Electron's DIP displays at scale 2) is cropped from the right pixels", async () => {
    const displays = [{ id: 7, bounds: { x: 0, y: 0, width: 640, height: 360 }, scaleFactor: 2 }];
    const shot = await captureSelection(
      { folder: dir },
      {
        selection: { x: 300, y: 160, width: 40, height: 40 },
        displays,
        primaryId: 7,
        backend: platformScreenshotBackend(sway.env, 'linux'),
      },
    );
    assert.deepEqual([shot.width, shot.height], [80, 80]);
    const png = await readFile(shot.path);
    assert.deepEqual(pixel(png, 10, 10), RED);
    assert.deepEqual(pixel(png, 70, 70), WHITE);
  });

  it('a compositor without screencopy or an unreachable display gives an error that says what to do', async () => {
    const gone = grimBackend({ ...sway.env, WAYLAND_DISPLAY: 'wayland-none' });
    await assert.rejects(gone.captureDisplay('all'), /cannot reach the Wayland display/);
    assert.match(NO_SCREENCOPY, /watched folder/);
    assert.throws(() => parseGeometry('10,10 0x5'), /not a geometry/);
    assert.throws(() => parseGeometry('$(rm -rf /)'), /not a geometry/);
  });

  it(
    'records the screen with wf-recorder: an H.264 mp4 of the output, about as long as asked, index first',
    { skip: hasWfRecorder ? false : 'needs wf-recorder' },
    async () => {
      const recording = await startRecording({ folder: dir, env: sway.env, fps: 15 });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const result = await recording.stop();
      assert.equal(result.endedBy, 'stop');
      const probe = await probeVideo(result.path);
      assert.equal(probe.codec, 'h264');
      assert.deepEqual([probe.width, probe.height], [W, H]);
      const seconds = probe.duration;
      assert.ok(seconds > 2 && seconds < 4.5, `duration ${seconds} s`);
      const bytes = await readFile(result.path);
      assert.ok(bytes.indexOf('moov') < bytes.indexOf('mdat'), 'moov before mdat (+faststart)');
    },
  );

  it(
    'a region recording (logical pixels) comes out at the scale, and stops by itself at the max duration',
    { skip: hasWfRecorder ? false : 'needs wf-recorder' },
    async () => {
      const recording = await startRecording({
        folder: dir,
        env: sway.env,
        fps: 15,
        region: { x: 40, y: 20, width: 100, height: 60 },
        maxDurationSec: 2,
      });
      const result = await recording.done;
      assert.equal(result.endedBy, 'max-duration');
      const probe = await probeVideo(result.path);
      assert.deepEqual([probe.width, probe.height], [200, 120]);
    },
  );

  it(
    'with the microphone: wf-recorder records the default PulseAudio source with the screen, audibly',
    { skip: !hasWfRecorder ? 'needs wf-recorder' : !hasPulseaudio() ? 'needs pulseaudio' : false },
    async () => {
      const pulse = await startPulse();
      try {
        const recording = await startRecording({
          folder: dir,
          env: { ...sway.env, ...pulse.env },
          fps: 15,
          microphone: 'default',
        });
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const result = await recording.stop();
        const video = await probeVideo(result.path);
        const audio = await probeAudio(result.path);
        assert.equal(video.codec, 'h264');
        assert.equal(audio.codecs.length, 1, 'one sound track');
        assert.ok(
          Math.abs(audio.duration - video.duration) < 0.5,
          `sound ${audio.duration} s, picture ${video.duration} s`,
        );
        assert.ok((await volumeDb(result.path)).mean > -30, 'the tone is there');
      } finally {
        await pulse.stop();
      }
      // no sound server: wf-recorder would record on without sound (and then ignore SIGINT); the start fails instead
      const before = await readdir(dir);
      const silent = { ...sway.env, PULSE_SERVER: `unix:${path.join(dir, 'no-such-socket')}` };
      await assert.rejects(
        startRecording({ folder: dir, env: silent, fps: 15, microphone: 'default' }),
        /^RecordingError: the microphone could not be opened \(Failed to connect to PulseAudio: .+\): check the system's sound input, or turn off "Record the microphone"/,
      );
      assert.deepEqual(await readdir(dir), before, 'no file is left');
    },
  );

  describe('the CLI, as a Sway key binding runs it', () => {
    let server: TestServer;
    let configDir: string;
    before(async () => {
      server = await startTestServer();
      configDir = await capturingProfile(server, dir, 'wl');
    });
    after(() => server?.close());

    it('`capture region --geometry "X,Y WxH"` (slurp\'s output) uploads that region; the link serves it', async () => {
      const env = { ...sway.env, HOME: dir };
      const run = await runCli(['capture', 'region', '--geometry', '0,180 320x180', '--no-copy', '--no-app'], {
        configDir,
        env,
      });
      assert.equal(run.code, 0, run.stderr);
      const url = run.stdout.trim().replace(server.config.shareBaseUrl, server.url);
      const png = Buffer.from(await (await fetch(`${url}/raw`)).arrayBuffer());
      const image = decodePng(png);
      assert.deepEqual([image.width, image.height], [640, 360], 'the bottom-left quarter at scale 2');
      assert.deepEqual(pixel(png, 320, 180), BLUE);
    });
  });
});

const windowTools = hasCommands('foot', 'wtype', 'slurp') ? false : 'needs foot, wtype and slurp';

describe("Wayland: Sway's windows, to snap to and to pick with slurp (scale 2)", { skip: skip || windowTools }, () => {
  let sway: Sway;
  let dir: string;
  let foot: ReturnType<typeof spawn>;
  before(async () => {
    const made = quadrantsPicture();
    dir = made.dir;
    sway = await startSway({ width: W, height: H, scale: 2, picture: made.picture });
    // a real Wayland window: Sway tiles it over the whole workspace, under its title bar
    foot = spawn('foot', ['-o', 'font=DejaVu Sans Mono:size=8'], { env: sway.env, stdio: 'ignore' });
    await waitFor('the foot window', async () =>
      (await listVisibleWindows(sway.env, 'linux')).length ? true : undefined,
    );
  });
  after(async () => {
    foot?.kill();
    await sway?.stop();
  });

  it('the region selector snaps to the window Sway shows, in physical pixels', async () => {
    const tree = JSON.parse(spawnSync('swaymsg', ['-r', '-t', 'get_tree'], { env: sway.env }).stdout.toString());
    const find = (node: {
      app_id?: string;
      nodes?: unknown[];
    }): { id: number; rect: Record<string, number> } | undefined =>
      node.app_id === 'foot'
        ? (node as { id: number; rect: Record<string, number> })
        : (node.nodes ?? []).map((n) => find(n as typeof node)).find(Boolean);
    const view = find(tree)!;
    const windows = await listVisibleWindows(sway.env, 'linux');
    assert.deepEqual(windows, [
      {
        id: String(view.id),
        x: view.rect.x! * 2,
        y: view.rect.y! * 2,
        width: view.rect.width! * 2,
        height: view.rect.height! * 2,
      },
    ]);
  });

  it('`capture region` without --geometry runs slurp with the windows as boxes and never waits on its stdin', async () => {
    const configDir = path.join(dir, 'profile');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      path.join(configDir, 'config.json'),
      JSON.stringify({ serverUrl: 'http://127.0.0.1:9', userId: 'u1', shareBaseUrl: 'https://share.example.test' }),
    );
    let finished = false;
    const run = runCli(['capture', 'region', '--no-copy', '--no-app'], { configDir, env: { ...sway.env, HOME: dir } });
    void run.then(() => (finished = true));
    // slurp is up once it takes the keyboard: Esc cancels it (tried until it lands, within 20 s)
    for (let i = 0; i < 80 && !finished; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      spawnSync('wtype', ['-k', 'Escape'], { env: sway.env });
    }
    if (!finished) spawnSync('pkill', ['-x', 'slurp']); // let the CLI end, then fail below
    const result = await run;
    assert.equal(finished, true, 'slurp read its boxes, showed, and took Esc');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /no region picked \(slurp failed: selection cancelled\)/);
  });
});

describe('Wayland screenshots at a fractional scale (1.5)', { skip }, () => {
  let sway: Sway;
  before(async () => {
    sway = await startSway({ width: W, height: H, scale: 1.5, picture: quadrantsPicture().picture });
  });
  after(() => sway?.stop());

  it('the layout is the output over 1.5; a region in it comes out at 1.5×, its colours where they belong', async () => {
    const backend = grimBackend(sway.env);
    const [display] = await backend.listDisplays();
    assert.deepEqual(display?.bounds, { x: 0, y: 0, width: W, height: H }, 'physical: 853x480 logical × 1.5');
    const full = decodePng(await backend.captureDisplay());
    assert.deepEqual([full.width, full.height], [W, H]);
    // 200x100 logical around the centre of the 853x480 layout: 300x150 pixels, the centre at (150, 75)
    const png = await backend.captureGeometry(parseGeometry('327,190 200x100'));
    const image = decodePng(png);
    assert.deepEqual([image.width, image.height], [300, 150]);
    assertQuadrants(png, 20);
  });
});

describe('Wayland, two outputs of mixed scale (2 and 1)', { skip }, () => {
  let sway: Sway;
  let dir: string;
  before(async () => {
    const { dir: made, picture: first } = quadrantsPicture();
    dir = made;
    const second = path.join(dir, 'yellow.png');
    const yellow = Buffer.alloc(W * H * 4);
    for (let i = 0; i < yellow.length; i += 4) yellow.set([240, 200, 20, 255], i);
    writeFileSync(second, encodePng({ width: W, height: H, data: yellow }));
    // HEADLESS-1: 640x360 logical at 0,0 (scale 2); HEADLESS-2: 1280x720 logical at 640,0 (scale 1)
    sway = await startSway({
      width: W,
      height: H,
      scale: 2,
      picture: first,
      second: { scale: 1, x: 640, picture: second },
    });
  });
  after(() => sway?.stop());

  it("each output is listed in physical pixels; selections on either display (Electron's DIP) crop the right one", async () => {
    const backend = platformScreenshotBackend(sway.env, 'linux');
    const listed = await backend.listDisplays();
    assert.deepEqual(
      listed.map((d) => [d.id, d.bounds]),
      [
        ['HEADLESS-1', { x: 0, y: 0, width: W, height: H }],
        ['HEADLESS-2', { x: 640, y: 0, width: W, height: H }],
      ],
    );
    const displays = [
      { id: 1, bounds: { x: 0, y: 0, width: 640, height: 360 }, scaleFactor: 2 },
      { id: 2, bounds: { x: 640, y: 0, width: 1280, height: 720 }, scaleFactor: 1 },
    ];
    const onFirst = await captureSelection(
      { folder: dir },
      { selection: { x: 600, y: 300, width: 30, height: 40 }, displays, primaryId: 1, backend },
    );
    assert.deepEqual([onFirst.width, onFirst.height], [60, 80], 'scale 2');
    assert.deepEqual(pixel(await readFile(onFirst.path), 30, 40), WHITE);
    const onSecond = await captureSelection(
      { folder: dir },
      { selection: { x: 1000, y: 100, width: 30, height: 40 }, displays, primaryId: 1, backend },
    );
    assert.deepEqual([onSecond.width, onSecond.height], [30, 40], 'scale 1');
    assert.deepEqual(pixel(await readFile(onSecond.path), 15, 20), [240, 200, 20]);
  });
});

/**
 * Screenshots of a real X server (Xvfb 1920x1080): a red root window and a known 200x200 pattern shown by
 * ImageMagick's `display` at +100+200. Full screen, region, DIP selection at scale 2 and window captures are
 * checked for size and pixels, with our PNG decoder and with ImageMagick's.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasXvfb, startXvfb, type Xvfb } from '../helpers/xvfb.ts';
import { captureRegion, captureScreen, captureSelection, captureWindow } from '../../main/capture/screenshot.ts';
import { decodePng, encodePng, pixelAt, type RgbaImage } from '../../main/capture/png.ts';
import { decodeScreenPng } from '../../main/capture/crop-png-fast.ts';
import type { ScreenshotBackend } from '../../main/capture/screenshot-backend.ts';
import { listVisibleWindows } from '../../main/capture/visible-windows.ts';
import { screenshotDesktopBackend } from '../../main/capture/screenshot-desktop-backend.ts';
import { x11WindowBackend } from '../../main/capture/window-capture.ts';

const exec = promisify(execFile);
const skip = hasXvfb() ? false : 'Xvfb is not installed (apt install xvfb)';
const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 255];
const BLUE = [0, 0, 255, 255];
const WHITE = [255, 255, 255, 255];
const BLACK = [0, 0, 0, 255];

/** 200x100: left half green, right half blue, a white top-left pixel and a black bottom-right one. */
function pattern(): RgbaImage {
  const width = 200;
  const height = 100;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(x < 100 ? GREEN : BLUE, (y * width + x) * 4);
  }
  data.set(WHITE, 0);
  data.set(BLACK, (width * height - 1) * 4);
  return { width, height, data };
}

let x: Xvfb;
let viewer: ChildProcess | undefined;
let windowId = '';
let folder = '';
const env = (): NodeJS.ProcessEnv => ({ ...process.env, DISPLAY: x.display });

before(async () => {
  if (skip) return;
  x = await startXvfb('1920x1080x24');
  process.env.DISPLAY = x.display; // screenshot-desktop reads it from the environment
  folder = await mkdtemp(path.join(os.tmpdir(), 'traydrop-shots-'));
  const file = path.join(folder, '..', `${path.basename(folder)}-pattern.png`);
  await writeFile(file, encodePng(pattern()));
  await exec('xsetroot', ['-solid', '#ff0000'], { env: env() });
  viewer = spawn('display', ['-geometry', '+100+200', '-borderwidth', '0', '-title', 'traydrop-pattern', file], {
    env: env(),
    stdio: 'ignore',
  });
  const found = await exec(
    'timeout',
    ['10', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', 'traydrop-pattern'],
    {
      env: env(),
    },
  );
  windowId = found.stdout.trim().split('\n')[0]!;
  // the window is mapped; give `display` a moment to paint it
  for (let i = 0; i < 50; i++) {
    const png = await screenshotDesktopBackend().captureDisplay();
    if (pixelAt(decodePng(png), 150, 250)[1] === 255) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  viewer?.kill();
  await x?.stop();
});

const image = async (file: string): Promise<RgbaImage> => decodePng(await readFile(file));
const magickPixel = async (file: string, px: number, py: number): Promise<string> =>
  (await exec('convert', [file, '-format', `%[pixel:p{${px},${py}}]`, 'info:'])).stdout.trim();

test('full screen: a 1920x1080 PNG with the test pattern where it was drawn', { skip }, async (t) => {
  const started = performance.now();
  const [shot, ...more] = await captureScreen({ folder });
  const ms = performance.now() - started;
  assert.equal(more.length, 0);
  assert.equal(shot!.kind, 'screenshot');
  assert.match(path.basename(shot!.path), /^Screenshot-\d{4}-\d\d-\d\d-at-\d\d\.\d\d\.\d\d(-\d+)?\.png$/);
  assert.deepEqual([shot!.width, shot!.height], [1920, 1080]);
  const img = await image(shot!.path);
  assert.deepEqual([img.width, img.height], [1920, 1080]);
  assert.deepEqual(pixelAt(img, 10, 10), RED);
  assert.deepEqual(pixelAt(img, 1919, 1079), RED);
  assert.deepEqual(pixelAt(img, 99, 200), RED);
  assert.deepEqual(pixelAt(img, 100, 200), WHITE);
  assert.deepEqual(pixelAt(img, 150, 250), GREEN);
  assert.deepEqual(pixelAt(img, 250, 250), BLUE);
  assert.deepEqual(pixelAt(img, 299, 299), BLACK);
  assert.deepEqual(pixelAt(img, 300, 300), RED);
  // and ImageMagick reads the same file the same way
  assert.equal((await exec('identify', ['-format', '%w %h', shot!.path])).stdout, '1920 1080');
  assert.equal(await magickPixel(shot!.path, 250, 250), 'srgb(0,0,255)');
  t.diagnostic(`full-screen capture to PNG on disk: ${ms.toFixed(0)} ms`);
});

test('every display: one file per display (Xvfb has one), and no temp files', { skip }, async () => {
  const shots = await captureScreen({ folder, pattern: 'all-{n}.png' }, { display: 'all' });
  assert.equal(shots.length, 1);
  assert.deepEqual([shots[0]!.width, shots[0]!.height], [1920, 1080]);
  assert.deepEqual(
    (await readdir(folder)).filter((f) => f.startsWith('.')),
    [],
  );
});

test('region: exactly the pattern, pixel for pixel; a region over its edge sees red', { skip }, async () => {
  const shot = await captureRegion({ folder }, { rect: { x: 100, y: 200, width: 200, height: 100 } });
  assert.equal(shot.kind, 'region');
  const img = await image(shot.path);
  assert.deepEqual([img.width, img.height], [200, 100]);
  assert.ok(img.data.equals(pattern().data), 'the region is the pattern');

  const edge = await image((await captureRegion({ folder }, { rect: { x: 95, y: 195, width: 10, height: 10 } })).path);
  assert.deepEqual([edge.width, edge.height], [10, 10]);
  assert.deepEqual(pixelAt(edge, 4, 4), RED);
  assert.deepEqual(pixelAt(edge, 5, 5), WHITE);
  assert.deepEqual(pixelAt(edge, 9, 9), GREEN);
  assert.equal(
    await magickPixel((await captureRegion({ folder }, { rect: { x: 250, y: 250, width: 3, height: 3 } })).path, 1, 1),
    'srgb(0,0,255)',
  );
  await assert.rejects(
    captureRegion({ folder }, { rect: { x: 1900, y: 0, width: 40, height: 10 } }),
    /outside the 1920x1080/,
  );
});

test('a DIP selection on a scale-2 display maps to physical pixels of the capture', { skip }, async () => {
  // What Electron would report for this 1920x1080 screen at 200 %: 960x540 DIP.
  const displays = [{ id: 7, bounds: { x: 0, y: 0, width: 960, height: 540 }, scaleFactor: 2 }];
  const shot = await captureSelection(
    { folder },
    { selection: { x: 50, y: 100, width: 100, height: 50 }, displays, primaryId: 7 },
  );
  const img = await image(shot.path);
  assert.deepEqual([img.width, img.height], [200, 100]);
  assert.ok(img.data.equals(pattern().data), 'DIP (50,100,100x50) × 2 = the pattern at (100,200,200x100)');
  // a selection hanging off the bottom-right is clamped to the display
  const clamped = await captureSelection(
    { folder },
    { selection: { x: 950, y: 530, width: 50, height: 50 }, displays },
  );
  assert.deepEqual([clamped.width, clamped.height], [20, 20]);
});

test(
  'a region of a frozen grab decoded ahead (as while the user chooses): the same pixels, small or fast',
  { skip },
  async () => {
    const live = screenshotDesktopBackend();
    const [first] = await live.listDisplays();
    const png = await live.captureDisplay(first!.id);
    const ahead = decodeScreenPng(png);
    const asked: (string | number)[] = [];
    const frozen: ScreenshotBackend = {
      listDisplays: () => live.listDisplays(),
      captureDisplay: async () => png,
      decoded: (id) => (asked.push(id), ahead),
    };
    const displays = [{ id: 7, bounds: { x: 0, y: 0, width: 960, height: 540 }, scaleFactor: 2 }];
    const selection = { x: 50, y: 100, width: 100, height: 50 };
    const small = await captureSelection({ folder }, { selection, displays, primaryId: 7, backend: frozen });
    const fast = await captureSelection(
      { folder },
      { selection, displays, primaryId: 7, backend: frozen, compression: 'fast' },
    );
    assert.deepEqual(asked, [first!.id, first!.id], 'the decode made ahead was used, for the display chosen');
    for (const shot of [small, fast]) assert.ok((await image(shot.path)).data.equals(pattern().data), shot.path);
    assert.notEqual(await decodeScreenPng(png), null, "the grabber's PNG is one the fast path decodes");
  },
);

test('window: a known window by id, and the focused window', { skip }, async () => {
  const shot = await captureWindow({ folder, pattern: '{kind} {n}.png' }, { windowId });
  assert.equal(path.basename(shot.path), 'window-1.png');
  assert.deepEqual([shot.width, shot.height], [200, 100]);
  assert.ok((await image(shot.path)).data.equals(pattern().data));

  await exec('xdotool', ['windowfocus', '--sync', windowId], { env: env() });
  assert.equal(await x11WindowBackend(env()).activeWindow(), windowId);
  const focused = await captureWindow({ folder, pattern: '{kind} {n}.png' }, { backend: x11WindowBackend(env()) });
  assert.equal(path.basename(focused.path), 'window-2.png');
  assert.deepEqual([focused.width, focused.height], [200, 100]);
});

test('windows to snap to: the real X windows, topmost first, and raising one puts it first', { skip }, async () => {
  const other = spawn('xmessage', ['-geometry', '300x120+150+230', '-title', 'traydrop-over', 'over the pattern'], {
    env: env(),
    stdio: 'ignore',
  });
  try {
    const found = await exec(
      'timeout',
      ['10', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', 'traydrop-over'],
      {
        env: env(),
      },
    );
    const overId = found.stdout.trim().split('\n')[0]!;
    const windows = await listVisibleWindows(env());
    const ids = windows.map((w) => w.id);
    assert.deepEqual(
      windows.find((w) => w.id === windowId),
      { id: windowId, x: 100, y: 200, width: 200, height: 100 },
    );
    assert.ok(ids.indexOf(overId) < ids.indexOf(windowId), `the newer window is on top: ${ids.join(' ')}`);
    assert.ok(!windows.some((w) => w.width === 1920 && w.height === 1080), 'the root window is not a window');

    await exec('xdotool', ['windowraise', windowId], { env: env() });
    await sleep(200);
    const raised = (await listVisibleWindows(env())).map((w) => w.id);
    assert.equal(raised[0], windowId, `raised: ${raised.join(' ')}`);
  } finally {
    other.kill();
  }
});

test('Wayland sessions get a clear error instead of a black picture', { skip }, async () => {
  const backend = screenshotDesktopBackend({ ...process.env, XDG_SESSION_TYPE: 'wayland' });
  await assert.rejects(captureScreen({ folder }, { backend }), /X11 capture cannot see a Wayland session/);
  await assert.rejects(
    captureWindow({ folder }, { windowId, backend: x11WindowBackend({ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }) }),
    /X11 capture cannot see a Wayland session/,
  );
});

/**
 * The capture editor in Chromium (issue #17's page targets), on the app's own handlers as the tests run it:
 *  - the step before: main's crop of a 3840x2160 region out of a 3840x2160 grab, saved for the editor
 *    (crop-png-fast.ts) against the general crop it replaced (crop-png.ts), interleaved;
 *  - first paint: from the page's start to its own mark after the first frame with the capture drawn, for a
 *    3840x2160 capture, in a new window (the first edit) and in a standby window (every later one, and every one
 *    when captures open the editor): from main's context reaching the page (the window itself is measured where
 *    Electron runs: not here);
 *  - export: 3840x2160 with 20 objects, 3 of them redactions: in the page, the flattened image drawn and encoded
 *    by the warm export worker (export-image.ts, png-worker.ts); in main, the PNG checked, stripped and written
 *    (EditorFlow.finish for Save, the step before queueFile). Between the two, Electron's IPC copies the PNG
 *    (structured clone); the tests' bridge (Playwright's binding, base64 over the DevTools pipe) is not what
 *    Electron does, so it is left out and a structuredClone of the same number of bytes in Chromium is printed
 *    as the nearest measurable stand-in;
 *  - the hand-off both ways (pixels to main's zlib, and the worker), interleaved on the same image, with the
 *    page idle and with the page busy;
 *  - frame times while dragging a shape over a 5120x2880 capture with 200 objects.
 * Printed with the machine's load; Chromium runs without a GPU (--disable-gpu), as in the tests.
 *
 *   node bench/capture/editor.ts        BENCH_RUNS=N (default 5)
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { editedPng } from '../../main/app/flows/editor-flow.ts';
import { checkedEditedPng } from '../../main/capture/edited-png.ts';
import { EDITOR_STANDBY_KEY } from '../../common/editor-query.ts';
import { EDITOR_CAPTURE_URL } from '../../common/ipc-contract.ts';
import { EDITOR_SIZE } from '../../main/app/windows/editor-window.ts';
import { cropPng } from '../../main/capture/crop-png.ts';
import { cropScreenPng, decodeScreenPng, EDIT_LEVEL, SHARE_LEVEL } from '../../main/capture/crop-png-fast.ts';
import { decodePng } from '../../main/capture/png.ts';
import { desktopPng } from '../../test/helpers/renderer-fixtures.ts';
import { startRendererApp } from '../../test/helpers/renderer-app.ts';
import { startRendererHarness } from '../../test/helpers/renderer-page.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const quantile = (v: number[], q: number): number =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(q * v.length))]!;
const rows: string[] = [];
const say = (line: string): void => {
  rows.push(line);
  process.stdout.write(`${line}\n`);
};

const harness = await startRendererHarness();
const app = await startRendererApp(harness);
const folder = app.settings().capturesFolder;
await mkdir(folder, { recursive: true });
say(`${new Date().toISOString()}  ${os.cpus().length} cores, load at start ${load()}`);

async function open(name: string, png: Buffer) {
  const file = path.join(folder, name);
  await writeFile(file, png);
  app.app.editor.open(file, 2);
  const page = await app.open('editor', { viewport: EDITOR_SIZE, deviceScaleFactor: 2 });
  return page;
}

const windows = [
  { x: 120, y: 90, width: 900, height: 600 },
  { x: 700, y: 300, width: 1000, height: 650 },
];
const big = desktopPng(1920, 1080, 2, windows);

// the region chosen → its PNG: a grab as screen grabbers write it (ImageMagick's, Paeth rows), cropped
const grabFile = path.join(folder, 'grab.png');
await writeFile(grabFile, big);
let grab = big;
let grabWriter = "the project's encoder (ImageMagick's convert is missing: rows filtered Up, not Paeth)";
try {
  execFileSync('convert', [grabFile, 'PNG24:' + grabFile]);
  grab = await readFile(grabFile);
  grabWriter = "ImageMagick's convert";
} catch {
  // the project's own PNG then, as said
}
// interleaved: the general crop (before), all of it after the choice; and now the decode, started while the user
// chooses (screenshot-flows.ts), then the crop once the region is known, for the editor and for a link
const crops = { general: [] as number[], decode: [] as number[], edit: [] as number[], share: [] as number[] };
const cropSizes = { general: 0, edit: 0, share: 0 };
const region = { x: 0, y: 0, width: 3840, height: 2160 };
let captured = big;
for (let i = 0; i < RUNS; i++) {
  let start = performance.now();
  cropSizes.general = cropPng(grab, region).length;
  crops.general.push(performance.now() - start);
  start = performance.now();
  const decoded = await decodeScreenPng(grab);
  crops.decode.push(performance.now() - start);
  for (const way of ['edit', 'share'] as const) {
    start = performance.now();
    const png = await cropScreenPng(grab, region, way === 'edit' ? EDIT_LEVEL : SHARE_LEVEL, Promise.resolve(decoded));
    crops[way].push(performance.now() - start);
    cropSizes[way] = png.length;
    if (way === 'edit') captured = png;
  }
}
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
say(
  `region chosen → its PNG, 3840x2160 out of a ${kb(grab.length)} grab (${grabWriter}): the general crop (before) ` +
    `median ${median(crops.general).toFixed(0)} ms after the choice (${kb(cropSizes.general)}); now the decode ` +
    `${median(crops.decode).toFixed(0)} ms while the user chooses, then after the choice ` +
    `${median(crops.edit).toFixed(0)} ms for the editor (${kb(cropSizes.edit)}, ratio ` +
    `${(median(crops.edit) / median(crops.general)).toFixed(2)}) or ${median(crops.share).toFixed(0)} ms for a link ` +
    `(${kb(cropSizes.share)}, ratio ${(median(crops.share) / median(crops.general)).toFixed(2)}) (${RUNS} runs; ` +
    `load ${load()})`,
);

const paints: number[][] = [];
for (let i = 0; i < RUNS; i++) {
  const editor = await open(`paint-${i}.png`, captured);
  paints.push(
    await editor.page.evaluate(() =>
      ['editor-context', 'editor-capture-decoded', 'editor-decoded', 'editor-first-paint'].map(
        (n) => performance.getEntriesByName(n)[0]!.startTime,
      ),
    ),
  );
  await editor.close();
}
const part = (i: number) => median(paints.map((p) => p[i]!));
say(
  `first paint of a 3840x2160 capture (the editor's crop above, ${kb(captured.length)}): median ${part(3).toFixed(0)} ms, ` +
    `min ${Math.min(...paints.map((p) => p[3]!)).toFixed(0)} ms; the context (the window query) there at ${part(0).toFixed(0)} ms, ` +
    `the capture (fetched and decoded alongside) at ${part(1).toFixed(0)} ms, both at ${part(2).toFixed(0)} ms, ` +
    `drawn ${(part(3) - part(2)).toFixed(0)} ms later (${RUNS} runs; load ${load()})`,
);

// the same capture in a standby window (main/app/windows/editor-window.ts): the page loaded ahead with no capture,
// then given main's context as the app's EditorFlow has it; timed in the page from the event to its first frame
const warm: number[][] = [];
for (let i = 0; i < RUNS; i++) {
  const file = path.join(folder, `warm-${i}.png`);
  await writeFile(file, captured);
  const standby = await harness.open('editor', app.api('editor'), {
    query: { capture: EDITOR_CAPTURE_URL, [EDITOR_STANDBY_KEY]: '1' },
    protocols: app.fake.protocols,
    viewport: EDITOR_SIZE,
    deviceScaleFactor: 2,
    waitReady: false,
  });
  await standby.page.waitForSelector('body[data-standby="true"]', { state: 'attached' });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // loaded a while before, as the app's would be
  app.app.editor.open(file, 2);
  const context = await app.call('editor', 'getEditorContext');
  await harness.emit('editorOpen', context);
  await standby.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  warm.push(
    await standby.page.evaluate(() => {
      const at = (n: string) => performance.getEntriesByName(n)[0]!.startTime;
      return [at('editor-decoded') - at('editor-open'), at('editor-first-paint') - at('editor-open')];
    }),
  );
  await standby.close();
  app.app.editor.close();
}
say(
  `first paint in a standby window, same capture: median ${median(warm.map((w) => w[1]!)).toFixed(0)} ms, ` +
    `min ${Math.min(...warm.map((w) => w[1]!)).toFixed(0)} ms from main's context reaching the page (decoded at ` +
    `${median(warm.map((w) => w[0]!)).toFixed(0)} ms); the cold window above is the first edit after start ` +
    `(${RUNS} runs; load ${load()})`,
);
say(
  `region chosen → capture drawn in a standby window: the editor's crop ${median(crops.edit).toFixed(0)} + first ` +
    `paint ${median(warm.map((w) => w[1]!)).toFixed(0)} = ` +
    `${(median(crops.edit) + median(warm.map((w) => w[1]!))).toFixed(0)} ms (medians; main's open and the window's ` +
    `show need Electron)`,
);

// 20 objects, 3 of them redactions, drawn with the mouse
const editor = await open('export.png', big);
const { page } = editor;
const box = (await page.locator('#view').boundingBox())!;
const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
async function drag(key: string, a: [number, number], b: [number, number]): Promise<void> {
  await page.keyboard.press(key);
  const p = at(...a);
  const q = at(...b);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  await page.mouse.move(q.x, q.y, { steps: 3 });
  await page.mouse.up();
}
const tools = ['r', 'e', 'l', 'a', 'p', 'h', 'r', 'e', 'l', 'a', 'p', 'h', 'r', 'e', 'l', 'a', 'p'];
for (const [i, key] of tools.entries())
  await drag(
    key,
    [0.05 + (i % 6) * 0.15, 0.1 + Math.floor(i / 6) * 0.2],
    [0.15 + (i % 6) * 0.15, 0.2 + Math.floor(i / 6) * 0.2],
  );
await drag('x', [0.1, 0.75], [0.3, 0.85]);
await drag('b', [0.4, 0.75], [0.6, 0.85]);
await drag('k', [0.7, 0.75], [0.9, 0.85]);
const exports: number[] = [];
const inMain: number[] = [];
// main's part, timed around the app's own EditorFlow.finish (checks, PNG, write)
const flow = app.app.editor;
const finish = flow.finish.bind(flow);
flow.finish = async (...args) => {
  const started = performance.now();
  try {
    return await finish(...args);
  } finally {
    inMain.push(performance.now() - started);
  }
};
for (let i = 0; i < RUNS; i++) {
  await page.evaluate(() => {
    performance.clearMeasures();
    delete document.body.dataset.finished;
  });
  await page.keyboard.press('Control+s');
  await page.locator('body[data-finished="save"]').waitFor({ timeout: 120_000 });
  exports.push(await page.evaluate(() => performance.getEntriesByName('editor-export')[0]!.duration));
}
flow.finish = finish;
const pngBytes = (await readFile(path.join(folder, 'export-edited.png'))).length;
const clone = await page.evaluate((length) => {
  const pixels = new Uint8Array(length).fill(7);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    structuredClone(pixels);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}, pngBytes);
say(
  `export 3840x2160, 20 objects (3 redactions): in the page (drawn, PNG from the export worker) median ` +
    `${median(exports).toFixed(0)} ms; in main (checked, stripped, written; ${(pngBytes / 1e6).toFixed(2)} MB) median ` +
    `${median(inMain).toFixed(0)} ms; sum ${(median(exports) + median(inMain)).toFixed(0)} ms + the IPC copy ` +
    `(structuredClone of as many bytes in Chromium: ${clone.toFixed(2)} ms) (${RUNS} runs; load ${load()})`,
);
await editor.close();

// the same run's peers: the old ways, on the same pictures, interleaved with the new ones
const saved = await readFile(path.join(folder, 'export-edited.png'));
const savedPixels = decodePng(saved);
const peerPage = await harness.browser.newPage({ viewport: EDITOR_SIZE, deviceScaleFactor: 2 });
await peerPage.goto(`${harness.baseUrl}/editor/index.html`).catch(() => undefined); // its origin; the bridge is not needed
const inPage = (url: string, way: 'old' | 'new') =>
  peerPage.evaluate(
    async ([url, way]) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const g = canvas.getContext('2d', { willReadFrequently: way === 'new' })!;
      g.drawImage(image, 0, 0);
      g.getImageData(0, 0, 1, 1);
      const started = performance.now();
      if (way === 'old') await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      else g.getImageData(0, 0, canvas.width, canvas.height);
      return performance.now() - started;
    },
    [url, way] as const,
  );
const firstPaint = (url: string, way: 'old' | 'new') =>
  peerPage.evaluate(
    async ([url, way]) => {
      // the capture's bytes, as the fetch of the editor's scheme hands them over (not timed)
      const text = atob(url.slice(url.indexOf(',') + 1));
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      const started = performance.now();
      let source: ImageBitmap;
      if (way === 'old') {
        // before: a data: URL through an <img>, then an ImageBitmap of it
        const image = new Image();
        image.src = url;
        await image.decode();
        source = await createImageBitmap(image);
      } else source = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const view = document.createElement('canvas');
      view.width = 2528;
      view.height = 1422;
      const g = view.getContext('2d')!;
      g.setTransform(2528 / 3840, 0, 0, 2528 / 3840, 0, 0);
      g.drawImage(source, 0, 0);
      g.getImageData(0, 0, 1, 1); // drawn for real
      return performance.now() - started;
    },
    [url, way] as const,
  );
const savedUrl = `data:image/png;base64,${saved.toString('base64')}`;
const bigUrl = `data:image/png;base64,${big.toString('base64')}`;
const peers = {
  toBlob: [] as number[],
  readBack: [] as number[],
  mainPng: [] as number[],
  old: [] as number[],
  now: [] as number[],
};
for (let i = 0; i < RUNS; i++) {
  peers.toBlob.push(await inPage(savedUrl, 'old'));
  peers.readBack.push(await inPage(savedUrl, 'new'));
  const started = performance.now();
  await editedPng({ width: savedPixels.width, height: savedPixels.height, pixels: savedPixels.data });
  peers.mainPng.push(performance.now() - started);
  peers.old.push(await firstPaint(bigUrl, 'old'));
  peers.now.push(await firstPaint(bigUrl, 'new'));
}

// issue #17's hand-off, both ways interleaved on the same flattened image, on an idle page and on a busy one
// (a frame loop burning 12 ms of every 16, as a page kept busy by the load or the tests' polling):
//  - pixels: drawn and read back (getImageData), the 33 MB cloned (Electron's IPC copy), main's PNG (png-fast.ts);
//  - worker: drawn into an OffscreenCanvas, its ImageBitmap transferred to the warm export worker, which encodes
//    it (convertToBlob) and transfers the PNG back; the PNG cloned (the IPC copy) and main's check (strip + size).
await peerPage.evaluate(() => {
  const w = window as unknown as { __worker: Worker };
  w.__worker = new Worker('export-worker.js');
});
const handOff = (url: string, way: 'pixels' | 'worker', busy: boolean) =>
  peerPage.evaluate(
    async ([url, way, busy]) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const source = await createImageBitmap(image);
      let running = busy;
      const burn = () => {
        if (!running) return;
        const until = performance.now() + 12;
        while (performance.now() < until);
        requestAnimationFrame(burn);
      };
      if (busy) requestAnimationFrame(burn);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      let bytes: Uint8Array;
      if (way === 'pixels') {
        const canvas = document.createElement('canvas');
        canvas.width = source.width;
        canvas.height = source.height;
        const g = canvas.getContext('2d', { willReadFrequently: true })!;
        g.drawImage(source, 0, 0);
        bytes = structuredClone(new Uint8Array(g.getImageData(0, 0, canvas.width, canvas.height).data.buffer));
      } else {
        const canvas = new OffscreenCanvas(source.width, source.height);
        canvas.getContext('2d')!.drawImage(source, 0, 0);
        const bitmap = canvas.transferToImageBitmap();
        const worker = (window as unknown as { __worker: Worker }).__worker;
        const png = await new Promise<ArrayBuffer>((resolve, reject) => {
          worker.onmessage = (e: MessageEvent<{ png?: ArrayBuffer; error?: string }>) =>
            e.data.png ? resolve(e.data.png) : reject(new Error(e.data.error));
          worker.postMessage({ id: 1, bitmap }, [bitmap]);
        });
        bytes = structuredClone(new Uint8Array(png));
      }
      const page = performance.now() - started;
      running = false;
      // the bytes to main through the tests' bridge (not timed: it is not Electron's IPC)
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { page, base64: way === 'worker' ? btoa(text) : '', length: bytes.length };
    },
    [url, way, busy] as const,
  );
const ways = {
  pixels: { idle: [] as number[], busy: [] as number[] },
  worker: { idle: [] as number[], busy: [] as number[] },
};
let workerPngBytes = 0;
for (let i = 0; i < RUNS; i++) {
  for (const busy of [false, true]) {
    const a = await handOff(savedUrl, 'pixels', busy);
    const m0 = performance.now();
    await editedPng({ width: savedPixels.width, height: savedPixels.height, pixels: savedPixels.data });
    ways.pixels[busy ? 'busy' : 'idle'].push(a.page + performance.now() - m0);
    const b = await handOff(savedUrl, 'worker', busy);
    const png = Buffer.from(b.base64, 'base64');
    const m1 = performance.now();
    checkedEditedPng(png, savedPixels.width, savedPixels.height);
    ways.worker[busy ? 'busy' : 'idle'].push(b.page + performance.now() - m1);
    workerPngBytes = png.length;
  }
}
for (const state of ['idle', 'busy'] as const)
  say(
    `same run, hand-off of the exported image, page ${state}: read back + 33 MB clone + main's PNG median ` +
      `${median(ways.pixels[state]).toFixed(0)} ms (min ${Math.min(...ways.pixels[state]).toFixed(0)}); warm worker ` +
      `convertToBlob + ${(workerPngBytes / 1e6).toFixed(2)} MB clone + main's check median ` +
      `${median(ways.worker[state]).toFixed(0)} ms (min ${Math.min(...ways.worker[state]).toFixed(0)}): ratio ` +
      `${(median(ways.worker[state]) / median(ways.pixels[state])).toFixed(2)} (load ${load()})`,
  );
await peerPage.close();
const newExport = median(peers.readBack) + median(peers.mainPng);
say(
  `same run, same exported image: canvas.toBlob (before) median ${median(peers.toBlob).toFixed(0)} ms; ` +
    `read back ${median(peers.readBack).toFixed(0)} + main's PNG ${median(peers.mainPng).toFixed(0)} = ` +
    `${newExport.toFixed(0)} ms (now): ratio ${(newExport / median(peers.toBlob)).toFixed(2)} (load ${load()})`,
);
say(
  `same run, decode and first draw of the 3840x2160 capture: <img> of a data: URL + its ImageBitmap (before) median ` +
    `${median(peers.old).toFixed(0)} ms; ImageBitmap of the fetched Blob (now) ${median(peers.now).toFixed(0)} ms: ratio ` +
    `${(median(peers.now) / median(peers.old)).toFixed(2)} (load ${load()})`,
);

// frame times while dragging on 5120x2880 with 200 objects
const huge = desktopPng(2560, 1440, 2, windows);
const heavy = await open('frames.png', huge);
{
  const { page } = heavy;
  const b = (await page.locator('#view').boundingBox())!;
  const pt = (fx: number, fy: number) => ({ x: b.x + b.width * fx, y: b.y + b.height * fy });
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press(['r', 'e', 'l', 'a'][i % 4]!);
    const p = pt(0.05 + (i % 20) * 0.045, 0.05 + Math.floor(i / 20) * 0.09);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    await page.mouse.move(p.x + 30, p.y + 20);
    await page.mouse.up();
  }
  await page.keyboard.press('r');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    w.__frames = [];
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__frames.length < 100000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const s = pt(0.2, 0.2);
  await page.mouse.move(s.x, s.y);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) {
    const q = pt(0.2 + i * 0.005, 0.2 + i * 0.004);
    await page.mouse.move(q.x, q.y);
  }
  await page.mouse.up();
  const frames = (await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)).slice(2);
  say(
    `dragging on 5120x2880 with 200 objects: ${frames.length} frames, median ${median(frames).toFixed(1)} ms ` +
      `(${(1000 / median(frames)).toFixed(0)} fps), p95 ${quantile(frames, 0.95).toFixed(1)} ms (load ${load()})`,
  );
  await heavy.close();
}

await app.close();
await harness.close();
const out = new URL('./results/', import.meta.url);
await mkdir(out, { recursive: true });
await writeFile(new URL('editor-latest.txt', out), `${rows.join('\n')}\n`);

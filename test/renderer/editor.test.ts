/**
 * The capture editor in Chromium on the app's own IPC handlers (renderer-app.ts), at the window's real size:
 * every tool draws what it should (pixel checks on the exported PNG, not on screenshots of the page), the
 * redactions are the core's, applied to the exported bitmap, undo and redo across every tool, crop then
 * redact, the keyboard alone, Esc with and without changes, HiDPI, Copy and Share (the real queue, server and
 * RGW: the link serves the edited bytes), axe light and dark, and the docs' screenshots.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { blur } from '../../common/image/blur.ts';
import { pixelate } from '../../common/image/pixelate.ts';
import { pngChunks } from '../../common/image/png-chunks.ts';
import { solidBox } from '../../common/image/solid-box.ts';
import { decodePng, encodePng, type RgbaImage } from '../../main/capture/png.ts';
import { EDITOR_SIZE } from '../../main/app/windows/editor-window.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type OpenPage,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { skipUnless } from '../helpers/requirements.ts';
import { renderText, TEXT_IMAGE_NEEDS } from '../helpers/text-image.ts';
import { waitFor } from '../helpers/wait-for.ts';

const GREY = [128, 128, 128, 255];
const RED = '#e5484d';

function picture(width: number, height: number, noise = false): RgbaImage {
  const data = Buffer.alloc(width * height * 4);
  let s = 7;
  for (let i = 0; i < data.length; i += 4) {
    if (noise) {
      for (let c = 0; c < 3; c++) data[i + c] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
      data[i + 3] = 255;
    } else data.set(GREY, i);
  }
  return { width, height, data };
}

const px = (image: RgbaImage, x: number, y: number) => [
  ...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];
const isRed = (p: number[]) => p[0]! > 180 && p[1]! < 110 && p[2]! < 110;
const isGrey = (p: number[]) => p.every((v, i) => v === GREY[i]);
const sameImage = (a: RgbaImage, b: RgbaImage) => a.width === b.width && a.height === b.height && a.data.equals(b.data);

describe('capture editor', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  let app: RendererApp;
  let server: TestServer | undefined;
  let n = 0;

  before(async () => {
    harness = await startRendererHarness();
    app = await startRendererApp(harness);
  });
  after(async () => {
    await app?.close();
    await harness?.close();
    await server?.close();
  });

  interface Session {
    open: OpenPage;
    file: string;
    /** Page coordinates of an image point (the view is at 100 % or less: `zoom`). */
    at(x: number, y: number): { x: number; y: number };
    drag(from: [number, number], to: [number, number], via?: [number, number][]): Promise<void>;
    press(...keys: string[]): Promise<void>;
    /** Ctrl+S, then the saved PNG's bytes; `sent`: what the page must have sent main (the worker's PNG). */
    save(sent?: 'png' | 'pixels'): Promise<Buffer>;
    close(): Promise<void>;
  }

  async function edit(
    image: RgbaImage,
    options: { scale?: 1 | 2; colorScheme?: 'light' | 'dark'; init?: () => void } = {},
  ): Promise<Session> {
    const id = ++n;
    const file = path.join(app.settings().capturesFolder, `capture-${id}.png`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, encodePng(image));
    app.app.editor.open(file, options.scale ?? 1);
    const open = await app.open('editor', {
      viewport: EDITOR_SIZE,
      colorScheme: options.colorScheme ?? 'light',
      deviceScaleFactor: options.scale ?? 1,
      ...(options.init ? { init: options.init } : {}),
    });
    const { page } = open;
    const box = (await page.locator('#view').boundingBox())!;
    const zoom = await page.evaluate(() => Number.parseFloat(document.querySelector('#zoom')!.textContent!) / 100);
    const cssZoom = zoom / (options.scale ?? 1);
    const at = (x: number, y: number) => ({
      x: box.x + box.width / 2 + (x - image.width / 2) * cssZoom,
      y: box.y + box.height / 2 + (y - image.height / 2) * cssZoom,
    });
    return {
      open,
      file,
      at,
      async drag(from, to, via = []) {
        const a = at(...from);
        await page.mouse.move(a.x, a.y);
        await page.mouse.down();
        for (const p of [...via, to]) {
          const b = at(...p);
          await page.mouse.move(b.x, b.y, { steps: 4 });
        }
        await page.mouse.up();
      },
      async press(...keys) {
        for (const key of keys) await page.keyboard.press(key);
      },
      async save(expected = 'png') {
        // what reached main: the export worker's PNG (export-worker.ts), not the pixels its fallback sends
        const flow = app.app.editor;
        const finish = flow.finish;
        let sent = '';
        flow.finish = (action, image) => {
          sent = image ? ('png' in image ? 'png' : 'pixels') : 'none';
          return finish.call(flow, action, image);
        };
        try {
          await page.evaluate(() => delete document.body.dataset.finished);
          await page.keyboard.press('Control+s');
          await page.locator('body[data-finished="save"]').waitFor();
        } finally {
          flow.finish = finish;
        }
        assert.equal(sent, expected, 'what the page sent: the PNG its export worker made, or pixels without it');
        return readFile(path.join(path.dirname(file), `capture-${id}-edited.png`));
      },
      async close() {
        assert.deepEqual(await pageProblems(open), []);
        await open.close();
      },
    };
  }

  it('every drawing tool draws what it should, in the chosen colour, on the exported PNG', async () => {
    const s = await edit(picture(800, 500));
    await s.open.page.click(`#colors button[data-color="${RED}"]`);
    const tools: [string, [number, number], [number, number]][] = [
      ['r', [50, 50], [150, 120]],
      ['e', [200, 50], [300, 120]],
      ['l', [350, 50], [450, 120]],
      ['a', [500, 50], [600, 120]],
      ['p', [50, 200], [150, 200]],
      ['h', [200, 200], [300, 200]],
    ];
    for (const [key, from, to] of tools) {
      await s.press(key);
      await s.drag(from, to);
    }
    await s.press('t');
    const t = s.at(350, 190);
    await s.open.page.mouse.click(t.x, t.y);
    await s.open.page.keyboard.type('Hello');
    await s.press('Enter');
    await s.press('n');
    for (const x of [520, 580, 640]) {
      const p = s.at(x, 200);
      await s.open.page.mouse.click(p.x, p.y);
    }
    const out = decodePng(await s.save());
    assert.deepEqual([out.width, out.height], [800, 500]);
    assert.ok(isRed(px(out, 50, 85)) && isGrey(px(out, 100, 85)), 'rectangle: an outline, its inside untouched');
    assert.ok(isRed(px(out, 200, 85)) && isGrey(px(out, 250, 85)), 'ellipse: an outline');
    assert.ok(isRed(px(out, 400, 85)) && isGrey(px(out, 440, 60)), 'line through its middle');
    assert.ok(isRed(px(out, 550, 85)) && isRed(px(out, 590, 112)), 'arrow: shaft and head');
    assert.ok(isRed(px(out, 100, 200)) && isGrey(px(out, 100, 215)), 'pen stroke');
    const marker = px(out, 250, 200);
    assert.ok(
      marker[0]! > 150 && marker[0]! < 200 && marker[1]! > 85 && marker[1]! < 120,
      `highlighter is see-through: ${marker}`,
    );
    let textRed = 0;
    for (let y = 190; y < 215; y++) for (let x = 350; x < 420; x++) if (isRed(px(out, x, y))) textRed++;
    assert.ok(textRed > 40, `text drawn (${textRed} red pixels)`);
    for (const x of [520, 580, 640]) assert.ok(isRed(px(out, x - 12, 200)), `step badge at ${x}`);
    assert.ok(!isRed(px(out, 520, 200)) || !isRed(px(out, 521, 201)), 'the badge has its number in it');
    await s.close();
  });

  it('steps renumber when one is deleted (select it, Delete)', async () => {
    const s = await edit(picture(400, 200));
    await s.press('n');
    for (const x of [100, 200, 300]) {
      const p = s.at(x, 100);
      await s.open.page.mouse.click(p.x, p.y);
    }
    const before = decodePng(await s.save());
    await s.press('v');
    const second = s.at(200, 100);
    await s.open.page.mouse.click(second.x, second.y);
    await s.press('Delete');
    const afterDelete = decodePng(await s.save());
    // badge 3 now shows 2: its pixels are badge 2's before, moved by 100 px (but for anti-aliasing), and no
    // longer its own "3"
    const diff = (a: RgbaImage, ax: number, b: RgbaImage, bx: number): number => {
      let most = 0;
      for (let y = 80; y < 120; y++)
        for (let x = -20; x < 20; x++)
          for (let c = 0; c < 3; c++) most = Math.max(most, Math.abs(px(a, ax + x, y)[c]! - px(b, bx + x, y)[c]!));
      return most;
    };
    assert.ok(
      diff(afterDelete, 300, before, 200) <= 16,
      `badge 3 now reads 2 (${diff(afterDelete, 300, before, 200)})`,
    );
    assert.ok(diff(afterDelete, 300, before, 300) > 100, 'and no longer 3');
    assert.ok(isGrey(px(afterDelete, 200, 100)), 'the deleted badge is gone');
    await s.close();
  });

  for (const [key, kind] of [
    ['x', 'pixelate'],
    ['b', 'blur'],
    ['k', 'box'],
  ] as const)
    it(`${kind}: the exported bitmap is the core's ${kind} of the capture, outside it identical, no metadata`, async () => {
      const original = picture(600, 400, true);
      const s = await edit(original);
      await s.press(key);
      await s.drag([100, 80], [340, 160]);
      const png = await s.save();
      assert.deepEqual([...new Set(pngChunks(png).map((c) => c.type))], ['IHDR', 'IDAT', 'IEND'], 'no metadata chunk');
      const out = decodePng(png);
      // where the page put it: the changed pixels' bounds (on noise nearly every pixel changes)
      let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
      for (let y = 0; y < out.height; y++)
        for (let x = 0; x < out.width; x++)
          if (out.data.readUInt32BE((y * out.width + x) * 4) !== original.data.readUInt32BE((y * out.width + x) * 4)) {
            [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
          }
      const rect = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
      assert.ok(Math.abs(rect.x - 100) <= 1 && Math.abs(rect.width - 240) <= 2, JSON.stringify(rect));
      const expected = { ...original, data: Buffer.from(original.data) };
      if (kind === 'pixelate') pixelate(expected, rect);
      else if (kind === 'blur') blur(expected, rect);
      else solidBox(expected, rect);
      assert.ok(sameImage(out, expected), `every pixel is the core's ${kind}, outside identical`);
      await s.close();
    });

  it('undo and redo across every tool, crop included; crop then redact', async () => {
    const original = picture(600, 400, true);
    const s = await edit(original);
    await s.open.page.click(`#colors button[data-color="${RED}"]`);
    const steps: [string, [number, number], [number, number]][] = [
      ['r', [20, 20], [80, 60]],
      ['e', [100, 20], [160, 60]],
      ['l', [180, 20], [240, 60]],
      ['a', [260, 20], [320, 60]],
      ['p', [340, 20], [400, 60]],
      ['h', [420, 20], [480, 60]],
      ['c', [10, 10], [590, 390]],
      ['x', [20, 100], [120, 160]],
      ['b', [140, 100], [240, 160]],
      ['k', [260, 100], [360, 160]],
    ];
    for (const [key, from, to] of steps) {
      await s.press(key);
      await s.drag(from, to);
    }
    await s.press('t');
    const t = s.at(400, 120);
    await s.open.page.mouse.click(t.x, t.y);
    await s.open.page.keyboard.type('Note');
    await s.press('Enter', 'n');
    const n1 = s.at(500, 300);
    await s.open.page.mouse.click(n1.x, n1.y);
    const all = decodePng(await s.save());
    assert.deepEqual([all.width, all.height], [580, 380], 'cropped');
    assert.ok(isRed(px(all, 10, 30)), 'the rectangle, 10 px in from the crop');

    await s.open.page.locator('#stage').focus();
    for (let i = 0; i < steps.length + 2; i++) await s.press('Control+z');
    assert.ok(sameImage(decodePng(await s.save()), original), 'everything undone: the capture itself');
    for (let i = 0; i < steps.length + 2; i++) await s.press('Control+Shift+z');
    assert.ok(sameImage(decodePng(await s.save()), all), 'everything redone: the same image');
    await s.close();
  });

  it('the keyboard alone: a tool, a box drawn with the arrow keys, confirmed, saved', async () => {
    const s = await edit(picture(800, 500));
    const { page } = s.open;
    await page.locator('#stage').focus();
    await s.press('r', 'ArrowLeft'); // the cursor appears in the middle of the view, moved 1 px
    for (let i = 0; i < 10; i++) await s.press('Shift+ArrowLeft'); // 100 px left
    await s.press('Space');
    for (let i = 0; i < 20; i++) await s.press('Shift+ArrowRight');
    for (let i = 0; i < 5; i++) await s.press('Shift+ArrowDown');
    await s.press('Space');
    const out = decodePng(await s.save());
    // from (400 - 101, 250) to (400 + 99, 300), in the editor's default colour
    assert.ok(isRed(px(out, 299, 275)) && isRed(px(out, 499, 275)), 'left and right sides');
    assert.ok(isRed(px(out, 400, 250)) && isRed(px(out, 400, 300)), 'top and bottom');
    assert.ok(isGrey(px(out, 400, 275)), 'inside untouched');
    assert.equal(await page.locator('#tools button[aria-pressed="true"]').getAttribute('title'), 'Rectangle (R)');
    await s.close();
  });

  it('Esc with no changes closes at once; with changes it asks first', async () => {
    const quiet = await edit(picture(300, 200));
    await quiet.open.page.locator('#stage').focus();
    await quiet.press('Escape');
    await quiet.open.page.locator('body[data-finished="discard"]').waitFor();
    assert.equal(app.app.editor.editing, null);
    await quiet.close();

    const s = await edit(picture(300, 200));
    const { page } = s.open;
    await s.press('r');
    await s.drag([20, 20], [120, 120]);
    await s.press('Escape');
    await page.locator('#confirm-discard[open]').waitFor();
    await page.click('#keep-editing');
    assert.equal(await page.locator('#confirm-discard[open]').count(), 0);
    assert.notEqual(app.app.editor.editing, null, 'still editing');
    await page.locator('#stage').focus();
    await s.press('Escape');
    await page.click('#really-discard');
    await page.locator('body[data-finished="discard"]').waitFor();
    assert.equal(app.app.editor.editing, null);
    await s.close();
  });

  it('HiDPI: a 2× capture exports at 2× with lines twice as thick; the colour and width are remembered', async () => {
    const s = await edit(picture(800, 500), { scale: 2 });
    await s.open.page.click('#widths button[data-width="8"]');
    await s.open.page.click('#colors button[data-color="#0090ff"]');
    await s.press('r');
    await s.drag([100, 100], [300, 300]);
    const out = decodePng(await s.save());
    assert.deepEqual([out.width, out.height], [800, 500]);
    let thick = 0;
    for (let x = 80; x < 120; x++) if (!isGrey(px(out, x, 200))) thick++;
    assert.ok(thick >= 15 && thick <= 17, `an 8 px stroke at 2× is 16 image pixels (${thick})`);
    await waitFor('the choice saved', () => (app.settings().editor.width === 8 ? true : undefined));
    assert.deepEqual(app.settings().editor, { color: '#0090ff', width: 8 });
    await s.close();
    await app.call('settings', 'saveSettings', { editor: { color: RED, width: 4 } });
  });

  it('without its export worker (refused), the page sends the pixels and main makes the same PNG', async () => {
    const image = picture(300, 200, true);
    const s = await edit(image, {
      init: () => {
        (window as unknown as { Worker: unknown }).Worker = class {
          constructor() {
            throw new DOMException('refused by the test', 'SecurityError');
          }
        };
      },
    });
    await s.press('k');
    await s.drag([20, 20], [120, 90]);
    const fallback = decodePng(await s.save('pixels'));
    await s.close();
    const withWorker = await edit(image);
    await withWorker.press('k');
    await withWorker.drag([20, 20], [120, 90]);
    const png = await withWorker.save('png');
    await withWorker.close();
    assert.deepEqual(
      pngChunks(png)
        .map((c) => c.type)
        .filter((t, i, all) => all.indexOf(t) === i),
      ['IHDR', 'IDAT', 'IEND'],
    );
    assert.ok(sameImage(decodePng(png), fallback), 'the worker and the fallback export the same pixels');
    assert.ok(!sameImage(fallback, image), 'the solid box is in the export');
  });

  it('Copy puts the edited PNG on the clipboard', async () => {
    const s = await edit(picture(300, 200));
    await s.press('k');
    await s.drag([10, 10], [60, 60]);
    const before = app.fake.clipboardImages.length;
    await s.press('Control+c');
    await waitFor('an image on the clipboard', () => (app.fake.clipboardImages.length > before ? true : undefined));
    const copied = app.fake.clipboardImages.at(-1)!;
    assert.equal(copied.type, 'image/png');
    assert.ok(copied.buffer.equals(await s.save()), 'the same bytes Save writes');
    await s.close();
  });

  it('Settings → Captures → After a capture: per kind, saved', async () => {
    const open = await app.open('settings', { viewport: { width: 720, height: 640 } });
    const { page } = open;
    await page.getByLabel('After a region capture').selectOption('edit');
    await page.getByLabel('After a screen capture').selectOption('edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'Saved');
    assert.deepEqual(app.settings().afterCapture, { region: 'edit', window: 'share', screen: 'edit' });
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
    await app.call('settings', 'saveSettings', { afterCapture: { region: 'share', window: 'share', screen: 'share' } });
  });

  it(
    'Redact sensitive text: OCR proposes each secret, Y redacts it, N skips it; Copy text copies what is left',
    { skip: skipUnless(...TEXT_IMAGE_NEEDS) },
    async () => {
      const lines = [
        'Contact: alice.smith@example.com today',
        'Build 1234 passed all checks',
        'Server 192.168.10.254 is up',
      ];
      const s = await edit(decodePng(renderText(lines, { width: 640 })));
      const { page } = s.open;
      await page.click('#find-secrets');
      await page.locator('body[data-review="2"]').waitFor({ timeout: 60_000 });
      assert.match((await page.locator('#live').textContent()) ?? '', /E-mail address “alice\.smith@example\.com”/);
      await s.press('y');
      await page.locator('body[data-review="1"]').waitFor();
      assert.match((await page.locator('#live').textContent()) ?? '', /IP address “192\.168\.10\.254”/);
      await s.press('n');
      await page.locator('body[data-review="0"]').waitFor();
      await page.click('#copy-text');
      await page.locator('body[data-finished="copy-text"]').waitFor({ timeout: 60_000 });
      const text = app.fake.clipboardWrites.at(-1)!;
      assert.doesNotMatch(text, /alice|example\.com/, 'the accepted one is redacted');
      assert.match(text, /192\.168\.10\.254/, 'the skipped one is not');
      assert.match(text, /Build 1234 passed all checks/);
      const out = decodePng(await s.save());
      let black = 0;
      for (let y = 15; y < 50; y++)
        for (let x = 100; x < 300; x++)
          if (
            px(out, x, y)
              .slice(0, 3)
              .every((v) => v === 0)
          )
            black++;
      assert.ok(black > 3000, `a solid box over the e-mail address (${black} black pixels)`);
      await s.close();
    },
  );

  it('axe finds nothing, light and dark; the docs screenshots', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const s = await edit(
        decodePng(
          await readFile(path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'history-light.png')),
        ),
        { colorScheme },
      );
      const { page } = s.open;
      await page.click(`#colors button[data-color="${RED}"]`);
      await s.press('a');
      await s.drag([420, 120], [300, 60]);
      await s.press('n');
      const p = s.at(250, 60);
      await page.mouse.click(p.x, p.y);
      await s.press('x');
      await s.drag([40, 140], [300, 180]);
      await saveScreenshot(page, `editor-${colorScheme}`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await s.close();
    }
  });

  it('Share: the edited PNG is queued as a capture, its link on the clipboard, and the link serves the edited bytes', async () => {
    server = await startTestServer();
    const paired = await app.call('settings', 'pair', server.url, await server.createToken(uniqueUserId('editor')));
    assert.equal(paired.ok, true, paired.error ?? '');
    const s = await edit(picture(300, 200, true));
    await s.press('k');
    await s.drag([10, 10], [100, 100]);
    await s.open.page.locator('#stage').focus();
    await s.press('Enter');
    await s.open.page.locator('body[data-finished="share"]').waitFor({ timeout: 30_000 });
    const url = app.fake.clipboardWrites.at(-1)!;
    assert.match(url, /^https?:\/\//);
    const job = (await app.call('drop', 'listJobs')).find((j) => j.url === url)!;
    assert.equal(job.kind, 'screenshot');
    assert.equal(job.localPath, path.join(path.dirname(s.file), `${path.basename(s.file, '.png')}-edited.png`));
    const edited = await readFile(job.localPath!);
    assert.ok((await stat(s.file)).size > 0, 'the capture itself is kept');
    await waitFor(
      'the upload',
      async () =>
        (await app.call('drop', 'listJobs')).find((j) => j.url === url)?.state === 'done' ? true : undefined,
      30_000,
    );
    const served = Buffer.from(await (await fetch(server.url + new URL(url).pathname)).arrayBuffer());
    assert.ok(served.equals(edited), 'the link serves the edited bytes');
    assert.deepEqual(px(decodePng(served), 50, 50), [0, 0, 0, 255], 'with the solid box');
    assert.equal(app.app.editor.editing, null, 'the editor closed');
    await s.close();
  });
});

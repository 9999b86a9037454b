/**
 * The drop window's way into the editor, in Chromium on the app's own main process (renderer-app.ts): an image
 * dropped with Alt held, or chosen with "Edit…", opens the editor on that file (where it is, nothing queued);
 * the zone says so while Alt is held over it; a plain drop still shares; two files, or a file that is not an
 * image, are refused with a message in the window. The editor then opens the dropped image (a JPEG too), and
 * Save writes the edited PNG beside it, the dropped file untouched.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JSHandle, Page } from 'playwright-core';
import { EDITOR_SIZE } from '../../main/app/windows/editor-window.ts';
import { DROP_WINDOW_SIZE } from '../../main/app/windows/drop-window.ts';
import { decodePng } from '../../main/capture/png.ts';
import { desktopPng } from '../helpers/renderer-fixtures.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';

const DROP = { width: DROP_WINDOW_SIZE.width, height: DROP_WINDOW_SIZE.height };

interface Dropped {
  name: string;
  type: string;
  bytes: Buffer;
}

function transfer(page: Page, files: Dropped[]): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list)
        dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
  );
}

describe('drop window → editor', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  let app: RendererApp;
  const png: Dropped = {
    name: 'diagram.png',
    type: 'image/png',
    bytes: desktopPng(320, 200, 1, [{ x: 20, y: 16, width: 200, height: 120 }]),
  };

  before(async () => {
    harness = await startRendererHarness();
    app = await startRendererApp(harness); // not paired: a plain drop says so, which tells share from edit
  });
  after(async () => {
    await app?.close();
    await harness?.close();
  });

  it('Alt held over the zone: it says a drop edits; an Alt-drop opens the editor on that file, nothing queued', async () => {
    const open = await app.open('drop', { viewport: DROP });
    const { page } = open;
    assert.match((await page.locator('#zone-help').textContent()) ?? '', /Hold Alt to edit an image instead/);
    const dataTransfer = await transfer(page, [png]);
    await page.dispatchEvent('#zone', 'dragenter', { dataTransfer });
    await page.dispatchEvent('#zone', 'dragover', { dataTransfer, altKey: true });
    assert.equal(await page.locator('#zone').getAttribute('data-drag'), 'edit');
    assert.equal(await page.locator('#zone-title').textContent(), 'Drop an image to edit it');
    await page.dispatchEvent('#zone', 'dragover', { dataTransfer, altKey: false });
    assert.equal(await page.locator('#zone').getAttribute('data-drag'), 'true', 'Alt let go: a drop shares');
    assert.equal(await page.locator('#zone-title').textContent(), 'Drop files to share');

    await page.dispatchEvent('#zone', 'drop', { dataTransfer, altKey: true });
    await page.locator('#status[data-tone="ok"]').waitFor();
    assert.equal(await page.locator('#status').textContent(), 'diagram.png is open in the editor');
    assert.equal(await page.locator('#zone').getAttribute('data-drag'), null);
    assert.equal(await page.locator('#zone-title').textContent(), 'Drop files to share');
    const file = app.app.editor.editing;
    assert.ok(file && path.basename(file) === 'diagram.png', `the editor edits the dropped file: ${file}`);
    assert.ok((await readFile(file)).equals(png.bytes));
    assert.deepEqual(await app.call('drop', 'listJobs'), [], 'nothing queued');
    assert.deepEqual(
      open.calls.map(([method]) => method).filter((m) => m === 'editDroppedFile' || m === 'shareFiles'),
      ['editDroppedFile'],
    );

    // the editor opens on it and Save writes the edited copy beside it
    const editor = await app.open('editor', { viewport: EDITOR_SIZE });
    assert.equal(await editor.page.title(), 'diagram.png — Traydrop Editor');
    await editor.page.keyboard.press('Control+s');
    await editor.page.locator('body[data-finished="save"]').waitFor();
    const saved = path.join(path.dirname(file), 'diagram-edited.png');
    assert.ok(decodePng(await readFile(saved)).data.equals(decodePng(png.bytes).data), 'same pixels, nothing drawn');
    assert.ok((await readFile(file)).equals(png.bytes), 'the dropped file is untouched');
    assert.deepEqual(await pageProblems(editor), []);
    await editor.close();
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('a plain drop still shares; Alt with two files or a text file is refused in the window', async () => {
    const open = await app.open('drop', { viewport: DROP });
    const { page } = open;
    await page.dispatchEvent('#zone', 'drop', { dataTransfer: await transfer(page, [png]) });
    await page.locator('#status[data-tone="error"]').waitFor();
    assert.match((await page.locator('#status').textContent()) ?? '', /not paired/, 'shared, not edited');

    const text: Dropped = { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('just text') };
    await page.dispatchEvent('#zone', 'drop', { dataTransfer: await transfer(page, [png, text]), altKey: true });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('one image'));
    assert.equal(await page.locator('#status').textContent(), 'Drop one image at a time to edit it');

    await page.dispatchEvent('#zone', 'drop', { dataTransfer: await transfer(page, [text]), altKey: true });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('not an image'));
    assert.equal(
      await page.locator('#status').textContent(),
      'notes.txt is not an image the editor can open (PNG, JPEG, WebP, GIF, BMP)',
    );
    assert.equal(open.calls.filter(([method]) => method === 'editDroppedFile').length, 1, 'two files never reach main');
    assert.deepEqual(await app.call('drop', 'listJobs'), []);
    await open.close();
  });

  it('Edit… chooses an image with the file chooser (a JPEG): the editor opens it', async () => {
    const open = await app.open('drop', { viewport: DROP });
    const { page } = open;
    const jpeg = Buffer.from(
      await page.evaluate(async () => {
        const canvas = new OffscreenCanvas(200, 120);
        const g = canvas.getContext('2d')!;
        g.fillStyle = '#3366cc';
        g.fillRect(0, 0, 200, 120);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        return [...new Uint8Array(await blob.arrayBuffer())];
      }),
    );
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#edit').click()]);
    assert.equal(chooser.isMultiple(), false);
    await chooser.setFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator('#status[data-tone="ok"]').waitFor();
    assert.equal(path.basename(app.app.editor.editing ?? ''), 'photo.jpg');

    const editor = await app.open('editor', { viewport: EDITOR_SIZE });
    await editor.page.keyboard.press('Control+s');
    await editor.page.locator('body[data-finished="save"]').waitFor();
    const saved = decodePng(await readFile(path.join(path.dirname(app.app.editor.editing!), 'photo-edited.png')));
    assert.deepEqual([saved.width, saved.height], [200, 120]);
    const [r, g, b] = saved.data;
    assert.ok(Math.abs(r! - 0x33) < 8 && Math.abs(g! - 0x66) < 8 && Math.abs(b! - 0xcc) < 8, `${r},${g},${b}`);
    assert.deepEqual(await pageProblems(editor), []);
    await editor.close();
    await open.close();
  });
});

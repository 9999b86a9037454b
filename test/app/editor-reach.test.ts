/**
 * How the editor is reached, on the glue with the fake Electron: the "Capture region and edit" hotkey, the
 * "After a capture" setting, the tray's "Edit last capture", the history's "Edit…" (editFile), and the
 * "Capture text" hotkey (region → OCR → clipboard, nothing uploaded, the picture not kept).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { editorContextOfQuery } from '../../common/editor-query.ts';
import { EDITOR_CAPTURE_URL, type EditorContext } from '../../common/ipc-contract.ts';
import { saveCapture } from '../../main/capture/save-capture.ts';
import { skipUnless } from '../helpers/requirements.ts';
import { renderText, TEXT_IMAGE_NEEDS } from '../helpers/text-image.ts';
import { png as smallPng, startFixture, type Fixture } from './app-fixture.ts';
import { FakeWindow } from './fake-electron.ts';

const until = async (check: () => boolean, what: string, ms = 2000) => {
  for (let i = 0; i < ms / 10 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
};
const editorWindows = () => FakeWindow.all.filter((w) => !w.destroyed && w.loaded?.file.includes('/editor/'));
const menuItem = (fx: Fixture, id: string) => fx.fake.menus.at(-1)!.template.find((i) => i.id === id)!;

async function selectRegion(fx: Fixture): Promise<void> {
  await until(
    () => FakeWindow.all.some((w) => !w.destroyed && w.loaded?.file.includes('region-selector')),
    'the overlay',
  );
  const overlay = FakeWindow.all.find((w) => !w.destroyed && w.loaded?.file.includes('region-selector'))!;
  await fx.invoke('finishSelection', [{ x: 10, y: 20, width: 300, height: 200 }], {
    url: fx.pageUrl('region-selector'),
    id: overlay.webContents.id,
  });
}

test('Capture region and edit, After a capture, Edit last capture: the editor opens and nothing is queued', async () => {
  const fx = await startFixture();
  try {
    assert.equal(fx.app.settings.get().hotkeys.captureRegionEdit, 'CommandOrControl+Shift+1');
    assert.equal(menuItem(fx, 'editLastCapture').enabled, false, 'nothing captured yet');
    fx.fake.shortcuts.get('CommandOrControl+Shift+1')!();
    // the editor's page loads, hidden, while the region is chosen (test/app/editor-standby.test.ts); the editor
    // takes that window and is sent its context
    await until(() => editorWindows().length === 1, 'the editor page loaded while selecting', 3000);
    const standby = editorWindows()[0]!;
    standby.webContents.emit('did-finish-load');
    await selectRegion(fx);
    await until(() => fx.app.windows.isOpen('editor'), 'the editor window');
    const edited = fx.app.editor.editing!;
    assert.equal(path.dirname(edited), fx.captures);
    assert.equal(fx.app.queue.journal.list().length, 0, 'not shared');
    const context = (await fx.invoke('getEditorContext', [], { url: fx.pageUrl('editor') })) as EditorContext;
    assert.equal(context.name, path.basename(edited));
    assert.deepEqual(standby.webContents.sent.at(-1)?.value, context);
    await fx.invoke('finishEdit', ['discard', null], { url: fx.pageUrl('editor') });
    await until(() => !fx.app.windows.isOpen('editor'), 'the editor closed');

    await until(() => menuItem(fx, 'editLastCapture').enabled === true, 'Edit last capture enabled');
    (menuItem(fx, 'editLastCapture').click as unknown as () => void)();
    await until(() => fx.app.windows.isOpen('editor'), 'the editor again');
    assert.equal(fx.app.editor.editing, edited, 'on the same capture');
    await fx.invoke('finishEdit', ['discard', null], { url: fx.pageUrl('editor') });

    // the plain Capture region still shares at once by default; screen captures open the editor once set so
    fx.fake.shortcuts.get('CommandOrControl+Shift+4')!();
    await selectRegion(fx);
    await until(() => fx.app.queue.journal.list().length === 1, 'the region shared');
    const saved = await fx.invoke(
      'saveSettings',
      [{ afterCapture: { region: 'share', window: 'share', screen: 'edit' } }],
      {
        url: fx.pageUrl('settings'),
      },
    );
    assert.deepEqual((saved as { errors: object }).errors, {});
    await fx.app.actions.captureScreen();
    await until(() => fx.app.windows.isOpen('editor'), 'the editor on the screen capture');
    assert.equal(fx.app.queue.journal.list().length, 1, 'the screen capture was not shared');
    assert.notEqual(fx.app.editor.editing, edited);
    const refused = fx.invoke('saveSettings', [{ afterCapture: { region: 'maybe' } }], { url: fx.pageUrl('settings') });
    assert.deepEqual(((await refused) as { errors: object }).errors, {
      'afterCapture.region': 'expected share or edit',
    });
  } finally {
    await fx.close();
  }
});

test("editFile (the history's Edit…): a PNG Traydrop captured or uploaded opens the editor; anything else is refused", async () => {
  const fx = await startFixture();
  try {
    const from = { url: fx.pageUrl('history') };
    const outside = path.join(fx.captures, '..', 'elsewhere.png');
    await writeFile(outside, 'x');
    await assert.rejects(fx.invoke('editFile', [outside], from), /not one Traydrop uploaded or captured/);
    await assert.rejects(fx.invoke('editFile', ['relative.png'], from), /full path/);
    const capture = await saveCapture(Buffer.from('not really'), {
      folder: fx.captures,
      kind: 'screenshot',
      extension: '.txt',
    });
    await assert.rejects(fx.invoke('editFile', [capture], from), /only PNG/);
    const png = await saveCapture(smallPng(), {
      folder: fx.captures,
      kind: 'screenshot',
      extension: '.png',
    });
    await fx.invoke('editFile', [png], from);
    await until(() => fx.app.windows.isOpen('editor'), 'the editor');
    assert.equal(fx.app.editor.editing, png);
    // the first edit since start, not a region chosen: a new window, whose query gives the capture's URL and
    // what the first paint needs, the same context as over IPC
    const context = await fx.invoke('getEditorContext', [], { url: fx.pageUrl('editor') });
    assert.equal(editorWindows().length, 1);
    const query = (editorWindows()[0]!.loaded!.options as { query: Record<string, string> }).query;
    assert.equal(query.capture, EDITOR_CAPTURE_URL);
    assert.deepEqual(editorContextOfQuery(new URLSearchParams(query)), context);
  } finally {
    await fx.close();
  }
});

test('a capture to edit while another is in the editor: the editor stays on its capture, the user is told', async () => {
  const fx = await startFixture();
  try {
    const from = { url: fx.pageUrl('history') };
    const capture = () => saveCapture(smallPng(), { folder: fx.captures, kind: 'screenshot', extension: '.png' });
    const first = await capture();
    const second = await capture();
    await fx.invoke('editFile', [first], from);
    await until(() => fx.app.windows.isOpen('editor'), 'the editor');
    await fx.invoke('editFile', [second], from);
    assert.equal(fx.app.editor.editing, first, 'Share would otherwise send these edits under the other name');
    assert.ok(fx.app.windows.isOpen('editor'));
    const told = fx.fake.notifications.at(-1)!;
    assert.equal(told.title, `Still editing ${path.basename(first)}`);
    assert.match(told.body, new RegExp(`${path.basename(second).replace(/[.]/g, '[.]')} is kept`));
    assert.deepEqual((await readdir(fx.captures)).sort(), [first, second].map((f) => path.basename(f)).sort());
    await fx.invoke('finishEdit', ['discard', null], { url: fx.pageUrl('editor') });
    await fx.invoke('editFile', [second], from);
    assert.equal(fx.app.editor.editing, second, 'once that one is done');
  } finally {
    await fx.close();
  }
});

test(
  'Capture text: the region is read offline, its text on the clipboard; nothing uploaded, nothing kept',
  { skip: skipUnless(...TEXT_IMAGE_NEEDS) },
  async () => {
    const text = renderText(['Invoice 4711 is due on Friday'], { scale: 2, width: 500 });
    const fx = await startFixture({
      capture: {
        captureSelection: async (target) => {
          const file = await saveCapture(text, { folder: target.folder, kind: 'region', extension: '.png' });
          return { path: file, kind: 'region', width: 1000, height: 100, takenAt: new Date() };
        },
      },
    });
    try {
      const before = fx.fake.clipboardWrites.length;
      assert.ok(fx.fake.shortcuts.has('CommandOrControl+Shift+0'), 'the Capture text hotkey');
      const done = fx.app.actions.captureText(); // what the hotkey runs; awaited, so the test ends after it
      await selectRegion(fx);
      assert.equal(await done, 'Invoice 4711 is due on Friday');
      assert.ok(fx.fake.clipboardWrites.length > before);
      assert.equal(fx.fake.clipboardWrites.at(-1), 'Invoice 4711 is due on Friday');
      await until(() => fx.fake.notifications.some((n) => n.title === 'Text copied'), 'the notification');
      assert.equal(fx.app.queue.journal.list().length, 0, 'nothing uploaded');
      assert.deepEqual(await readdir(fx.captures), [], 'the picture is not kept');
    } finally {
      await fx.close();
    }
  },
);

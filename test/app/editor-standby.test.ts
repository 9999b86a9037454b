/**
 * The standby editor window (main/app/windows/editor-window.ts), on the glue with the fake Electron: none by
 * default; one, hidden and with no capture, once a kind of capture opens the editor, and after every edit; the next
 * capture to edit takes it (no new window: the context is sent, the window shown) whether or not its page has
 * finished loading; the capture it fetches is the new one; another follows however the editor is closed (Discard,
 * or its window closed); quitting closes it; "Capture region and edit" has it loaded while the region is chosen;
 * it goes once no kind of capture opens the editor.
 * The page's side is
 * test/renderer/editor-standby.test.ts.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { EDITOR_STANDBY_KEY } from '../../common/editor-query.ts';
import { EDITOR_CAPTURE_SCHEME, EDITOR_CAPTURE_URL, IPC_EVENTS } from '../../common/ipc-contract.ts';
import { WHILE_SELECTING_DELAY_MS } from '../../main/app/flows/editor-flow.ts';
import type { captureSelection } from '../../main/capture/screenshot.ts';
import { STANDBY_DELAY_MS } from '../../main/app/windows/editor-window.ts';
import { startFixture, type Fixture } from './app-fixture.ts';
import { FakeWindow } from './fake-electron.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** The standby window is made STANDBY_DELAY_MS after it is asked for: waited for with some room. */
const until = <T>(find: () => T | undefined, what: string): Promise<T> =>
  waitFor(what, find, STANDBY_DELAY_MS + 3000, 20);
const queryOf = (w: FakeWindow) => (w.loaded!.options as { query: Record<string, string> }).query;
const editorWindows = () => FakeWindow.all.filter((w) => !w.destroyed && w.loaded?.file.includes('/editor/'));
const standby = () => editorWindows().find((w) => queryOf(w)[EDITOR_STANDBY_KEY] === '1' && !w.shown);
const fromEditor = (fx: Fixture) => ({ url: fx.pageUrl('editor') });
/** The contexts main sent a window (IPC_EVENTS.editorOpen), in order. */
const contextsSent = (w: FakeWindow) =>
  w.webContents.sent.filter((s) => s.channel === IPC_EVENTS.editorOpen).map((s) => s.value);
type SelectionOptions = Parameters<typeof captureSelection>[1];

test('a standby editor window: made when captures open the editor and after each edit, taken by the next', async () => {
  const fx = await startFixture();
  try {
    await new Promise((r) => setTimeout(r, STANDBY_DELAY_MS + 300));
    assert.equal(standby(), undefined, 'none while every capture is shared at once');
    await fx.invoke('saveSettings', [{ afterCapture: { region: 'share', window: 'share', screen: 'edit' } }], {
      url: fx.pageUrl('settings'),
    });
    const spare = await until(standby, 'a standby window');
    assert.equal(spare.options.show, false, 'hidden');
    assert.deepEqual(queryOf(spare), { capture: EDITOR_CAPTURE_URL, [EDITOR_STANDBY_KEY]: '1' }, 'no capture yet');
    assert.equal(fx.app.windows.isOpen('editor'), false, 'not an open editor');
    spare.webContents.emit('did-finish-load');

    const windowsBefore = FakeWindow.all.length;
    await fx.app.actions.captureScreen();
    await until(() => (fx.app.windows.isOpen('editor') ? true : undefined), 'the editor');
    assert.equal(FakeWindow.all.length, windowsBefore, 'no new window: the standby one was taken');
    assert.equal(spare.shown, true);
    const context = await fx.invoke('getEditorContext', [], fromEditor(fx));
    assert.deepEqual(contextsSent(spare), [context], 'sent its context once');
    const served = await fx.fake.protocols.get(EDITOR_CAPTURE_SCHEME)!(new Request(EDITOR_CAPTURE_URL));
    assert.equal(served.status, 200);
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(await readFile(fx.app.editor.editing!)), 'its bytes');
    const first = fx.app.editor.editing;

    // the edit ends: another standby window, a moment later; taken before its page has loaded, it is sent its
    // context and shown only once the page is there
    await fx.invoke('finishEdit', ['discard', null], fromEditor(fx));
    assert.equal(spare.destroyed, true);
    const next = await until(standby, 'the next standby window');
    assert.notEqual(next, spare);
    await fx.app.actions.captureScreen();
    await until(() => (fx.app.windows.isOpen('editor') ? true : undefined), 'the second editor');
    assert.notEqual(fx.app.editor.editing, first);
    assert.equal(next.shown, false, 'not shown before its page can paint');
    assert.equal(next.webContents.sent.length, 0);
    next.webContents.emit('did-finish-load');
    assert.equal(next.shown, true);
    assert.deepEqual(
      next.webContents.sent.map((s) => s.channel),
      [IPC_EVENTS.editorOpen],
    );
    await fx.invoke('finishEdit', ['discard', null], fromEditor(fx));
    const third = await until(standby, 'a standby window after the second edit');
    third.webContents.emit('did-finish-load');
    await fx.app.actions.captureScreen();
    await until(() => (third.shown ? true : undefined), 'the third editor');
    third.close(); // the user closes the window itself
    const last = await until(standby, 'a standby window after the window was closed');
    assert.notEqual(last, third);
    await fx.close();
    assert.equal(last.destroyed, true, 'closed when the app quits');
  } finally {
    await fx.close();
  }
});

test('Capture region and edit: the editor page loads while the region is chosen, and the editor takes it', async () => {
  const fx = await startFixture(); // every capture shared at once: no standby window beforehand
  const overlay = () => FakeWindow.all.find((w) => !w.destroyed && w.loaded?.file.includes('region-selector'));
  const choose = async () => {
    const selector = await until(overlay, 'the region overlay');
    const region = { x: 10, y: 20, width: 300, height: 200 };
    await fx.invoke('finishSelection', [region], { url: fx.pageUrl('region-selector'), id: selector.webContents.id });
  };
  try {
    // the plain Capture region shares at once: no editor page is loaded while it is chosen
    const shared = fx.app.actions.captureRegion();
    await until(overlay, 'the region overlay');
    await new Promise((r) => setTimeout(r, WHILE_SELECTING_DELAY_MS + 300));
    assert.equal(standby(), undefined, 'no standby window for a region shared at once');
    await choose();
    await shared;

    const editing = fx.app.actions.captureRegionEdit();
    await until(overlay, 'the region overlay');
    const spare = await until(standby, 'a standby window while the region is chosen');
    assert.ok(overlay(), 'made while the overlay is still open');
    assert.equal(fx.app.windows.isOpen('editor'), false);
    spare.webContents.emit('did-finish-load');
    const windowsBefore = FakeWindow.all.length;
    await choose();
    await editing;
    assert.equal(fx.app.windows.isOpen('editor'), true);
    assert.equal(FakeWindow.all.length, windowsBefore, 'no new window: the one loaded while choosing was taken');
    assert.equal(spare.shown, true);
    const context = await fx.invoke('getEditorContext', [], fromEditor(fx));
    assert.deepEqual(contextsSent(spare), [context]);
    assert.equal(fx.app.queue.journal.list().length, 1, 'only the plain region was shared');

    // both crops were given the grab decoded while the user chose (crop-png-fast.ts); the editor's saved fast
    const crops = fx.calls.filter((c) => c.name === 'captureSelection').map((c) => c.args[1] as SelectionOptions);
    assert.deepEqual(
      crops.map((o) => o.compression),
      ['small', 'fast'],
    );
    for (const { backend } of crops) {
      const decoded = await backend!.decoded!('screen0');
      assert.deepEqual([decoded?.width, decoded?.height], [4, 2], 'the frozen grab, decoded ahead');
    }
  } finally {
    await fx.close();
  }
});

test('the standby window is given back once no kind of capture opens the editor any more', async () => {
  const fx = await startFixture();
  const afterCapture = (screen: 'share' | 'edit') =>
    fx.invoke('saveSettings', [{ afterCapture: { region: 'share', window: 'share', screen } }], {
      url: fx.pageUrl('settings'),
    });
  try {
    await afterCapture('edit');
    const spare = await until(standby, 'a standby window');
    await afterCapture('share');
    assert.equal(spare.destroyed, true, 'closed at once');
    await new Promise((r) => setTimeout(r, STANDBY_DELAY_MS + 300));
    assert.equal(standby(), undefined, 'and no other made');
    await afterCapture('edit');
    await until(standby, 'a standby window again');
  } finally {
    await fx.close();
  }
});

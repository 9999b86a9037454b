/**
 * The editor page in a standby window (main/app/windows/editor-window.ts): loaded with no capture, it builds
 * everything, fetches nothing and waits; the context main sends (onEditorOpen) is checked, a bad one ignored; the
 * first good one fetches the capture once and paints it, with no getEditorContext round trip; a second is ignored
 * (a window edits one capture). Main's side is test/app/editor-standby.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EDITOR_STANDBY_KEY } from '../../common/editor-query.ts';
import { EDITOR_CAPTURE_URL, type EditorContext } from '../../common/ipc-contract.ts';
import { EDITOR_SIZE } from '../../main/app/windows/editor-window.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { greyPng, servedCapture, viewMiddle } from '../helpers/renderer-fixtures.ts';

const CONTEXT: EditorContext = { name: 'Standby.png', scaleFactor: 2, color: '#8e4ec6', width: 8 };

describe('editor standby window', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  before(async () => {
    harness = await startRendererHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('waits with nothing fetched, ignores a bad context, paints on the first good one only', async () => {
    const { protocols, fetched } = servedCapture(greyPng(120));
    const editor = await harness.open(
      'editor',
      { getSharedLink: async () => null },
      {
        query: { capture: EDITOR_CAPTURE_URL, [EDITOR_STANDBY_KEY]: '1' },
        protocols,
        viewport: EDITOR_SIZE,
        waitReady: false,
      },
    );
    const ready = () => editor.page.evaluate(() => document.body.dataset.ready === 'true');
    try {
      await editor.page.waitForSelector('body[data-standby="true"]', { state: 'attached' });
      assert.ok(await editor.page.locator('#tools button').count(), 'the toolbar is built ahead');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(fetched(), 0, 'no capture fetched before one is sent');
      assert.equal(await ready(), false);

      for (const bad of [{ ...CONTEXT, name: '../x.png' }, { ...CONTEXT, color: 'red' }, { name: 'only.png' }])
        await harness.emit('editorOpen', bad);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(fetched(), 0, 'a bad context is ignored');
      assert.equal(await ready(), false);

      await harness.emit('editorOpen', CONTEXT);
      await editor.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      assert.equal(await editor.page.title(), 'Standby.png — Traydrop Editor');
      assert.equal(await editor.page.getAttribute('#colors button[data-color="#8e4ec6"]', 'aria-checked'), 'true');
      assert.deepEqual(await viewMiddle(editor.page), [120, 120, 120, 255], 'the capture drawn');
      assert.equal(fetched(), 1);
      assert.deepEqual(
        editor.calls.filter(([method]) => method === 'getEditorContext'),
        [],
        "main's context came with the event: nothing asked",
      );

      await harness.emit('editorOpen', { ...CONTEXT, name: 'Other.png' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await editor.page.title(), 'Standby.png — Traydrop Editor', 'one capture per window');
      assert.equal(fetched(), 1);
      assert.deepEqual(await pageProblems(editor), []);
    } finally {
      await editor.close();
    }
  });
});

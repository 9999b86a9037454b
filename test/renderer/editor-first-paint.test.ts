/**
 * The editor's first paint does not wait for IPC (issue #17): the capture is fetched once, by the page's first
 * script (capture-early.ts), and the window's query carries what the paint needs of the context
 * (common/editor-query.ts), so the page is painted and ready while getEditorContext is still unanswered; with a
 * query that is missing a part or bad, it waits for that answer as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorQuery } from '../../common/editor-query.ts';
import { EDITOR_CAPTURE_URL, type EditorContext } from '../../common/ipc-contract.ts';
import { EDITOR_SIZE } from '../../main/app/windows/editor-window.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { greyPng, servedCapture, viewMiddle } from '../helpers/renderer-fixtures.ts';

const CONTEXT: EditorContext = { name: 'Shot.png', scaleFactor: 2, color: '#8e4ec6', width: 8 };

describe('editor first paint', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  before(async () => {
    harness = await startRendererHarness();
  });
  after(async () => {
    await harness?.close();
  });

  /** The editor with its capture served, and getEditorContext answered only when `answer()` is called. */
  async function open(query: Record<string, string>) {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const { protocols, fetched } = servedCapture(greyPng(200));
    const editor = await harness.open(
      'editor',
      {
        getEditorContext: async () => {
          await answered;
          return CONTEXT;
        },
        getSharedLink: async () => null,
      },
      { query: { capture: EDITOR_CAPTURE_URL, ...query }, protocols, viewport: EDITOR_SIZE, waitReady: false },
    );
    const ready = () => editor.page.evaluate(() => document.body.dataset.ready === 'true');
    return { editor, answer, ready, fetched };
  }

  it('paints from the query before getEditorContext answers, and fetches the capture once', async () => {
    const { editor, answer, ready, fetched } = await open(editorQuery(CONTEXT));
    try {
      await editor.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      assert.equal(await editor.page.title(), 'Shot.png — Traydrop Editor');
      assert.equal(
        await editor.page.getAttribute('#colors button[data-color="#8e4ec6"]', 'aria-checked'),
        'true',
        "the query's colour is chosen",
      );
      assert.equal(await editor.page.getAttribute('#widths button[data-width="8"]', 'aria-checked'), 'true');
      // a frame with the capture really drawn: the view's middle is the capture's grey
      assert.deepEqual(await viewMiddle(editor.page), [200, 200, 200, 255]);
      assert.equal(fetched(), 1, 'the first script and the bundle share one fetch');
      assert.ok(await ready());
      answer();
      assert.deepEqual(await pageProblems(editor), []);
    } finally {
      answer();
      await editor.close();
    }
  });

  it('with a bad query, waits for getEditorContext as before', async () => {
    const { editor, answer, ready } = await open({ ...editorQuery(CONTEXT), color: 'red' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await ready(), false, 'not painted before the context came over IPC');
      answer();
      await editor.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      assert.equal(await editor.page.title(), 'Shot.png — Traydrop Editor');
      assert.deepEqual(await pageProblems(editor), []);
    } finally {
      answer();
      await editor.close();
    }
  });
});

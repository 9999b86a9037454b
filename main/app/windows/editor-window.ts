/**
 * The capture editor's window: one at a time, large enough for a capture and the toolbar. Its query says where
 * the page fetches the capture (capture-protocol.ts), so the fetch starts before any IPC, and, when the editor
 * flow opens it, what the first paint needs of the context (common/editor-query.ts), so the page paints without
 * waiting for getEditorContext.
 */
import { editorQuery } from '../../../common/editor-query.ts';
import { EDITOR_CAPTURE_URL, type EditorContext } from '../../../common/ipc-contract.ts';
import { singleWindow, type WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

/** The editor's window size: its page is laid out and tested at it (test/renderer/editor.test.ts). */
export const EDITOR_SIZE = { width: 1280, height: 800 } as const;

/** The editor's window module; `open(context)` gives a window it creates that context in its query. */
export interface EditorWindowModule extends WindowModule {
  open(context?: EditorContext): void;
}

export function editorWindow(factory: WindowFactory): EditorWindowModule {
  let query: Record<string, string> = { capture: EDITOR_CAPTURE_URL };
  const withCapture: WindowFactory = {
    create: (page, options) => factory.create(page, options, query),
  };
  const single = singleWindow(withCapture, 'editor', () => ({
    title: 'Traydrop Editor',
    ...EDITOR_SIZE,
    minWidth: 720,
    minHeight: 480,
    autoHideMenuBar: true,
  }));
  return {
    ...single,
    open(context) {
      query = { capture: EDITOR_CAPTURE_URL, ...(context ? editorQuery(context) : {}) };
      single.open();
    },
  };
}

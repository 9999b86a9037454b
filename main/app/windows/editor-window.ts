/**
 * The capture editor's window: one at a time, large enough for a capture and the toolbar. Its query says where
 * the page fetches the capture (capture-protocol.ts), so the fetch starts before any IPC.
 */
import { EDITOR_CAPTURE_URL } from '../../../common/ipc-contract.ts';
import { singleWindow, type WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

/** The editor's window size: its page is laid out and tested at it (test/renderer/editor.test.ts). */
export const EDITOR_SIZE = { width: 1280, height: 800 } as const;

export function editorWindow(factory: WindowFactory): WindowModule {
  const withCapture: WindowFactory = {
    create: (page, options) => factory.create(page, options, { capture: EDITOR_CAPTURE_URL }),
  };
  return singleWindow(withCapture, 'editor', () => ({
    title: 'Traydrop Editor',
    ...EDITOR_SIZE,
    minWidth: 720,
    minHeight: 480,
    autoHideMenuBar: true,
  }));
}

/** The capture editor's window: one at a time, large enough for a capture and the toolbar. */
import { singleWindow, type WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

/** The editor's window size: its page is laid out and tested at it (test/renderer/editor.test.ts). */
export const EDITOR_SIZE = { width: 1280, height: 800 } as const;

export function editorWindow(factory: WindowFactory): WindowModule {
  return singleWindow(factory, 'editor', () => ({
    title: 'Traydrop Editor',
    ...EDITOR_SIZE,
    minWidth: 720,
    minHeight: 480,
    autoHideMenuBar: true,
  }));
}

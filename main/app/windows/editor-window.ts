/**
 * The capture editor's window: one at a time, large enough for a capture and the toolbar. Its query says where
 * the page fetches the capture (capture-protocol.ts), so the fetch starts before any IPC, and, when the editor
 * flow opens it, what the first paint needs of the context (common/editor-query.ts), so the page paints without
 * waiting for getEditorContext.
 *
 * A standby window makes the editor appear in about the time of decoding the capture (issue #17's first paint):
 * `prepare()` loads the page ahead, hidden, with no capture (`standby=1`), and the next `open(context)` takes it,
 * sends it the context (IPC_EVENTS.editorOpen) and shows it; the page then only fetches, decodes and draws. A cold
 * window spends most of its first paint starting its renderer, its bundle and its toolbar while the capture
 * decodes on the same two cores (bench/capture/editor.ts prints both). Each window edits one capture; a new
 * standby window is made only when asked, a moment later, so it never competes with the editor being shown.
 */
import type { BrowserWindow } from 'electron';
import { EDITOR_STANDBY_KEY, editorQuery } from '../../../common/editor-query.ts';
import { EDITOR_CAPTURE_URL, type EditorContext, IPC_EVENTS } from '../../../common/ipc-contract.ts';
import { bringToFront, type WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

/** The editor's window size: its page is laid out and tested at it (test/renderer/editor.test.ts). */
export const EDITOR_SIZE = { width: 1280, height: 800 } as const;

/** How long after `prepare()` the standby window is made: after the editor that just closed is gone. */
export const STANDBY_DELAY_MS = 2000;

/**
 * The editor's window module; `open(context)` gives a window it creates that context in its query. The standby
 * window is not open: `isOpen()` and `windows()` leave it out.
 */
export interface EditorWindowModule extends WindowModule {
  open(context?: EditorContext): void;
  /** A standby window for the next `open(context)`, made after `delayMs` unless there is one already. */
  prepare(delayMs?: number): void;
  /** Closes the standby window, and makes none after the next edit, until `prepare()` is called again. */
  release(): void;
}

const alive = (win: BrowserWindow | undefined): BrowserWindow | undefined =>
  win && !win.isDestroyed() ? win : undefined;

export function editorWindow(factory: WindowFactory): EditorWindowModule {
  let current: BrowserWindow | undefined;
  let spare: { win: BrowserWindow; loaded: boolean } | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** Asked for a standby window (prepare): another one follows every editor window that closes, however closed. */
  let keepWarm = false;
  const options = () => ({
    title: 'Traydrop Editor',
    ...EDITOR_SIZE,
    minWidth: 720,
    minHeight: 480,
    autoHideMenuBar: true,
  });
  const adopt = (win: BrowserWindow): BrowserWindow => {
    current = win;
    win.on('closed', () => {
      if (current === win) current = undefined;
      if (keepWarm) schedule(STANDBY_DELAY_MS);
    });
    return win;
  };
  const makeSpare = (): void => {
    timer = undefined;
    if (alive(spare?.win)) return;
    const win = factory.create(
      'editor',
      { ...options(), show: false },
      {
        capture: EDITOR_CAPTURE_URL,
        [EDITOR_STANDBY_KEY]: '1',
      },
    );
    const made = { win, loaded: false };
    spare = made;
    // the page's bundle (deferred) has run and listens for its context once the load is finished
    win.webContents.once('did-finish-load', () => (made.loaded = true));
    win.on('closed', () => {
      if (spare === made) spare = undefined;
    });
  };
  const schedule = (delayMs: number): void => {
    if (timer || alive(spare?.win)) return;
    timer = setTimeout(makeSpare, delayMs);
    timer.unref();
  };
  const cancelSpare = (): void => {
    clearTimeout(timer);
    timer = undefined;
    alive(spare?.win)?.destroy();
    spare = undefined;
  };
  return {
    open(context) {
      const open = alive(current);
      if (open) {
        bringToFront(open);
        return;
      }
      const standby = spare && alive(spare.win) ? spare : undefined;
      if (context && standby) {
        spare = undefined;
        const win = adopt(standby.win);
        const send = () => {
          if (win.isDestroyed()) return;
          win.webContents.send(IPC_EVENTS.editorOpen, context);
          win.show();
          win.focus();
        };
        if (standby.loaded) send();
        else win.webContents.once('did-finish-load', send);
        return;
      }
      // a standby window still to come would load beside this one: the next is made once this one closes
      clearTimeout(timer);
      timer = undefined;
      adopt(
        factory.create('editor', options(), { capture: EDITOR_CAPTURE_URL, ...(context ? editorQuery(context) : {}) }),
      );
    },
    prepare(delayMs = STANDBY_DELAY_MS) {
      keepWarm = true;
      schedule(delayMs);
    },
    /** Closes the editor and the standby window (the app quits, or the edit is over: `prepare()` makes another). */
    close() {
      keepWarm = false;
      cancelSpare();
      alive(current)?.close();
      current = undefined;
    },
    release() {
      keepWarm = false;
      cancelSpare();
    },
    isOpen: () => alive(current) !== undefined,
    windows: () => {
      const open = alive(current);
      return open ? [open] : [];
    },
  };
}

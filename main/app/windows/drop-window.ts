/**
 * The floating drop window (Windows and Linux trays cannot take drops; on macOS it is optional): small,
 * frameless, always on top, on every workspace. The user moves it by its top bar (or any bit of background:
 * the page marks them `-webkit-app-region: drag`), and it remembers where it was put (drop-window.json in the
 * config folder). A saved position that is no longer fully on a display (a monitor was unplugged) is ignored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { writeFileAtomicSync } from '../../config/atomic-write.ts';
import type { ElectronLike } from '../electron-like.ts';
import type { WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

export const DROP_WINDOW_STATE = 'drop-window.json';

/**
 * The window's size in DIP, and the size renderer/drop is laid out for (test/renderer/drop-history.test.ts
 * opens the page at exactly this). 240×220 holds, without clipping: the move bar (20 px), a drop zone big
 * enough to aim at with its label and "Choose files…", and once files are shared the zone gets compact and
 * two result rows (name, link or progress, Copy) fit, the rest scroll in the list. Wider and it covers more
 * of what the user works on (it is always on top); narrower and links are cut to a few characters.
 */
export const DROP_WINDOW_SIZE = { width: 240, height: 220 } as const;

/** The last 'move' this long ago: the user has let go, write the position (one write per drag, not per pixel). */
export const DROP_WINDOW_SAVE_DELAY_MS = 300;

/** Where the drop window goes: the saved spot if it is fully on a display, else the primary's bottom right. */
export function dropWindowPosition(
  saved: unknown,
  displays: readonly { workArea: Rectangle }[],
  primary: { workArea: Rectangle },
): { x: number; y: number } {
  const { width, height } = DROP_WINDOW_SIZE;
  const s = saved as { x?: unknown; y?: unknown } | null;
  if (s && Number.isInteger(s.x) && Number.isInteger(s.y)) {
    const x = s.x as number;
    const y = s.y as number;
    const visible = displays.some(
      ({ workArea: a }) => x >= a.x && y >= a.y && x + width <= a.x + a.width && y + height <= a.y + a.height,
    );
    if (visible) return { x, y };
  }
  const a = primary.workArea;
  return { x: a.x + a.width - width - 24, y: a.y + a.height - height - 24 };
}

/**
 * Written synchronously (writeFileAtomicSync: a crash leaves the old or the new file): it is a few bytes once
 * per drag, and on close, when the app may be quitting, an async write could be cut off or outlive the
 * config folder.
 */
function writePosition(file: string, position: { x: number; y: number }): void {
  try {
    writeFileAtomicSync(file, JSON.stringify(position) + '\n');
  } catch {
    // not remembering a window position is no reason to bother the user
  }
}

export function dropWindow(
  factory: WindowFactory,
  screen: ElectronLike['screen'],
  configDir: string,
  onVisibilityChange: () => void,
): WindowModule {
  const file = path.join(configDir, DROP_WINDOW_STATE);
  let win: BrowserWindow | undefined;
  const saved = (): unknown => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return null;
    }
  };
  return {
    open() {
      if (win && !win.isDestroyed()) return win.show();
      const position = dropWindowPosition(saved(), screen.getAllDisplays(), screen.getPrimaryDisplay());
      const current = factory.create('drop', {
        title: 'Drop files to share',
        ...position,
        ...DROP_WINDOW_SIZE,
        // Not transparent: the page is opaque edge to edge (with a 1 px outline), and a transparent window
        // shows black without a compositor on Linux.
        frame: false,
        resizable: false,
        maximizable: false,
        minimizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        hasShadow: false,
      });
      win = current;
      current.setAlwaysOnTop(true, 'floating');
      current.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
      // Where it was last seen, taken while the window is alive ('closed' comes after it is destroyed).
      let moved: { x: number; y: number } | undefined;
      let timer: NodeJS.Timeout | undefined;
      const flush = (): void => {
        clearTimeout(timer);
        timer = undefined;
        if (moved) writePosition(file, moved);
        moved = undefined;
      };
      const onMove = (): void => {
        if (current.isDestroyed()) return;
        const [x, y] = current.getPosition();
        moved = { x: x!, y: y! };
        clearTimeout(timer);
        timer = setTimeout(flush, DROP_WINDOW_SAVE_DELAY_MS);
      };
      // 'move' fires on every platform while it moves; 'moved' (macOS, Windows) once when it stops.
      current.on('move', onMove);
      current.on('moved', onMove);
      current.on('close', flush);
      current.on('closed', () => {
        flush();
        if (win === current) win = undefined;
        onVisibilityChange();
      });
      onVisibilityChange();
    },
    close() {
      if (win && !win.isDestroyed()) win.close();
    },
    isOpen: () => win !== undefined && !win.isDestroyed(),
    windows: () => (win && !win.isDestroyed() ? [win] : []),
  };
}

/**
 * The floating drop window (Windows and Linux trays cannot take drops; on macOS it is optional): small,
 * frameless, always on top, on every workspace, and it remembers where the user put it (drop-window.json in
 * the config folder). A saved position that is no longer on any display (a monitor was unplugged) is ignored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { writeFileAtomic } from '../../config/atomic-write.ts';
import type { ElectronLike } from '../electron-like.ts';
import type { WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

export const DROP_WINDOW_STATE = 'drop-window.json';
const SIZE = 132;

/** Where the drop window goes: the saved spot if it is fully on a display, else the primary's bottom right. */
export function dropWindowPosition(
  saved: unknown,
  displays: readonly { workArea: Rectangle }[],
  primary: { workArea: Rectangle },
): { x: number; y: number } {
  const s = saved as { x?: unknown; y?: unknown } | null;
  if (s && Number.isInteger(s.x) && Number.isInteger(s.y)) {
    const x = s.x as number;
    const y = s.y as number;
    const visible = displays.some(
      ({ workArea: a }) => x >= a.x && y >= a.y && x + SIZE <= a.x + a.width && y + SIZE <= a.y + a.height,
    );
    if (visible) return { x, y };
  }
  const a = primary.workArea;
  return { x: a.x + a.width - SIZE - 24, y: a.y + a.height - SIZE - 24 };
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
  let saveTimer: NodeJS.Timeout | undefined;
  const remember = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (!win || win.isDestroyed()) return;
      const [x, y] = win.getPosition();
      void writeFileAtomic(file, JSON.stringify({ x, y }) + '\n', 0o600).catch(() => undefined);
    }, 300);
  };
  return {
    open() {
      if (win && !win.isDestroyed()) return win.show();
      const position = dropWindowPosition(saved(), screen.getAllDisplays(), screen.getPrimaryDisplay());
      win = factory.create('drop', {
        title: 'Drop files to share',
        ...position,
        width: SIZE,
        height: SIZE,
        frame: false,
        transparent: true,
        resizable: false,
        maximizable: false,
        minimizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        hasShadow: false,
      });
      win.setAlwaysOnTop(true, 'floating');
      win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
      win.on('moved', remember);
      win.on('closed', () => {
        win = undefined;
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

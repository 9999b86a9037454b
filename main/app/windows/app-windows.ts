/** The settings, history and recording HUD windows: options only; the registry and factory do the rest. */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ElectronLike } from '../electron-like.ts';
import type { RecordingHud } from '../flows/recording-flow.ts';
import { singleWindow, type WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

const normal = (title: string, width: number, height: number): BrowserWindowConstructorOptions => ({
  title,
  width,
  height,
  minWidth: 480,
  minHeight: 360,
  autoHideMenuBar: true,
});

export function settingsWindow(factory: WindowFactory): WindowModule {
  return singleWindow(factory, 'settings', () => normal('Traydrop Settings', 720, 640));
}

export function historyWindow(factory: WindowFactory): WindowModule {
  return singleWindow(factory, 'history', () => normal('Traydrop History', 900, 640));
}

/** The HUD window's size: its page is laid out and tested at it (test/renderer/recording-hud.test.ts). */
export const RECORDING_HUD_SIZE = { width: 300, height: 48 } as const;

/**
 * A small always-on-top bar at the top centre of the display under the mouse, with the stop button. It
 * appears without taking the focus: the user is about to work in another window, and keys meant for it
 * (Esc, Enter, Space) must not reach the HUD and stop the recording. A click on it focuses it as usual.
 */
export function recordingHudWindow(
  factory: WindowFactory,
  screen: ElectronLike['screen'],
): WindowModule & RecordingHud {
  const module = singleWindow(
    factory,
    'recording-hud',
    () => {
      const { workArea } = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      const { width, height } = RECORDING_HUD_SIZE;
      return {
        title: 'Traydrop recording',
        width,
        height,
        x: Math.round(workArea.x + (workArea.width - width) / 2),
        y: workArea.y + 8,
        frame: false,
        resizable: false,
        movable: true,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        focusable: true,
        show: false,
      };
    },
    (win) => {
      win.once('ready-to-show', () => win.showInactive());
      win.setAlwaysOnTop(true, 'screen-saver');
      // never in the recording itself where the platform can hide it (macOS, Windows)
      win.setContentProtection(true);
    },
  );
  return { ...module, show: () => module.open(), hide: () => module.close() };
}

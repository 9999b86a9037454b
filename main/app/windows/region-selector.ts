/**
 * The region selector: one transparent overlay per display, each showing that display's frozen capture (a
 * data: URL; no file is exposed to the page), dimmed, with the crosshair, magnifier and dimensions drawn by the
 * page. The first overlay to call finishSelection ends the selection on every display; Esc sends null; closing
 * an overlay counts as Esc. Coordinates: the page reports DIP relative to its display; this module adds the
 * display's origin, so the flows get global DIP.
 */
import type { BrowserWindow } from 'electron';
import type { Rect, SelectorContext } from '../../../common/ipc-contract.ts';
import { windowsOnDisplay, type ScreenWindow } from '../../capture/display-geometry.ts';
import type { FrozenDisplay, RegionSelector } from '../flows/screenshot-flows.ts';
import type { WindowModule } from './registry.ts';
import type { WindowFactory } from './secure-window.ts';

interface Overlay {
  win: BrowserWindow;
  frozen: FrozenDisplay;
  /** Windows to snap to, DIP relative to this display, topmost first. */
  windows: Rect[];
}

export class RegionSelectorWindows implements RegionSelector, WindowModule {
  readonly #factory: WindowFactory;
  readonly #platform: NodeJS.Platform;
  readonly #overlays = new Map<number, Overlay>();
  #pending: ((rect: Rect | null) => void) | undefined;

  constructor(factory: WindowFactory, platform: NodeJS.Platform) {
    this.#factory = factory;
    this.#platform = platform;
  }

  select(frozen: readonly FrozenDisplay[], windows: readonly ScreenWindow[] = []): Promise<Rect | null> {
    this.#settle(null);
    const result = new Promise<Rect | null>((resolve) => (this.#pending = resolve));
    for (const f of frozen) {
      const { x, y, width, height } = f.display.bounds;
      const win = this.#factory.create(
        'region-selector',
        {
          title: 'Select a region',
          x,
          y,
          width,
          height,
          frame: false,
          transparent: true,
          resizable: false,
          movable: false,
          minimizable: false,
          maximizable: false,
          skipTaskbar: true,
          hasShadow: false,
          enableLargerThanScreen: true,
          alwaysOnTop: true,
          // macOS would animate into a new Space; the screen-saver level covers the menu bar there instead
          fullscreen: this.#platform !== 'darwin',
        },
        { display: String(f.display.id) },
      );
      win.setAlwaysOnTop(true, 'screen-saver');
      win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
      const id = win.webContents.id;
      this.#overlays.set(id, { win, frozen: f, windows: windowsOnDisplay(windows, f.display) });
      win.on('closed', () => {
        this.#overlays.delete(id);
        this.#settle(null);
      });
    }
    return result;
  }

  /** What the overlay of this webContents shows; undefined for a window that is not an overlay. */
  context(webContentsId: number): SelectorContext | undefined {
    const overlay = this.#overlays.get(webContentsId);
    if (!overlay) return undefined;
    const { frozen, windows } = overlay;
    const { display, png } = frozen;
    return {
      displayId: String(display.id),
      width: display.bounds.width,
      height: display.bounds.height,
      scaleFactor: display.scaleFactor,
      screenshotUrl: `data:image/png;base64,${png.toString('base64')}`,
      windows,
    };
  }

  /** From an overlay: its selection in DIP relative to its display, or null (Esc). */
  finish(webContentsId: number, rect: Rect | null): boolean {
    const overlay = this.#overlays.get(webContentsId);
    if (!overlay) return false;
    const { bounds } = overlay.frozen.display;
    this.#settle(rect && { x: rect.x + bounds.x, y: rect.y + bounds.y, width: rect.width, height: rect.height });
    return true;
  }

  open(): void {
    // opened only through select()
  }

  close(): void {
    this.#settle(null);
  }

  isOpen(): boolean {
    return this.#overlays.size > 0;
  }

  windows(): BrowserWindow[] {
    return [...this.#overlays.values()].map((o) => o.win);
  }

  #settle(rect: Rect | null): void {
    const pending = this.#pending;
    this.#pending = undefined;
    for (const { win } of [...this.#overlays.values()]) if (!win.isDestroyed()) win.close();
    this.#overlays.clear();
    pending?.(rect);
  }
}

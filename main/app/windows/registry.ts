/**
 * The window registry (after Kap's windows/manager): each window module registers its open/close, and callers
 * (tray, hotkeys, IPC, second-instance) go through here, never into another window's internals.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PageName } from './pages.ts';
import type { WindowFactory } from './secure-window.ts';

export interface WindowModule {
  open(): void;
  close(): void;
  isOpen(): boolean;
  /** Every BrowserWindow the module has open (for events from main). */
  windows(): BrowserWindow[];
}

export class WindowRegistry {
  readonly #modules = new Map<PageName, WindowModule>();

  register(name: PageName, module: WindowModule): void {
    if (this.#modules.has(name)) throw new Error(`window ${name} is registered twice`);
    this.#modules.set(name, module);
  }

  open(name: PageName): void {
    this.#get(name).open();
  }

  close(name: PageName): void {
    this.#get(name).close();
  }

  toggle(name: PageName): void {
    const module = this.#get(name);
    if (module.isOpen()) module.close();
    else module.open();
  }

  isOpen(name: PageName): boolean {
    return this.#modules.get(name)?.isOpen() ?? false;
  }

  /** Every open window of every module. */
  all(): BrowserWindow[] {
    return [...this.#modules.values()].flatMap((m) => m.windows());
  }

  closeAll(): void {
    for (const module of this.#modules.values()) module.close();
  }

  #get(name: PageName): WindowModule {
    const module = this.#modules.get(name);
    if (!module) throw new Error(`no window ${name}`);
    return module;
  }
}

/** An open window shown, restored if minimized, and focused (opening it again). */
export function bringToFront(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** A window there is at most one of (settings, history): opening it again brings it to the front. */
export function singleWindow(
  factory: WindowFactory,
  page: PageName,
  options: () => BrowserWindowConstructorOptions,
  onCreate?: (win: BrowserWindow) => void,
): WindowModule {
  let win: BrowserWindow | undefined;
  return {
    open() {
      if (win && !win.isDestroyed()) {
        bringToFront(win);
        return;
      }
      win = factory.create(page, options());
      win.on('closed', () => (win = undefined));
      onCreate?.(win);
    },
    close() {
      if (win && !win.isDestroyed()) win.close();
      win = undefined;
    },
    isOpen: () => win !== undefined && !win.isDestroyed(),
    windows: () => (win && !win.isDestroyed() ? [win] : []),
  };
}

/** Native notifications: a link that is ready (click opens it) and errors that say what to do. */
import type { Electron, ElectronLike } from '../electron-like.ts';

export interface Notifier {
  linkReady(name: string, url: string, copied: boolean): void;
  /** `what` failed; `message` says why and what to do. */
  error(what: string, message: string): void;
  info(title: string, body: string): void;
}

/** How many shown notifications are held at most (the newest): older ones may lose their click handler. */
export const KEPT_NOTIFICATIONS = 50;

export function notifier(
  electron: Pick<ElectronLike, 'Notification' | 'shell'>,
  log: (line: string) => void,
  limit = KEPT_NOTIFICATIONS,
): Notifier & { readonly kept: number } {
  // A Notification nobody references can be garbage-collected while it is on screen, and its 'click' is then
  // never delivered (a known Electron problem): hold each one until it is clicked, closed or failed.
  const kept = new Set<Electron.Notification>();
  const show = (title: string, body: string, onClick?: () => void): void => {
    if (!electron.Notification.isSupported()) {
      log(`${title}: ${body}`);
      return;
    }
    const n = new electron.Notification({ title, body, silent: false });
    const release = (): void => void kept.delete(n);
    if (onClick) n.on('click', onClick);
    n.on('click', release);
    n.on('close', release);
    n.on('failed', (_event, error) => {
      release();
      log(`notification "${title}" failed: ${error}`);
    });
    kept.add(n);
    // a Set iterates in insertion order: the first is the oldest
    for (const oldest of kept) {
      if (kept.size <= limit) break;
      kept.delete(oldest);
    }
    try {
      n.show();
    } catch (error) {
      release();
      log(`notification "${title}" not shown: ${(error as Error).message}`);
    }
  };
  return {
    get kept() {
      return kept.size;
    },
    linkReady(name, url, copied) {
      show(
        `${name} uploaded`,
        copied ? `${url}\nThe link is on the clipboard. Click to open it.` : `${url}\nClick to open it.`,
        () => {
          electron.shell.openExternal(url).catch((error: unknown) => log(`open ${url}: ${(error as Error).message}`));
        },
      );
    },
    error(what, message) {
      show(`Traydrop: ${what}`, message);
    },
    info(title, body) {
      show(title, body);
    },
  };
}

/** Native notifications: a link that is ready (click opens it) and errors that say what to do. */
import type { ElectronLike } from '../electron-like.ts';

export interface Notifier {
  linkReady(name: string, url: string, copied: boolean): void;
  /** `what` failed; `message` says why and what to do. */
  error(what: string, message: string): void;
  info(title: string, body: string): void;
}

export function notifier(
  electron: Pick<ElectronLike, 'Notification' | 'shell'>,
  log: (line: string) => void,
): Notifier {
  const show = (title: string, body: string, onClick?: () => void): void => {
    if (!electron.Notification.isSupported()) {
      log(`${title}: ${body}`);
      return;
    }
    const n = new electron.Notification({ title, body, silent: false });
    if (onClick) n.on('click', onClick);
    n.show();
  };
  return {
    linkReady(name, url, copied) {
      show(
        `${name} uploaded`,
        copied ? `${url}\nThe link is on the clipboard. Click to open it.` : `${url}\nClick to open it.`,
        () => {
          void electron.shell.openExternal(url);
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

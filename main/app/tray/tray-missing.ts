/**
 * A Linux desktop that shows no tray icon (GNOME without its AppIndicator extension, a bar without a tray): the
 * app would be invisible, so the drop window (with the tray's menu under ⋯) stays open instead, and a
 * notification says how to get the icon. Asked in the background: at login the panel may come up after the
 * app, and the answer may take seconds.
 */
import { linuxTrayHost, noTrayAdvice, type TrayHost } from '../../desktop/tray-host.ts';
import type { AppActions } from '../actions.ts';
import type { Notifier } from '../services/notifier.ts';
import type { WindowRegistry } from '../windows/registry.ts';

export interface TrayMissingDeps {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether the desktop shows tray icons (tests answer for the session bus). */
  trayHost?: (env: NodeJS.ProcessEnv) => Promise<TrayHost>;
  actions: Pick<AppActions, 'trayMissing'>;
  windows: Pick<WindowRegistry, 'open'>;
  notifier: Notifier;
  /** The app is stopping: the answer came too late to matter. */
  stopped(): boolean;
}

/** Settles once the desktop was asked (at once off Linux). */
export function checkTrayShown(deps: TrayMissingDeps): Promise<void> {
  if (deps.platform !== 'linux') return Promise.resolve();
  return (deps.trayHost ?? linuxTrayHost)(deps.env).then((host) => {
    if (host !== 'missing' || deps.stopped()) return;
    deps.actions.trayMissing = true;
    deps.windows.open('drop');
    deps.notifier.info('No tray icon on this desktop', noTrayAdvice(deps.env));
  });
}

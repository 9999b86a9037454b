/**
 * Will a tray icon be seen on this Linux desktop? Electron's Linux tray is a StatusNotifierItem: it shows where a
 * StatusNotifierWatcher runs on the session bus (KDE Plasma, Cinnamon, XFCE, Budgie, Ubuntu's GNOME with its
 * AppIndicator extension, waybar's tray…). Without one, Chromium falls back to an XEmbed icon, which only an X11
 * panel with a legacy tray shows: GNOME has none since 3.26, and no Wayland desktop has XEmbed at all. There the
 * app would be invisible, so the glue keeps the drop window open instead and says how to get the icon.
 */
import { connectSessionBus } from '../dbus/bus-connection.ts';
import { nameHasOwner } from '../dbus/name-has-owner.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWayland } from '../capture/session-type.ts';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

/** `missing`: nothing will show the icon; `unknown`: no session bus to ask, or an X11 panel may (XEmbed). */
export type TrayHost = 'present' | 'missing' | 'unknown';

export const isGnome = (env: NodeJS.ProcessEnv): boolean =>
  `${env.XDG_CURRENT_DESKTOP ?? ''}:${env.XDG_SESSION_DESKTOP ?? ''}`.toLowerCase().split(':').includes('gnome');

/** What it means that no watcher runs: without XEmbed (Wayland, GNOME) nothing shows the icon. */
export function withoutWatcher(env: NodeJS.ProcessEnv): TrayHost {
  return isWayland(env) || isGnome(env) ? 'missing' : 'unknown';
}

/**
 * Asks the session bus, and keeps asking for `waitMs` (default 15 s) while no watcher is there: an app started at
 * login may be up before the panel that shows tray icons, and must not take that for a desktop without a tray.
 */
export async function linuxTrayHost(
  env: NodeJS.ProcessEnv = process.env,
  options: { waitMs?: number; everyMs?: number } = {},
): Promise<TrayHost> {
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  let bus;
  try {
    bus = await connectSessionBus(env, { timeoutMs: 2000 });
  } catch {
    return 'unknown';
  }
  try {
    for (;;) {
      if (await nameHasOwner(bus, STATUS_NOTIFIER_WATCHER, 2000)) return 'present';
      if (Date.now() >= deadline) return withoutWatcher(env);
      await sleep(options.everyMs ?? 500);
    }
  } catch {
    return 'unknown';
  } finally {
    bus.close();
  }
}

/** What to tell a user whose desktop shows no tray icons. */
export function noTrayAdvice(env: NodeJS.ProcessEnv): string {
  const fix = isGnome(env)
    ? 'GNOME shows tray icons with the "AppIndicator and KStatusNotifierItem Support" extension (the package gnome-shell-extension-appindicator on Debian, Ubuntu and Fedora), then log in again'
    : 'add a tray to your panel or bar (a StatusNotifier host, like waybar\'s "tray" module)';
  return `This desktop shows no tray icons, so the drop window stays open instead: its ⋯ button has the tray's menu. To get the icon: ${fix}.`;
}

/**
 * Will a tray icon be seen on this Linux desktop? Electron's Linux tray is a StatusNotifierItem: it shows where a
 * StatusNotifierWatcher runs on the session bus (KDE Plasma, Cinnamon, XFCE, Budgie, Ubuntu's GNOME with its
 * AppIndicator extension, waybar's tray…). Without one, Chromium falls back to an XEmbed icon, which only an X11
 * panel with a legacy tray shows: GNOME has none since 3.26, and no Wayland desktop has XEmbed at all. There the
 * app would be invisible, so the glue keeps the drop window open instead and says how to get the icon.
 */
import { connectSessionBus } from '../dbus/bus-connection.ts';
import { nameHasOwner } from '../dbus/name-has-owner.ts';
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

export async function linuxTrayHost(env: NodeJS.ProcessEnv = process.env): Promise<TrayHost> {
  let bus;
  try {
    bus = await connectSessionBus(env, { timeoutMs: 2000 });
  } catch {
    return 'unknown';
  }
  try {
    return (await nameHasOwner(bus, STATUS_NOTIFIER_WATCHER, 2000)) ? 'present' : withoutWatcher(env);
  } catch {
    return 'unknown';
  } finally {
    bus.close();
  }
}

/** What to tell a user whose desktop shows no tray icons. */
export function noTrayAdvice(env: NodeJS.ProcessEnv): string {
  const fix = isGnome(env)
    ? 'GNOME shows tray icons with the "AppIndicator and KStatusNotifierItem Support" extension (Debian/Ubuntu: gnome-shell-extension-appindicator; Fedora: gnome-shell-extension-appindicator), then log in again'
    : 'add a tray to your panel or bar (a StatusNotifier host, like waybar\'s "tray" module)';
  return `This desktop shows no tray icons, so the drop window stays open instead: its ⋯ button has the tray's menu. To get the icon: ${fix}.`;
}

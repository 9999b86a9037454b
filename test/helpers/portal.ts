/**
 * The real screenshot portal stack for the capture tests: a private D-Bus session bus (its own dbus-daemon,
 * no service folders, so nothing is started behind the test's back and nothing outlives it), and on it
 * xdg-permission-store; PipeWire (xdg-desktop-portal-wlr will not start without it); xdg-desktop-portal-wlr,
 * which answers org.freedesktop.impl.portal.Screenshot by running `grim /tmp/out.png`, or
 * `grim -g "$(slurp)" /tmp/out.png` when interactive; xdg-desktop-portal-gtk (its Access back-end: the
 * portal 1.16 offers Screenshot only when there is one); and xdg-desktop-portal itself, which picks the wlr
 * back-end because XDG_CURRENT_DESKTOP=sway. Each is started here, by path, and stopped by its pid.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BusConnection, connectSessionBus } from '../../main/dbus/bus-connection.ts';
import { type PrivateBus, type Service, startBus, startService, waitForName } from './private-bus.ts';
import { command, file, met } from './requirements.ts';
import { type Sway } from './sway.ts';

export { type PrivateBus, startBus };

const LIBEXEC = '/usr/libexec';
export const PORTAL = path.join(LIBEXEC, 'xdg-desktop-portal');
export const PORTAL_WLR = path.join(LIBEXEC, 'xdg-desktop-portal-wlr');
export const PORTAL_GTK = path.join(LIBEXEC, 'xdg-desktop-portal-gtk');
export const PERMISSION_STORE = path.join(LIBEXEC, 'xdg-permission-store');
/** The back-ends' descriptions (DBus name, interfaces, desktops), as their packages install them. */
const PORTAL_FILES = '/usr/share/xdg-desktop-portal/portals';

/** Whether this machine can run the portal tests (Debian: dbus, pipewire, xdg-desktop-portal, -wlr and -gtk). */
export function hasPortal(): boolean {
  return met(
    command('dbus-daemon'),
    command('pipewire'),
    file(PORTAL, 'xdg-desktop-portal'),
    file(PERMISSION_STORE, 'xdg-desktop-portal'),
    file(PORTAL_WLR, 'xdg-desktop-portal-wlr'),
    file(`${PORTAL_FILES}/wlr.portal`, 'xdg-desktop-portal-wlr'),
    file(PORTAL_GTK, 'xdg-desktop-portal-gtk'),
    file(`${PORTAL_FILES}/gtk.portal`, 'xdg-desktop-portal-gtk'),
  );
}

export interface PortalStack {
  /**
   * For a screenshot client on a desktop that is not wlroots (as on GNOME): the Wayland display, the private
   * bus, XDG_SESSION_TYPE=wayland, and neither SWAYSOCK nor XDG_CURRENT_DESKTOP, so Traydrop picks the portal.
   */
  env: NodeJS.ProcessEnv;
  /** The portals' output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * The portal stack on a private bus, showing `sway`'s screen. xdg-desktop-portal reads its back-ends'
 * .portal files from a folder of the stack's own (XDG_DESKTOP_PORTAL_DIR), holding wlr.portal and
 * gtk.portal only, whatever else the machine has installed. `access: false` leaves gtk out, the only Access
 * back-end: xdg-desktop-portal 1.16 then offers no Screenshot interface at all, as on a desktop whose portal
 * back-end is missing.
 */
export async function startPortal(sway: Sway, options: { access?: boolean } = {}): Promise<PortalStack> {
  const bus = await startBus();
  const home = mkdtempSync(path.join(os.tmpdir(), 'traydrop-portal-home-'));
  const portals = path.join(home, 'portals');
  mkdirSync(portals);
  for (const name of options.access === false ? ['wlr.portal'] : ['wlr.portal', 'gtk.portal'])
    copyFileSync(path.join(PORTAL_FILES, name), path.join(portals, name));
  const serviceEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_RUNTIME_DIR: sway.env.XDG_RUNTIME_DIR,
    WAYLAND_DISPLAY: sway.env.WAYLAND_DISPLAY,
    XDG_SESSION_TYPE: 'wayland',
    XDG_CURRENT_DESKTOP: 'sway',
    DBUS_SESSION_BUS_ADDRESS: bus.address,
  };
  const services: Service[] = [];
  let watcher: BusConnection | undefined;
  const stop = async (): Promise<void> => {
    watcher?.close();
    for (const service of services.reverse()) await service.stop();
    await bus.stop();
    rmSync(home, { recursive: true, force: true });
  };
  const log = (): string => services.map((s) => s.log()).join('\n');
  try {
    watcher = await connectSessionBus({ DBUS_SESSION_BUS_ADDRESS: bus.address });
    const store = startService(PERMISSION_STORE, ['--replace'], serviceEnv);
    services.push(store);
    await waitForName(watcher, 'org.freedesktop.impl.portal.PermissionStore', store);
    // xdg-desktop-portal-wlr will not start without a PipeWire daemon (its screencast half needs one)
    const pipewire = startService('pipewire', [], serviceEnv);
    services.push(pipewire);
    const pipewireSocket = path.join(sway.env.XDG_RUNTIME_DIR!, 'pipewire-0');
    for (const started = Date.now(); !existsSync(pipewireSocket); await sleep(20)) {
      if (pipewire.child.exitCode !== null || Date.now() - started > 10_000)
        throw new Error(`pipewire did not start: ${pipewire.log()}`);
    }
    const wlr = startService(PORTAL_WLR, ['-l', 'INFO'], serviceEnv);
    services.push(wlr);
    await waitForName(watcher, 'org.freedesktop.impl.portal.desktop.wlr', wlr);
    if (options.access !== false) {
      const gtk = startService(PORTAL_GTK, [], { ...serviceEnv, GDK_BACKEND: 'wayland' });
      services.push(gtk);
      await waitForName(watcher, 'org.freedesktop.impl.portal.desktop.gtk', gtk);
    }
    const portal = startService(PORTAL, ['--verbose'], { ...serviceEnv, XDG_DESKTOP_PORTAL_DIR: portals });
    services.push(portal);
    await waitForName(watcher, 'org.freedesktop.portal.Desktop', portal);
    watcher.close();
    watcher = undefined;
  } catch (error) {
    await stop();
    throw error;
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: sway.env.HOME,
    XDG_RUNTIME_DIR: sway.env.XDG_RUNTIME_DIR,
    XDG_SESSION_TYPE: 'wayland',
    WAYLAND_DISPLAY: sway.env.WAYLAND_DISPLAY,
    DBUS_SESSION_BUS_ADDRESS: bus.address,
  };
  return { env, log, stop };
}

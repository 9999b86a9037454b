/**
 * The screenshot portal's permission, read from the desktop's permission store: GNOME keeps the answer to "Allow
 * … to take screenshots?" there, and a "no" makes every later screenshot fail with the same unhelpful code 2.
 * When that is why a screenshot failed, the message says so and names the command that allows it again.
 */
import type { BusConnection } from '../dbus/bus-connection.ts';

const PERMISSION_STORE = {
  destination: 'org.freedesktop.impl.portal.PermissionStore',
  path: '/org/freedesktop/impl/portal/PermissionStore',
  interface: 'org.freedesktop.impl.portal.PermissionStore',
};

/** The permission store's `screenshot` table: app id → its answer ("yes"/"no"), or undefined if unreadable. */
export async function screenshotPermissions(bus: BusConnection): Promise<Map<string, string[]> | undefined> {
  try {
    const reply = await bus.call({
      ...PERMISSION_STORE,
      member: 'Lookup',
      signature: 'ss',
      body: ['screenshot', 'screenshot'],
      timeoutMs: 3000,
    });
    const table = reply.body?.[0];
    return table instanceof Map ? (table as Map<string, string[]>) : undefined;
  } catch {
    return undefined; // no store, or no such table yet (org.freedesktop.portal.Error.NotFound): nothing denied
  }
}

/**
 * The app ids whose screenshot permission is "no" and that may be us: "" is every unsandboxed app the portal
 * cannot name (Traydrop run from a terminal or a shortcut); newer portals name host apps from their
 * .desktop file or systemd scope, hence any id that mentions traydrop.
 */
export function deniedAppIds(permissions: ReadonlyMap<string, readonly string[]> | undefined): string[] {
  if (!permissions) return [];
  return [...permissions]
    .filter(([app, answer]) => answer[0] === 'no' && (app === '' || /traydrop/i.test(app)))
    .map(([app]) => app);
}

/** The command that sets the screenshot permission of `appId` to yes (busctl ships with systemd). */
export function allowScreenshotsCommand(appId: string): string[] {
  return [
    'busctl',
    '--user',
    'call',
    PERMISSION_STORE.destination,
    PERMISSION_STORE.path,
    PERMISSION_STORE.interface,
    'SetPermission',
    'sbssas',
    'screenshot',
    'true',
    'screenshot',
    appId,
    '1',
    'yes',
  ];
}

const shellWord = (word: string): string => (/^[\w./:=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** Why a screenshot failed with `response`, for the user: what to do about a denied permission included. */
export function failureMessage(
  response: { code: number; detail: string },
  options: { interactive: boolean; denied: readonly string[] },
): string {
  if (options.denied.length) {
    const command = allowScreenshotsCommand(options.denied[0]!).map(shellWord).join(' ');
    return (
      'the desktop denied Traydrop screenshots (its screenshot permission says no, probably an answer to ' +
      '"Allow … to take screenshots?"). Allow it in your desktop\'s privacy settings (GNOME Settings → Apps → ' +
      `Traydrop → Screenshots), or with: ${command}`
    );
  }
  if (options.interactive)
    return `the desktop's screenshot picker ended without a picture (${response.detail}: closed, or it failed)`;
  const allowHosts = allowScreenshotsCommand('').map(shellWord).join(' ');
  return (
    `the desktop's screenshot portal took no screenshot (${response.detail}). If it asked "Allow … to take ` +
    'screenshots?", answer Allow. GNOME may not ask an app that has no focused window, so the first ' +
    'screenshot from a shortcut or a terminal can fail like this; to allow it as that dialog would (for apps ' +
    `not installed as Flatpaks): ${allowHosts}`
  );
}

/**
 * One screenshot through the XDG desktop portal, the way GNOME and KDE let other programs read the screen on
 * Wayland: `org.freedesktop.portal.Screenshot.Screenshot` on the session bus, Request/Response pattern.
 *
 *  1. subscribe (AddMatch) to `Response` on /org/freedesktop/portal/desktop/request/<our unique name, ':'
 *     dropped, '.' → '_'>/<handle_token>, BEFORE calling, so a fast answer cannot be missed;
 *  2. call Screenshot("", {handle_token, interactive}); if the returned handle differs (pre-0.9 portals), listen
 *     on that path too;
 *  3. Response(code, results): 0 = done, `uri` is a file:// PNG the portal wrote (~/Pictures or /tmp);
 *     1 = the user cancelled; 2 = anything else, including a denied screenshot permission;
 *  4. read the PNG, then delete exactly that file (only if it is a regular file written since the request
 *     began: never a file the portal did not just make).
 *
 * Non-interactive: the whole desktop, no dialog (GNOME asks once "Allow … to take screenshots?" and keeps the
 * answer in the permission store). Interactive: the desktop's own picker (region, window or screen).
 * Tested against the real xdg-desktop-portal on a private bus (test/integration/capture-portal.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { lstat, readFile, unlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type BusConnection, BusUnavailableError, connectSessionBus, DBusError } from '../dbus/bus-connection.ts';
import type { DBusMessage } from '../dbus/message.ts';
import { type DBusValue, variant, type Variant } from '../dbus/types.ts';
import { pngSize } from './png.ts';
import { deniedAppIds, failureMessage, screenshotPermissions } from './portal-permission.ts';
import { CaptureToolError } from './run-tool.ts';

export const PORTAL_BUS_NAME = 'org.freedesktop.portal.Desktop';
export const PORTAL_PATH = '/org/freedesktop/portal/desktop';
const SCREENSHOT_INTERFACE = 'org.freedesktop.portal.Screenshot';
const REQUEST_INTERFACE = 'org.freedesktop.portal.Request';

/** How long a screenshot may take: a non-interactive one is quick; a picker waits for the user (as slurp). */
export const PORTAL_TIMEOUT_MS = 30_000;
export const PICKER_TIMEOUT_MS = 5 * 60_000;

const BACKENDS = 'xdg-desktop-portal-gnome on GNOME, xdg-desktop-portal-kde on KDE Plasma';

export const NO_SESSION_BUS =
  'no D-Bus session bus to reach the screenshot portal (on GNOME and KDE, Wayland screenshots go through it): ' +
  'run Traydrop inside your desktop session, where DBUS_SESSION_BUS_ADDRESS is set';

export const NO_PORTAL =
  'no screenshot portal on the session bus (org.freedesktop.portal.Desktop), which GNOME and KDE need on ' +
  `Wayland: install xdg-desktop-portal and your desktop's back-end for it (${BACKENDS}), then log in again`;

export const NO_PORTAL_SCREENSHOT =
  'the desktop portal runs but offers no screenshots on this desktop: install its back-end for your desktop ' +
  `(${BACKENDS}; on wlroots compositors xdg-desktop-portal-wlr with xdg-desktop-portal-gtk)`;

/** The D-Bus object path the portal's Request for `token` will have (portal docs, org.freedesktop.portal.Request). */
export function requestPath(uniqueName: string, token: string): string {
  return `${PORTAL_PATH}/request/${uniqueName.replace(/^:/, '').replace(/\./g, '_')}/${token}`;
}

/** A fresh handle_token: letters, digits and '_' only (it becomes an object path element). */
export function newHandleToken(random: Buffer = randomBytes(8)): string {
  return `traydrop_${random.toString('hex')}`;
}

/** The match rule for the Response of one request (sender = whoever owns the portal's name). */
export function responseMatchRule(path: string): string {
  return `type='signal',sender='${PORTAL_BUS_NAME}',interface='${REQUEST_INTERFACE}',member='Response',path='${path}'`;
}

export type ScreenshotResponse =
  { status: 'ok'; uri: string } | { status: 'cancelled' } | { status: 'failed'; code: number; detail: string };

/** A Response signal's body, (u response, a{sv} results), as what it means. */
export function parseScreenshotResponse(body: readonly DBusValue[] | undefined): ScreenshotResponse {
  const [code, results] = body ?? [];
  if (typeof code !== 'number') return { status: 'failed', code: -1, detail: 'the portal sent a malformed Response' };
  if (code === 1) return { status: 'cancelled' };
  if (code !== 0) return { status: 'failed', code, detail: `portal response ${code}` };
  const uri = results instanceof Map ? (results.get('uri') as Variant | undefined) : undefined;
  if (uri?.signature !== 's' || typeof uri.value !== 'string' || !uri.value.startsWith('file://'))
    return { status: 'failed', code, detail: 'the portal answered without a file:// uri' };
  return { status: 'ok', uri: uri.value };
}

/** The user closed the desktop's picker (portal response 1), or its dialog. Not an error to report as one. */
export class ScreenshotCancelledError extends CaptureToolError {
  override name = 'ScreenshotCancelledError';
}

/** Map what the bus said about calling the portal to what the user can do about it. */
function explainCallError(error: unknown): Error {
  if (error instanceof BusUnavailableError) return new CaptureToolError(`${NO_SESSION_BUS} (${error.message})`);
  if (!(error instanceof DBusError)) return error instanceof Error ? error : new Error(String(error));
  const name = error.errorName;
  if (/\.(ServiceUnknown|NameHasNoOwner)$/.test(name) || name.startsWith('org.freedesktop.DBus.Error.Spawn.'))
    return new CaptureToolError(`${NO_PORTAL} (${error.message})`);
  if (/\.(UnknownMethod|UnknownInterface|UnknownObject)$/.test(name))
    return new CaptureToolError(`${NO_PORTAL_SCREENSHOT} (${error.message})`);
  return new CaptureToolError(`the screenshot portal failed: ${error.message} (${name})`);
}

/** Delete the portal's file, but only if it is a regular file written since `since` (ms): the one just made. */
export async function removePortalFile(file: string, since: number): Promise<void> {
  try {
    const info = await lstat(file);
    if (info.isFile() && info.mtimeMs >= since - 2000) await unlink(file);
  } catch {
    // gone already, or not ours to delete: the screenshot itself is fine
  }
}

export interface PortalScreenshotOptions {
  /** The desktop's picker (region/window/screen) instead of the whole desktop at once. */
  interactive: boolean;
  env?: NodeJS.ProcessEnv;
  /** Default: PORTAL_TIMEOUT_MS, or PICKER_TIMEOUT_MS when interactive. */
  timeoutMs?: number;
}

/**
 * Steps 1–2 of the pattern and the wait: the Response signal's body, or undefined when none came by the
 * deadline (the request is then closed, without waiting long: a back-end stuck in its picker may not answer).
 */
async function requestScreenshot(
  bus: BusConnection,
  interactive: boolean,
  deadline: number,
): Promise<readonly DBusValue[] | undefined> {
  const token = newHandleToken();
  const paths = new Set([requestPath(bus.uniqueName, token)]);
  let received: ((signal: DBusMessage) => void) | undefined;
  const early: DBusMessage[] = [];
  bus.onSignal((signal) => {
    if (signal.interface !== REQUEST_INTERFACE || signal.member !== 'Response' || !paths.has(signal.path ?? '')) return;
    if (received) received(signal);
    else early.push(signal);
  });
  let handle: string;
  try {
    await bus.addMatch(responseMatchRule([...paths][0]!));
    const reply = await bus.call({
      destination: PORTAL_BUS_NAME,
      path: PORTAL_PATH,
      interface: SCREENSHOT_INTERFACE,
      member: 'Screenshot',
      signature: 'sa{sv}',
      body: ['', { handle_token: variant('s', token), interactive: variant('b', interactive) }],
      timeoutMs: Math.max(1000, deadline - Date.now()),
    });
    handle = String(reply.body?.[0] ?? '');
  } catch (error) {
    throw explainCallError(error);
  }
  if (!paths.has(handle)) {
    paths.add(handle); // an old portal that ignores handle_token: its Response cannot have been sent yet
    await bus.addMatch(responseMatchRule(handle)).catch(() => undefined);
  }
  const signal = await new Promise<DBusMessage | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
    received = (message) => {
      clearTimeout(timer);
      resolve(message);
    };
    if (early[0]) received(early[0]);
  });
  if (signal) return signal.body ?? [];
  const close = { destination: PORTAL_BUS_NAME, path: handle, interface: REQUEST_INTERFACE, member: 'Close' };
  await bus.call({ ...close, timeoutMs: 1000 }).catch(() => undefined);
  return undefined;
}

/** Step 4: the PNG at the portal's file:// uri; the file is deleted afterwards (removePortalFile's rules). */
async function readPortalPng(uri: string, since: number): Promise<Buffer> {
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    throw new CaptureToolError(`the screenshot portal gave a file Traydrop cannot read: ${uri}`);
  }
  try {
    const png = await readFile(file);
    pngSize(png); // a PNG, or this throws
    return png;
  } catch (error) {
    throw new CaptureToolError(`cannot read the portal's screenshot ${file}: ${(error as Error).message}`);
  } finally {
    await removePortalFile(file, since);
  }
}

const span = (ms: number): string => (ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/**
 * A PNG through the screenshot portal. Throws ScreenshotCancelledError when the user cancelled, and a
 * CaptureToolError that says what to do when there is no session bus, no portal, no screenshot back-end,
 * no permission, or no answer in time.
 */
export async function portalScreenshot(options: PortalScreenshotOptions): Promise<Buffer> {
  const { interactive } = options;
  const timeoutMs = options.timeoutMs ?? (interactive ? PICKER_TIMEOUT_MS : PORTAL_TIMEOUT_MS);
  const startedAt = Date.now();
  let bus: BusConnection;
  try {
    bus = await connectSessionBus(options.env ?? process.env, { timeoutMs: Math.min(timeoutMs, 10_000) });
  } catch (error) {
    throw explainCallError(error);
  }
  try {
    const body = await requestScreenshot(bus, interactive, startedAt + timeoutMs);
    if (!body) {
      throw new CaptureToolError(
        interactive
          ? `nothing was picked in the desktop's screenshot UI in ${span(timeoutMs)}`
          : `the screenshot portal did not answer in ${span(timeoutMs)}`,
      );
    }
    const response = parseScreenshotResponse(body);
    if (response.status === 'cancelled') throw new ScreenshotCancelledError('cancelled');
    if (response.status === 'failed') {
      // only a full-screen (non-interactive) screenshot asks the permission store
      const denied = response.code === 2 && !interactive ? deniedAppIds(await screenshotPermissions(bus)) : [];
      throw new CaptureToolError(failureMessage(response, { interactive, denied }));
    }
    return await readPortalPng(response.uri, startedAt);
  } finally {
    bus.close();
  }
}

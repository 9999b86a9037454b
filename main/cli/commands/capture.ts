/**
 * traydrop capture screen|region|window: with the app running, the command is handed to it (it has the
 * region overlay, the tray and notifications); without it, captures run here with the plain-Node back-ends
 * and go through the durable queue like `share` (so a desktop shortcut works with no app: an X11 box, a
 * minimal window manager, a wlroots Wayland compositor such as Sway, GNOME or KDE on Wayland). A region
 * without the app is given as `--geometry "X,Y WxH"` (slurp's output), or picked with slurp on wlroots
 * Wayland when it is installed. On GNOME/KDE Wayland (the screenshot portal) a region or a window is picked
 * in the desktop's own screenshot UI; cancelling it is reported like a cancelled slurp.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { captureArea, capturePicked, captureScreen, captureWindow } from '../../capture/screenshot.ts';
import { screenshotBackendKind } from '../../capture/screenshot-platform.ts';
import { readSettings } from '../../settings/index.ts';
import { type CliIo, EXIT, UsageError } from '../cli-io.ts';
import { openQueueContext } from '../queue-context.ts';
import { GEOMETRY_HINT, headlessRegion, parseGeometryOption } from '../region-arg.ts';
import { uploadCapture } from '../upload-capture.ts';
import { findRunningApp, forwardToApp } from './running-app.ts';

const MODES = ['screen', 'region', 'window'] as const;

export interface CaptureCommandDeps {
  capture?: {
    captureScreen: typeof captureScreen;
    captureWindow: typeof captureWindow;
    captureArea: typeof captureArea;
    capturePicked?: typeof capturePicked;
  };
  forward?: typeof forwardToApp;
}

export async function captureCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  deps: CaptureCommandDeps = {},
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'no-copy': { type: 'boolean', default: false },
      'no-app': { type: 'boolean', default: false },
      geometry: { type: 'string' },
    },
  });
  const mode = positionals[0] ?? 'screen';
  if (!(MODES as readonly string[]).includes(mode) || positionals.length > 1) {
    throw new UsageError(
      'usage: traydrop capture [screen|region|window] [--geometry "X,Y WxH"] [--json] [--no-copy] [--no-app]',
    );
  }
  if (values.geometry !== undefined && mode !== 'region') throw new UsageError('--geometry goes with `capture region`');
  const given = values.geometry === undefined ? undefined : parseGeometryOption(values.geometry); // usage errors first
  const app = values['no-app'] || given ? undefined : await findRunningApp(store.dir);
  if (app) {
    const code = await (deps.forward ?? forwardToApp)(app, ['capture', mode], env);
    if (code !== 0) io.err(`traydrop: the running app did not take the command (exit ${code})\n`);
    else io.err('Handed to the running Traydrop app: its link goes to the clipboard.\n');
    return code === 0 ? EXIT.ok : EXIT.failed;
  }
  // GNOME/KDE Wayland: no slurp, no window list; the desktop's own screenshot UI picks a region or a window
  const picker = !given && mode !== 'screen' && screenshotBackendKind(env) === 'portal';
  const rect = mode === 'region' && !picker ? await headlessRegion(given, env, io) : undefined;
  if (rect === null) return EXIT.failed; // slurp was cancelled or failed (it said why)
  if (mode === 'region' && !rect && !picker) {
    io.err(
      `traydrop: capture region needs the Traydrop app (its selection overlay), or the region: ${GEOMETRY_HINT}\n`,
    );
    return EXIT.usage;
  }
  const settings = readSettings(store.dir, { platform: process.platform, home: os.homedir(), env });
  const target = { folder: settings.capturesFolder, pattern: settings.naming.screenshot };
  const capture = deps.capture ?? { captureScreen, captureWindow, captureArea };
  let picked: Awaited<ReturnType<typeof capturePicked>> | undefined;
  if (picker) {
    try {
      picked = await (capture.capturePicked ?? capturePicked)(target, { kind: mode as 'region' | 'window', env });
    } catch (error) {
      // cancelled (or the picker failed), as a cancelled slurp is reported
      io.err(`traydrop: no ${mode} picked (${(error as Error).message})\n`);
      return EXIT.failed;
    }
  }
  const queue = await openQueueContext(store, env);
  try {
    const shot =
      picked ??
      (mode === 'screen'
        ? (await capture.captureScreen(target))[0]!
        : mode === 'window'
          ? await capture.captureWindow(target)
          : await capture.captureArea(target, { rect: rect!, env }));
    io.err(`Saved ${shot.path} (${shot.width}×${shot.height}).\n`);
    const options = { json: values.json, copy: !values['no-copy'] };
    return await uploadCapture(queue, { path: shot.path, kind: 'screenshot' }, settings, io, options);
  } finally {
    queue.close();
  }
}

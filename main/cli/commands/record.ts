/**
 * traydrop record start [screen] | stop: with the app running, handed to it (HUD, tray state). Without it,
 * `record start` records here with ffmpeg (main/capture/recorder.ts) until `traydrop record stop` (from any
 * terminal or a desktop shortcut: it leaves a stop request beside `recording.json` in the config folder, which
 * works the same on every OS), Ctrl-C or SIGTERM; then the mp4 goes through the durable queue and its link is
 * printed and copied. Region recording needs the app's selection overlay.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { startRecording } from '../../capture/recorder.ts';

import { readSettings } from '../../settings/index.ts';
import { type CliIo, EXIT, UsageError } from '../cli-io.ts';
import { GEOMETRY_HINT, headlessRegion, parseGeometryOption } from '../region-arg.ts';
import { openQueueContext } from '../queue-context.ts';
import { isProcessAlive } from '../../queue/process-alive.ts';
import { uploadCapture } from '../upload-capture.ts';
import { findRunningApp, forwardToApp } from './running-app.ts';

export const RECORDING_FILE = 'recording.json';
export const STOP_FILE = 'recording.stop';

async function headlessRecorder(dir: string): Promise<{ pid: number } | undefined> {
  try {
    const state = JSON.parse(await readFile(path.join(dir, RECORDING_FILE), 'utf8')) as { pid: number };
    return Number.isInteger(state.pid) && isProcessAlive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

export async function recordCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'no-copy': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'no-app': { type: 'boolean', default: false },
      geometry: { type: 'string' },
      microphone: { type: 'boolean', default: false },
      'no-microphone': { type: 'boolean', default: false },
    },
  });
  const [action, mode = 'screen'] = positionals;
  if ((action !== 'start' && action !== 'stop') || (mode !== 'screen' && mode !== 'region') || positionals.length > 2) {
    throw new UsageError(
      'usage: traydrop record start [screen|region [--geometry "X,Y WxH"]] [--microphone|--no-microphone] | traydrop record stop',
    );
  }
  if (values.microphone && values['no-microphone']) throw new UsageError('--microphone or --no-microphone, not both');
  if ((values.microphone || values['no-microphone']) && action !== 'start')
    throw new UsageError('--microphone and --no-microphone go with `record start`');
  const sound = values.microphone ? ['--microphone'] : values['no-microphone'] ? ['--no-microphone'] : [];
  if (values.geometry !== undefined && (action !== 'start' || mode !== 'region'))
    throw new UsageError('--geometry goes with `record start region`');
  const given = values.geometry === undefined ? undefined : parseGeometryOption(values.geometry); // usage errors first
  const dir = store.dir;
  const headless = await headlessRecorder(dir);
  const app = values['no-app'] || headless || given ? undefined : await findRunningApp(dir);
  if (app) {
    const code = await forwardToApp(
      app,
      action === 'stop' ? ['record', 'stop'] : ['record', 'start', mode, ...sound],
      env,
    );
    io.err(
      code === 0
        ? 'Handed to the running Traydrop app.\n'
        : `traydrop: the running app did not take it (exit ${code})\n`,
    );
    return code === 0 ? EXIT.ok : EXIT.failed;
  }
  if (action === 'stop') {
    if (!headless) {
      io.err('traydrop: nothing is recording\n');
      return EXIT.failed;
    }
    await writeFile(path.join(dir, STOP_FILE), String(headless.pid));
    for (let i = 0; i < 600 && (await headlessRecorder(dir)); i++) await sleep(100);
    io.err('Stopped; the recording uploads from the `traydrop record start` process.\n');
    return EXIT.ok;
  }
  if (headless) {
    io.err(`traydrop: already recording (pid ${headless.pid}); stop it with: traydrop record stop\n`);
    return EXIT.failed;
  }
  const region = mode === 'region' ? await headlessRegion(given, env, io) : undefined;
  if (region === null) return EXIT.failed; // slurp was cancelled or failed (it said why)
  if (mode === 'region' && !region) {
    io.err(
      `traydrop: record start region needs the Traydrop app (its selection overlay), or the region: ${GEOMETRY_HINT}\n`,
    );
    return EXIT.usage;
  }
  const settings = readSettings(dir, { platform: process.platform, home: os.homedir(), env });
  const queue = await openQueueContext(store, env); // fails now (not logged in) rather than after recording
  try {
    await rm(path.join(dir, STOP_FILE), { force: true });
    const recording = await startRecording({
      folder: settings.capturesFolder,
      pattern: settings.naming.recording,
      fps: settings.recording.fps,
      ...((values.microphone || settings.recording.microphone) && !values['no-microphone']
        ? { microphone: 'default' }
        : {}),
      ...(region ? { region } : {}),
      env,
    });
    await writeFile(
      path.join(dir, RECORDING_FILE),
      JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }),
    );
    io.err('Recording… stop with `traydrop record stop` or Ctrl-C.\n');
    const stopRequested = async (): Promise<void> => {
      for (;;) {
        if (signal?.aborted) return;
        try {
          await readFile(path.join(dir, STOP_FILE));
          return;
        } catch {
          await sleep(200);
        }
      }
    };
    const onSignal = (): void => void recording.stop().catch(() => undefined);
    process.once('SIGTERM', onSignal);
    let result;
    try {
      await Promise.race([stopRequested(), recording.done.catch(() => undefined)]);
      result = await recording.stop();
    } finally {
      process.off('SIGTERM', onSignal);
      await rm(path.join(dir, STOP_FILE), { force: true });
      await rm(path.join(dir, RECORDING_FILE), { force: true });
    }
    io.err(`Saved ${result.path} (${(result.wallMs / 1000).toFixed(1)} s).\n`);
    const options = { json: values.json, copy: !values['no-copy'] };
    return await uploadCapture(queue, { path: result.path, kind: 'recording' }, settings, io, options);
  } finally {
    queue.close();
  }
}

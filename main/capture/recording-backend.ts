/**
 * Which recorder this session gets: ffmpeg (X11, macOS, Windows), wf-recorder (wlroots Wayland compositors),
 * or the stream recorder (other Wayland desktops: GNOME, KDE, whose screen only their ScreenCast portal
 * shares; stream-recording.ts). Pure: the platform and the environment alone decide.
 */
import { captureSession } from './session-type.ts';

export type RecordingBackendKind = 'ffmpeg' | 'wf-recorder' | 'stream';

export function recordingBackendKind(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): RecordingBackendKind {
  const kinds = { native: 'ffmpeg', wlroots: 'wf-recorder', portal: 'stream' } as const;
  return kinds[captureSession(env, platform)];
}

/** What the CLI says where only the app can record (it needs the desktop's share dialog and a browser engine). */
export const STREAM_RECORDING_NEEDS_APP =
  'on this Wayland desktop (GNOME, KDE…) the screen is only shared through its portal, which the Traydrop app ' +
  'records: start the app, and `traydrop record start` is handled by it (the desktop asks which screen to share)';

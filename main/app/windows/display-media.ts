/**
 * getDisplayMedia, answered for the hidden recorder page only (stream-recording.ts); any other page gets
 * nothing (its getDisplayMedia rejects, which the recorder page reports as cancelled).
 *
 * On the Wayland desktops the recorder is for (GNOME, KDE), Chromium's PipeWire capturer opens the
 * ScreenCast portal itself when the stream starts, and the user picks the screen in the desktop's dialog.
 * desktopCapturer.getSources would open a portal session of its own first, so the user would be asked
 * twice (GNOME hides the second ask behind a restore token, other portals do not): there the grant is a
 * placeholder source whose id the PipeWire capturer does not use. Elsewhere the first screen is granted.
 */
import type { DesktopCapturerSource } from 'electron';
import { recordingBackendKind } from '../../capture/recording-backend.ts';
import type { ElectronLike } from '../electron-like.ts';
import { pageOfUrl, type AppPaths } from './pages.ts';

/** What the PipeWire capturer is handed on Wayland: it opens the portal and ignores this id. */
export const PORTAL_PICKS_THE_SCREEN = { id: 'screen:0:0', name: 'Entire screen' } as DesktopCapturerSource;

export function answerDisplayMedia(
  electron: Pick<ElectronLike, 'session' | 'desktopCapturer'>,
  paths: AppPaths,
  options: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv },
): void {
  const viaPortal = recordingBackendKind(options.env, options.platform) === 'stream';
  electron.session.defaultSession.setDisplayMediaRequestHandler((request, callback) => {
    const url = request.frame?.url ?? '';
    if (request.frame?.parent !== null || pageOfUrl(url, paths, options.platform) !== 'recorder') return callback({});
    if (viaPortal) return callback({ video: PORTAL_PICKS_THE_SCREEN });
    electron.desktopCapturer.getSources({ types: ['screen'] }).then(
      ([screen]) => callback(screen ? { video: screen } : {}),
      () => callback({}),
    );
  });
}

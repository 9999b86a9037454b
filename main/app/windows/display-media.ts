/**
 * getDisplayMedia, answered for the hidden recorder page only (stream-recording.ts): Electron asks the
 * desktop for a screen through desktopCapturer, which on GNOME/KDE Wayland opens the ScreenCast portal's
 * own "share which screen?" dialog and returns the one the user picked. Any other page, or no screen, gets
 * nothing (its getDisplayMedia rejects, which the recorder page reports as cancelled).
 */
import type { ElectronLike } from '../electron-like.ts';
import { pageOfUrl, type AppPaths } from './pages.ts';

export function answerDisplayMedia(
  electron: Pick<ElectronLike, 'session' | 'desktopCapturer'>,
  paths: AppPaths,
  platform?: NodeJS.Platform,
): void {
  electron.session.defaultSession.setDisplayMediaRequestHandler((request, callback) => {
    const url = request.frame?.url ?? '';
    if (request.frame?.parent !== null || pageOfUrl(url, paths, platform) !== 'recorder') return callback({});
    electron.desktopCapturer.getSources({ types: ['screen'] }).then(
      ([screen]) => callback(screen ? { video: screen } : {}),
      () => callback({}),
    );
  });
}

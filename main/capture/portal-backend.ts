/**
 * The ScreenshotBackend for Wayland desktops without wlr-screencopy (GNOME, KDE): the XDG screenshot portal
 * (portal-screenshot.ts). The portal hands over one image of the whole desktop, every monitor in it, so this
 * back-end lists one display, the desktop; a region is cropped from it in-process (screenshot.ts,
 * captureRegion). `pick` opens the desktop's own picker instead (GNOME: drag a region, or choose a window or
 * a screen), for `traydrop capture region|window`.
 */
import type { CaptureDisplay } from './display-geometry.ts';
import { portalScreenshot } from './portal-screenshot.ts';
import type { ScreenshotBackend, WindowBackend } from './screenshot-backend.ts';

export const PORTAL_DESKTOP: CaptureDisplay = {
  id: 'desktop',
  name: 'the whole desktop (portal)',
  primary: true,
  wholeDesktop: true,
};

export function portalBackend(env: NodeJS.ProcessEnv = process.env): ScreenshotBackend & {
  /** A PNG of what the user picks in the desktop's screenshot UI; ScreenshotCancelledError if they cancel. */
  pick(): Promise<Buffer>;
} {
  return {
    async listDisplays() {
      return [PORTAL_DESKTOP];
    },
    captureDisplay() {
      return portalScreenshot({ interactive: false, env });
    },
    pick() {
      return portalScreenshot({ interactive: true, env });
    },
  };
}

/**
 * Window capture where only the portal can read the screen: no program may ask GNOME or KDE which window has
 * the focus, so the desktop's picker opens and the user clicks the window (GNOME: the window mode of its
 * screenshot UI). ScreenshotCancelledError if they cancel.
 */
export function portalWindowBackend(env: NodeJS.ProcessEnv = process.env): WindowBackend {
  return {
    activeWindow: async () => 'picked in the desktop',
    captureWindow: () => portalScreenshot({ interactive: true, env }),
  };
}

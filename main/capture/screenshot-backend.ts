/** What the screenshot functions need from a platform: small, so the app can pick one per platform. */
import type { CaptureDisplay } from './display-geometry.ts';

export interface ScreenshotBackend {
  listDisplays(): Promise<CaptureDisplay[]>;
  /** A PNG of one display (an id from listDisplays), or of the primary display when id is undefined. */
  captureDisplay(id?: string | number): Promise<Buffer>;
}

export interface WindowBackend {
  /** The id of the focused window, as the platform names windows (X11: decimal XID). */
  activeWindow(): Promise<string>;
  /** A PNG of that window. */
  captureWindow(id: string): Promise<Buffer>;
}

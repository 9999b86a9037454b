/** What the screenshot functions need from a platform: small, so the app can pick one per platform. */
import type { DecodedScreen } from './crop-png-fast.ts';
import type { CaptureDisplay } from './display-geometry.ts';

export interface ScreenshotBackend {
  listDisplays(): Promise<CaptureDisplay[]>;
  /** A PNG of one display (an id from listDisplays), or of the primary display when id is undefined. */
  captureDisplay(id?: string | number): Promise<Buffer>;
  /** The pixels of that display's PNG, if a decode of it was started ahead (a region selection's frozen grabs). */
  decoded?(id: string | number): Promise<DecodedScreen | null> | undefined;
}

export interface WindowBackend {
  /** The id of the focused window, as the platform names windows (X11: decimal XID). */
  activeWindow(): Promise<string>;
  /** A PNG of that window. */
  captureWindow(id: string): Promise<Buffer>;
}

/** The plain-Node capture core the flows call, as one injectable object (tests pass fakes that record calls). */
import { convertToGif } from '../../capture/gif.ts';
import { startRecording } from '../../capture/recorder.ts';
import { saveCapture } from '../../capture/save-capture.ts';
import { captureScreen, captureSelection, captureWindow } from '../../capture/screenshot.ts';
import type { ScreenshotBackend } from '../../capture/screenshot-backend.ts';
import { platformScreenshotBackend } from '../../capture/screenshot-platform.ts';
import type { ScreenWindow } from '../../capture/display-geometry.ts';
import { listVisibleWindows } from '../../capture/visible-windows.ts';

export interface CaptureApi {
  captureScreen: typeof captureScreen;
  captureSelection: typeof captureSelection;
  captureWindow: typeof captureWindow;
  startRecording: typeof startRecording;
  convertToGif: typeof convertToGif;
  saveCapture: typeof saveCapture;
  screenshotBackend(): ScreenshotBackend;
  /** On-screen windows, topmost first, global physical pixels (empty where the platform is not supported). */
  visibleWindows(): Promise<ScreenWindow[]>;
}

export const realCaptureApi: CaptureApi = {
  captureScreen,
  captureSelection,
  captureWindow,
  startRecording,
  convertToGif,
  saveCapture,
  screenshotBackend: () => platformScreenshotBackend(),
  visibleWindows: () => listVisibleWindows(),
};

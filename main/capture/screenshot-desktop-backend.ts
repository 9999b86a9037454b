/**
 * Full-screen captures through `screenshot-desktop`: xrandr + ImageMagick `import` on Linux (X11 only),
 * `screencapture` on macOS, a bundled .NET helper on Windows. It reads DISPLAY from process.env.
 */
import { createRequire } from 'node:module';
import type { CaptureDisplay } from './display-geometry.ts';
import type { ScreenshotBackend } from './screenshot-backend.ts';
import { x11CaptureProblem } from './session-type.ts';
import { CaptureToolError } from './run-tool.ts';

interface RawDisplay {
  id: string | number;
  name?: string;
  primary?: boolean;
  // Linux (xrandr)
  offsetX?: number;
  offsetY?: number;
  // Windows
  left?: number;
  top?: number;
  width?: number;
  height?: number;
}

interface ScreenshotDesktop {
  (options?: { screen?: string | number; format?: 'png' }): Promise<Buffer>;
  listDisplays(): Promise<RawDisplay[]>;
}

const require = createRequire(import.meta.url);
let loaded: ScreenshotDesktop | undefined;
const screenshotDesktop = (): ScreenshotDesktop => (loaded ??= require('screenshot-desktop') as ScreenshotDesktop);

export function normalizeDisplay(raw: RawDisplay): CaptureDisplay {
  const x = raw.offsetX ?? raw.left;
  const y = raw.offsetY ?? raw.top;
  const display: CaptureDisplay = { id: raw.id, name: raw.name ?? String(raw.id), primary: raw.primary ?? false };
  if (x !== undefined && y !== undefined && raw.width !== undefined && raw.height !== undefined) {
    display.bounds = { x, y, width: raw.width, height: raw.height };
  }
  return display;
}

function explain(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|not found/i.test(message) && process.platform === 'linux') {
    return new CaptureToolError(
      'screenshots need xrandr and ImageMagick\'s "import" on Linux: apt install x11-xserver-utils imagemagick',
    );
  }
  return new CaptureToolError(`screenshot failed: ${message}`);
}

export function screenshotDesktopBackend(env: NodeJS.ProcessEnv = process.env): ScreenshotBackend {
  const check = (): void => {
    const problem = process.platform === 'linux' ? x11CaptureProblem(env) : undefined;
    if (problem) throw new CaptureToolError(problem);
  };
  return {
    async listDisplays() {
      check();
      try {
        return (await screenshotDesktop().listDisplays()).map(normalizeDisplay);
      } catch (error) {
        throw explain(error);
      }
    },
    async captureDisplay(id) {
      check();
      try {
        return await screenshotDesktop()(id === undefined ? { format: 'png' } : { screen: id, format: 'png' });
      } catch (error) {
        throw explain(error);
      }
    },
  };
}

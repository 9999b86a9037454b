/**
 * Screenshots on Wayland compositors built on wlroots (Sway, Hyprland, river, Wayfire, labwc…) through
 * `grim`, which reads the screen with their wlr-screencopy protocol. The displays are the outputs Sway's IPC
 * lists (`swaymsg -t get_outputs`: layout rectangles in logical pixels, reported here times each output's
 * scale, as the region selector's display matching expects); where there is no such IPC the whole layout
 * is one display. A geometry (`-g`) is in logical pixels, as slurp prints it. Sway's windows: sway-windows.ts.
 * GNOME and KDE offer no screencopy to other programs: sessions there get the screenshot portal instead
 * (portal-backend.ts; the choice: screenshot-platform.ts).
 * Tested for real against a headless Sway (test/integration/capture-wayland.test.ts).
 */
import type { Rect } from '../../common/ipc-contract.ts';
import type { CaptureDisplay } from './display-geometry.ts';
import type { ScreenshotBackend } from './screenshot-backend.ts';
import { CaptureToolError, runTool } from './run-tool.ts';

const GRIM_HINT = 'install grim (apt install grim); it works on wlroots compositors such as Sway and Hyprland';

export const NO_SCREENCOPY =
  'this Wayland compositor does not let other programs read the screen (no wlr-screencopy: GNOME and KDE keep it ' +
  "to their portal). Capture with your desktop's own tool and let Traydrop's watched folder upload it, or log in " +
  'with an X11 session';

interface SwayOutput {
  name: string;
  active?: boolean;
  focused?: boolean;
  /** Logical pixels of the layout. */
  rect: Rect;
  scale?: number;
}

/** An output's place in physical pixels (logical × its scale), as CaptureDisplay.bounds is compared. */
const physical = ({ rect, scale = 1 }: SwayOutput): Rect => ({
  x: Math.round(rect.x * scale),
  y: Math.round(rect.y * scale),
  width: Math.round(rect.width * scale),
  height: Math.round(rect.height * scale),
});

/** grim's `-g` geometry: `X,Y WxH` in logical (layout) pixels, as `slurp` prints it. */
export function geometryOf(rect: Rect): string {
  return `${Math.round(rect.x)},${Math.round(rect.y)} ${Math.round(rect.width)}x${Math.round(rect.height)}`;
}

export function parseGeometry(text: string): Rect {
  const m = /^\s*(-?\d+),(-?\d+) (\d+)x(\d+)\s*$/.exec(text);
  if (!m || Number(m[3]) === 0 || Number(m[4]) === 0)
    throw new RangeError(`not a geometry "X,Y WxH" (as slurp prints it): ${JSON.stringify(text)}`);
  return { x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) };
}

function explain(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/screencopy/i.test(message)) return new CaptureToolError(NO_SCREENCOPY);
  if (/failed to create display|cannot connect/i.test(message))
    return new CaptureToolError(`cannot reach the Wayland display (${message})`);
  return error instanceof Error ? error : new CaptureToolError(message);
}

export function grimBackend(env: NodeJS.ProcessEnv = process.env): ScreenshotBackend & {
  /** A PNG of a rectangle of the layout, in logical pixels (grim scales it to the outputs' pixels). */
  captureGeometry(rect: Rect): Promise<Buffer>;
} {
  const grim = (args: string[]): Promise<Buffer> =>
    runTool('grim', [...args, '-'], { env, missingHint: GRIM_HINT }).catch((error: unknown) => {
      throw explain(error);
    });
  /** Sway's outputs, or undefined where swaymsg is missing or another compositor runs. */
  const outputs = async (): Promise<SwayOutput[] | undefined> => {
    try {
      const list = JSON.parse((await runTool('swaymsg', ['-r', '-t', 'get_outputs'], { env })).toString('utf8'));
      return (list as SwayOutput[]).filter((o) => o.active !== false);
    } catch {
      return undefined;
    }
  };
  return {
    async listDisplays(): Promise<CaptureDisplay[]> {
      const list = await outputs();
      if (!list?.length) return [{ id: 'all', name: 'all outputs', primary: true }];
      const focused = list.find((o) => o.focused) ?? list[0]!;
      return list.map((o) => ({ id: o.name, name: o.name, primary: o === focused, bounds: physical(o) }));
    },
    async captureDisplay(id) {
      if (id === 'all') return grim([]);
      const name = id === undefined ? (await this.listDisplays()).find((d) => d.primary)?.id : id;
      return grim(name === undefined || name === 'all' ? [] : ['-o', String(name)]);
    },
    captureGeometry(rect) {
      return grim(['-g', geometryOf(rect)]);
    },
  };
}

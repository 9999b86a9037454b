/**
 * The windows on screen, topmost first, in global physical pixels: what the region selector snaps to when
 * the pointer hovers a window (a click then selects it whole, as in ShareX and Cap).
 *
 * X11: one `xdotool search --onlyvisible --maxdepth 1 … getwindowgeometry --shell %@` lists the mapped
 * top-level windows (with a window manager: their frames, decorations included) bottom to top, so the list
 * is reversed; the root window and slivers are left out. Sway: its tree (sway-windows.ts), scaled to
 * physical pixels. macOS, Windows and other Wayland compositors list none yet: the selector works the same
 * there, without snapping. Never throws: no tool or no display gives [].
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ScreenWindow } from './display-geometry.ts';
import { isWayland } from './session-type.ts';
import { listSwayWindows, physicalWindow } from './sway-windows.ts';

/** Smaller than this in either direction is a tooltip, an icon or a 1-pixel helper, not a window to select. */
const MIN_SIDE = 16;

/** Parses `getwindowgeometry --shell` blocks (WINDOW= X= Y= WIDTH= HEIGHT= SCREEN=), keeping their order. */
export function parseWindowGeometry(output: string): ScreenWindow[] {
  const windows: ScreenWindow[] = [];
  let current: Partial<Record<string, string>> = {};
  const flush = (): void => {
    const [x, y, width, height] = ['X', 'Y', 'WIDTH', 'HEIGHT'].map((k) => Number(current[k]));
    if (current.WINDOW && [x, y, width, height].every((n) => Number.isFinite(n)))
      windows.push({ id: current.WINDOW, x: x!, y: y!, width: width!, height: height! });
    current = {};
  };
  for (const line of output.split('\n')) {
    const match = /^([A-Z]+)=(-?\d+)$/.exec(line.trim());
    if (!match) continue;
    if (match[1] === 'WINDOW') flush();
    current[match[1]!] = match[2];
  }
  flush();
  return windows;
}

/** Bottom-to-top geometry → topmost first, without the root window and slivers. */
export function topmostFirst(windows: readonly ScreenWindow[], rootId: string | undefined): ScreenWindow[] {
  return windows.filter((w) => w.id !== rootId && w.width >= MIN_SIDE && w.height >= MIN_SIDE).reverse();
}

type Run = (file: string, args: string[], options: { env: NodeJS.ProcessEnv; timeout: number }) => Promise<string>;

const run: Run = async (file, args, options) => (await promisify(execFile)(file, args, options)).stdout;

export async function listVisibleWindows(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exec: Run = run,
): Promise<ScreenWindow[]> {
  if (platform !== 'linux') return [];
  if (isWayland(env)) {
    const windows = (await listSwayWindows(env)).map(physicalWindow);
    return windows.filter((w) => w.width >= MIN_SIDE && w.height >= MIN_SIDE);
  }
  if (!env.DISPLAY) return [];
  const options = { env, timeout: 2000 };
  try {
    const [geometry, root] = await Promise.all([
      exec(
        'xdotool',
        ['search', '--onlyvisible', '--maxdepth', '1', '--name', '', 'getwindowgeometry', '--shell', '%@'],
        options,
      ),
      exec('xwininfo', ['-root'], options),
    ]);
    const rootHex = /Window id: (0x[0-9a-f]+)/i.exec(root)?.[1];
    return topmostFirst(parseWindowGeometry(geometry), rootHex ? String(Number.parseInt(rootHex, 16)) : undefined);
  } catch {
    return [];
  }
}

/**
 * A region for headless `capture region` / `record start region`: `--geometry "X,Y WxH"` (slurp's format:
 * logical pixels of the layout on Wayland, pixels of the X screen on X11), or, on Wayland, picked with slurp
 * when it is installed (on Sway with its windows as boxes: a click takes a window whole).
 */
import type { Rect } from '../../common/ipc-contract.ts';
import { parseGeometry } from '../capture/grim-backend.ts';
import { runTool } from '../capture/run-tool.ts';
import { isWayland } from '../capture/session-type.ts';
import { listSwayWindows, slurpBoxes } from '../capture/sway-windows.ts';
import { type CliIo, UsageError } from './cli-io.ts';

export const GEOMETRY_HINT = '--geometry "X,Y WxH" (on Wayland, slurp picks one when it is installed)';

export function parseGeometryOption(text: string): Rect {
  try {
    return parseGeometry(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * The region to use: the one given (`--geometry`, parsed), else slurp's pick on Wayland. Undefined when there
 * is neither (the caller says how to give one); null when slurp was cancelled or failed (said here).
 */
export async function headlessRegion(
  given: Rect | undefined,
  env: NodeJS.ProcessEnv,
  io: CliIo,
): Promise<Rect | null | undefined> {
  if (given) return given;
  if (!isWayland(env)) return undefined;
  try {
    // on Sway, its windows go to slurp as boxes: drag a region, or click a window to take it whole
    const input = slurpBoxes(await listSwayWindows(env));
    return parseGeometry((await runTool('slurp', [], { env, input, timeoutMs: 5 * 60_000 })).toString('utf8'));
  } catch (error) {
    if (/slurp was not found/.test((error as Error).message)) return undefined;
    io.err(`traydrop: no region picked (${(error as Error).message})\n`);
    return null;
  }
}

/**
 * Sway's windows, from its tree (`swaymsg -t get_tree`):
 * - the windows it shows, topmost first: the views (nodes with a process) Sway marks visible, floating ones
 *   above tiled ones. Each keeps its rectangle in logical pixels of the layout (what slurp and grim's `-g`
 *   take) and the scale of its output (physical = logical × scale, the convention grim-backend.ts uses for
 *   outputs), for the region selector's snapping and slurp's boxes;
 * - window capture: the focused window, and any window captured as its rectangle of the layout.
 * Other wlroots compositors have no such IPC: no windows there.
 */
import type { Rect } from '../../common/ipc-contract.ts';
import type { ScreenWindow } from './display-geometry.ts';
import { geometryOf, grimBackend } from './grim-backend.ts';
import { CaptureToolError, runTool } from './run-tool.ts';
import type { WindowBackend } from './screenshot-backend.ts';

export interface SwayWindow {
  id: string;
  /** Logical pixels of the layout. */
  rect: Rect;
  /** Its output's scale. */
  scale: number;
}

export interface SwayTreeNode {
  id: number;
  type?: string;
  pid?: number;
  focused?: boolean;
  visible?: boolean;
  scale?: number;
  rect?: Rect;
  nodes?: SwayTreeNode[];
  floating_nodes?: SwayTreeNode[];
}

export function swayWindows(tree: SwayTreeNode): SwayWindow[] {
  const found: SwayWindow[] = [];
  const walk = (node: SwayTreeNode, scale: number, floating: boolean, into: SwayWindow[]): void => {
    const here = node.type === 'output' ? (node.scale ?? 1) : scale;
    const isView = node.pid !== undefined && (node.nodes ?? []).length === 0;
    if (isView && node.visible === true && node.rect && node.rect.width > 0 && node.rect.height > 0) {
      into.push({ id: String(node.id), rect: node.rect, scale: here });
      return;
    }
    // within a container: floating windows above tiled ones, the last floating one on top
    const above: SwayWindow[] = [];
    for (const child of [...(node.floating_nodes ?? [])].reverse()) walk(child, here, true, above);
    const below: SwayWindow[] = [];
    for (const child of node.nodes ?? []) walk(child, here, floating, below);
    into.push(...above, ...below);
  };
  walk(tree, 1, false, found);
  return found;
}

/** A window in global physical pixels, as the region selector snaps to them. */
export function physicalWindow({ id, rect, scale }: SwayWindow): ScreenWindow {
  return {
    id,
    x: Math.round(rect.x * scale),
    y: Math.round(rect.y * scale),
    width: Math.round(rect.width * scale),
    height: Math.round(rect.height * scale),
  };
}

/** slurp's predefined boxes on stdin, one `X,Y WxH` per line: a click inside one selects that window. */
export function slurpBoxes(windows: readonly SwayWindow[]): string {
  return windows.map((w) => `${geometryOf(w.rect)}\n`).join('');
}

/** Sway's tree; fails with what to install where swaymsg is missing. */
async function swayTree(env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<SwayTreeNode> {
  const out = await runTool('swaymsg', ['-r', '-t', 'get_tree'], {
    env,
    timeoutMs,
    missingHint: 'window capture on Wayland needs Sway (swaymsg)',
  });
  return JSON.parse(out.toString('utf8')) as SwayTreeNode;
}

/** Sway's visible windows, or [] where there is no Sway (no SWAYSOCK, no swaymsg) or it cannot be asked. */
export async function listSwayWindows(env: NodeJS.ProcessEnv = process.env): Promise<SwayWindow[]> {
  if (!env.SWAYSOCK) return [];
  try {
    return swayWindows(await swayTree(env, 2000)); // snapping never waits long for it
  } catch {
    return [];
  }
}

function findNode(node: SwayTreeNode, test: (n: SwayTreeNode) => boolean): SwayTreeNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.nodes ?? []), ...(node.floating_nodes ?? [])]) {
    const hit = findNode(child, test);
    if (hit) return hit;
  }
  return undefined;
}

/** The focused window, by Sway's IPC; captured as its rectangle of the layout (what is on screen there). */
export function swayWindowBackend(env: NodeJS.ProcessEnv = process.env): WindowBackend {
  const backend = grimBackend(env);
  return {
    async activeWindow() {
      const focused = findNode(await swayTree(env), (n) => n.focused === true);
      if (!focused) throw new CaptureToolError('no window has the focus');
      return String(focused.id);
    },
    async captureWindow(id) {
      const node = findNode(await swayTree(env), (n) => String(n.id) === id);
      if (!node?.rect || node.rect.width === 0) throw new CaptureToolError(`no window ${id} on screen`);
      return backend.captureGeometry(node.rect);
    },
  };
}

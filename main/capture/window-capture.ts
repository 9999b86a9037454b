/**
 * Window capture, one command per platform. Only the Linux/X11 back-end runs here (and is tested under Xvfb);
 * the macOS and Windows commands are built by pure functions that the unit tests check for shape, but they have
 * never run on those systems from this repository: treat them as untested until the app's E2E runs there.
 */
import { readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { WindowBackend } from './screenshot-backend.ts';
import { runTool, CaptureToolError } from './run-tool.ts';
import { portalWindowBackend } from './portal-backend.ts';
import { isWayland, isWlroots, x11CaptureProblem } from './session-type.ts';
import { swayWindowBackend } from './sway-windows.ts';

export interface ToolCommand {
  command: string;
  args: string[];
}

const IMAGEMAGICK_HINT = 'install ImageMagick (apt install imagemagick)';
const XDOTOOL_HINT = 'install xdotool (apt install xdotool)';

// ---- Linux / X11 (tested) -----------------------------------------------------------------------------

/** `import` writes the window's pixels as PNG to stdout. `frame` includes the window manager's decorations. */
export function x11WindowCommand(windowId: string, frame = false): ToolCommand {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(windowId)) throw new RangeError(`not an X11 window id: ${windowId}`);
  return { command: 'import', args: ['-silent', ...(frame ? ['-frame'] : []), '-window', windowId, 'png:-'] };
}

export function x11WindowBackend(env: NodeJS.ProcessEnv = process.env, frame = false): WindowBackend {
  const check = (): void => {
    const problem = x11CaptureProblem(env);
    if (problem) throw new CaptureToolError(problem);
  };
  return {
    async activeWindow() {
      check();
      // getactivewindow needs an EWMH window manager (_NET_ACTIVE_WINDOW); without one, the input focus will do.
      for (const args of [['getactivewindow'], ['getwindowfocus', '-f']]) {
        const out = await runTool('xdotool', args, { env, missingHint: XDOTOOL_HINT }).catch((error: unknown) => {
          if (error instanceof CaptureToolError && error.message.startsWith('xdotool was not found')) throw error;
          return undefined;
        });
        const id = out?.toString('utf8').trim();
        if (id && /^\d+$/.test(id) && id !== '0' && id !== '1') return id;
      }
      throw new CaptureToolError('no focused window to capture');
    },
    async captureWindow(id) {
      check();
      const { command, args } = x11WindowCommand(id, frame);
      return runTool(command, args, { env, missingHint: IMAGEMAGICK_HINT });
    },
  };
}

// ---- macOS (untested here) ----------------------------------------------------------------------------

/**
 * `screencapture -l <CGWindowID>` captures one window (-o: no shadow, -x: no sound). Without an id, `-i -w`
 * lets the user click the window, which is the native behaviour on macOS. Needs the Screen Recording permission.
 */
export function macWindowCommand(file: string, windowId?: string): ToolCommand {
  if (windowId !== undefined && !/^\d+$/.test(windowId)) throw new RangeError(`not a CGWindowID: ${windowId}`);
  const pick = windowId === undefined ? ['-i', '-w'] : ['-l', windowId];
  return { command: 'screencapture', args: ['-x', '-o', '-t', 'png', ...pick, file] };
}

// ---- Windows (untested here) --------------------------------------------------------------------------

/**
 * PowerShell: the window's rectangle (DWM extended frame bounds, so no invisible resize border), then
 * Graphics.CopyFromScreen into a PNG. The process must be per-monitor DPI aware for physical pixels.
 * Without an id, the foreground window. Passed as -EncodedCommand (UTF-16LE base64): no quoting problems.
 */
export function windowsWindowCommand(file: string, windowId?: string): ToolCommand {
  if (windowId !== undefined && !/^\d+$/.test(windowId)) throw new RangeError(`not an HWND: ${windowId}`);
  const script = `
Add-Type -AssemblyName System.Drawing
Add-Type @'
using System; using System.Runtime.InteropServices;
public struct RECT { public int Left, Top, Right, Bottom; }
public static class W {
  [DllImport("user32.dll")] public static extern IntPtr GetForegroundWindow();
  [DllImport("user32.dll")] public static extern bool SetProcessDpiAwarenessContext(IntPtr v);
  [DllImport("dwmapi.dll")] public static extern int DwmGetWindowAttribute(IntPtr h, int a, out RECT r, int s);
}
'@
[W]::SetProcessDpiAwarenessContext([IntPtr](-4)) | Out-Null
$h = ${windowId === undefined ? '[W]::GetForegroundWindow()' : `[IntPtr]${windowId}`}
$r = New-Object RECT
if ([W]::DwmGetWindowAttribute($h, 9, [ref]$r, 16) -ne 0) { throw 'no such window' }
$b = New-Object System.Drawing.Bitmap ($r.Right - $r.Left), ($r.Bottom - $r.Top)
$g = [System.Drawing.Graphics]::FromImage($b)
$g.CopyFromScreen($r.Left, $r.Top, 0, 0, $b.Size)
$b.Save('${file.replace(/'/g, "''")}', [System.Drawing.Imaging.ImageFormat]::Png)
`;
  return {
    command: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')],
  };
}

/** macOS / Windows: run a command that writes a file, read it back. */
export function fileWindowBackend(build: (file: string, windowId?: string) => ToolCommand): WindowBackend {
  return {
    async activeWindow() {
      return ''; // the command itself picks the window (macOS: click; Windows: foreground)
    },
    async captureWindow(id) {
      const file = path.join(os.tmpdir(), `traydrop-window-${randomBytes(6).toString('hex')}.png`);
      const { command, args } = build(file, id === '' ? undefined : id);
      try {
        await runTool(command, args, { timeoutMs: 120_000 });
        return await readFile(file);
      } finally {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}

export function platformWindowBackend(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): WindowBackend {
  if (platform === 'darwin') return fileWindowBackend(macWindowCommand);
  if (platform === 'win32') return fileWindowBackend(windowsWindowCommand);
  if (isWayland(env)) return isWlroots(env) ? swayWindowBackend(env) : portalWindowBackend(env);
  return x11WindowBackend(env);
}

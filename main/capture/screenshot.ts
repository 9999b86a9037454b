/**
 * Screenshots into the captures folder: full screen (one display or every display), a region, a window, or a
 * DIP selection from the region selector. Each resolves once the PNG is complete under its final name.
 */
import { cropScreenPng, EDIT_LEVEL, SHARE_LEVEL } from './crop-png-fast.ts';
import { pngSize } from './png.ts';
import { DEFAULT_CAPTURE_PATTERN, type CaptureKind } from './capture-name.ts';
import { saveCapture } from './save-capture.ts';
import { dipToPhysical, displayForSelection, matchCaptureDisplay, type DisplayInfo } from './display-geometry.ts';
import type { Rect } from '../../common/ipc-contract.ts';
import type { ScreenshotBackend, WindowBackend } from './screenshot-backend.ts';
import { grimBackend } from './grim-backend.ts';
import { portalBackend } from './portal-backend.ts';
import { platformScreenshotBackend, screenshotBackendKind } from './screenshot-platform.ts';
import { platformWindowBackend } from './window-capture.ts';

export interface CaptureTarget {
  /** The captures folder. */
  folder: string;
  /** Naming pattern, default "Screenshot {date} at {time}.png". */
  pattern?: string;
}

export interface CaptureResult {
  path: string;
  kind: CaptureKind;
  width: number;
  height: number;
  takenAt: Date;
}

async function save(png: Buffer, kind: CaptureKind, target: CaptureTarget, takenAt: Date): Promise<CaptureResult> {
  const { width, height } = pngSize(png);
  const file = await saveCapture(png, {
    folder: target.folder,
    pattern: target.pattern ?? DEFAULT_CAPTURE_PATTERN,
    kind,
    extension: '.png',
    date: takenAt,
  });
  return { path: file, kind, width, height, takenAt };
}

/** One file per display with `display: 'all'`, else one file of that display (default: the primary). */
export async function captureScreen(
  target: CaptureTarget,
  options: { display?: string | number | 'all'; backend?: ScreenshotBackend } = {},
): Promise<CaptureResult[]> {
  const backend = options.backend ?? platformScreenshotBackend();
  const takenAt = new Date();
  if (options.display !== 'all') {
    return [await save(await backend.captureDisplay(options.display), 'screenshot', target, takenAt)];
  }
  const displays = await backend.listDisplays();
  const pngs = await Promise.all(displays.map((d) => backend.captureDisplay(d.id)));
  const results: CaptureResult[] = [];
  for (const png of pngs) results.push(await save(png, 'screenshot', target, takenAt));
  return results;
}

/** A rectangle in physical pixels of one display's capture (default: the primary display). */
export async function captureRegion(
  target: CaptureTarget,
  options: { rect: Rect; display?: string | number; backend?: ScreenshotBackend },
): Promise<CaptureResult> {
  const backend = options.backend ?? platformScreenshotBackend();
  const takenAt = new Date();
  const full = await backend.captureDisplay(options.display);
  return save(await cropScreenPng(full, options.rect), 'region', target, takenAt);
}

/**
 * What the region selector returns: a selection in global DIP coordinates, with Electron's displays. The display
 * holding most of the selection is captured and the selection is clamped to it. `compression`: `small` for a
 * capture uploaded as it is, `fast` for one that is only read back (the editor, OCR): crop-png-fast.ts.
 */
export async function captureSelection(
  target: CaptureTarget,
  options: {
    selection: Rect;
    displays: readonly DisplayInfo[];
    primaryId?: DisplayInfo['id'];
    backend?: ScreenshotBackend;
    compression?: 'small' | 'fast';
  },
): Promise<CaptureResult> {
  const backend = options.backend ?? platformScreenshotBackend();
  const display = displayForSelection(options.displays, options.selection);
  if (!display) throw new RangeError('the selection is not on any display');
  const takenAt = new Date();
  const captureDisplays = await backend.listDisplays();
  const match = matchCaptureDisplay(display, captureDisplays, display.id === options.primaryId);
  if (!match) throw new Error(`cannot tell which screen shows display ${display.id}`);
  const full = await backend.captureDisplay(match.id);
  const rect = dipToPhysical(options.selection, display, pngSize(full));
  if (!rect) throw new RangeError('the selection is empty');
  const level = options.compression === 'fast' ? EDIT_LEVEL : SHARE_LEVEL;
  return save(await cropScreenPng(full, rect, level, backend.decoded?.(match.id)), 'region', target, takenAt);
}

/**
 * A rectangle of the desktop as the user's own tools name it (`slurp` prints `X,Y WxH`): logical pixels of
 * the layout on wlroots Wayland (grim captures it at the outputs' scale), pixels of the portal's image of the
 * whole desktop on GNOME/KDE Wayland, pixels of the primary display elsewhere.
 */
export async function captureArea(
  target: CaptureTarget,
  options: { rect: Rect; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform },
): Promise<CaptureResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (screenshotBackendKind(env, platform) === 'grim') {
    const takenAt = new Date();
    return save(await grimBackend(env).captureGeometry(options.rect), 'region', target, takenAt);
  }
  return captureRegion(target, { rect: options.rect, backend: platformScreenshotBackend(env, platform) });
}

/**
 * What the user picks in the desktop's own screenshot UI (the portal's interactive mode, on GNOME/KDE
 * Wayland: a region, a window or a screen), saved as `kind`. Throws ScreenshotCancelledError (from
 * portal-screenshot.ts) when the user cancels.
 */
export async function capturePicked(
  target: CaptureTarget,
  options: { kind: 'region' | 'window'; env?: NodeJS.ProcessEnv; pick?: () => Promise<Buffer> },
): Promise<CaptureResult> {
  const pick = options.pick ?? (() => portalBackend(options.env ?? process.env).pick());
  const png = await pick();
  return save(png, options.kind, target, new Date());
}

/** A window by id, or the focused window. */
export async function captureWindow(
  target: CaptureTarget,
  options: { windowId?: string; backend?: WindowBackend } = {},
): Promise<CaptureResult> {
  const backend = options.backend ?? platformWindowBackend();
  const takenAt = new Date();
  const id = options.windowId ?? (await backend.activeWindow());
  return save(await backend.captureWindow(id), 'window', target, takenAt);
}

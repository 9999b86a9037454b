/**
 * Screenshots: capture → saved in the captures folder (atomically, by the core) → queued → early link on the
 * clipboard. Region: every display is captured first (frozen, so menus and the overlay itself are not in the
 * picture), the selector overlay shows those captures, and the selection is cropped from them.
 */
import { readFile, rm } from 'node:fs/promises';
import type { CaptureKind, Rect } from '../../../common/ipc-contract.ts';
import { decodeScreenPng, type DecodedScreen } from '../../capture/crop-png-fast.ts';
import { matchCaptureDisplay, type DisplayInfo, type ScreenWindow } from '../../capture/display-geometry.ts';
import { splitWholeDesktop } from '../../capture/desktop-split.ts';
import type { ScreenshotBackend } from '../../capture/screenshot-backend.ts';
import type { Job } from '../../queue/job.ts';
import { queueFile, type FlowDeps } from './flow-deps.ts';

export interface FrozenDisplay {
  display: DisplayInfo & { id: number };
  captureId: string | number;
  png: Buffer;
}

/**
 * Shows the overlays (one per display) and resolves with the selection in global DIP, or null (Esc).
 * `windows`: what the overlays snap to (global physical pixels, topmost first).
 */
export interface RegionSelector {
  select(frozen: readonly FrozenDisplay[], windows?: readonly ScreenWindow[]): Promise<Rect | null>;
}

const target = (deps: FlowDeps) => {
  const s = deps.settings.get();
  return { folder: s.capturesFolder, pattern: s.naming.screenshot };
};

/** The screenshot back-end's id for the display under the mouse (undefined: the primary). */
async function displayUnderCursor(deps: FlowDeps, backend: ScreenshotBackend): Promise<string | number | undefined> {
  const display = deps.screen.getDisplayNearestPoint(deps.screen.getCursorScreenPoint());
  const primary = deps.screen.getPrimaryDisplay();
  return matchCaptureDisplay(display, await backend.listDisplays(), display.id === primary.id)?.id;
}

/**
 * What happens after a screenshot: shared at once (queued, link on the clipboard) or opened in the editor first,
 * as `afterCapture` says for its kind (`edit`: always the editor, the "Capture region and edit" hotkey).
 */
async function afterCapture(
  deps: FlowDeps,
  file: string,
  kind: CaptureKind,
  scaleFactor: number,
  edit = deps.settings.get().afterCapture[kind] === 'edit',
): Promise<Job | undefined> {
  deps.lastCapture = { file, scaleFactor };
  if (edit && deps.openEditor) {
    deps.openEditor(file, scaleFactor);
    return undefined;
  }
  return queueFile(deps, file, 'screenshot', 'capture');
}

const cursorScale = (deps: FlowDeps): number =>
  deps.screen.getDisplayNearestPoint(deps.screen.getCursorScreenPoint()).scaleFactor || 1;

export async function captureScreenFlow(deps: FlowDeps): Promise<Job | undefined> {
  const backend = deps.capture.screenshotBackend();
  const display = await displayUnderCursor(deps, backend).catch(() => undefined);
  const [shot] = await deps.capture.captureScreen(target(deps), { display, backend });
  return afterCapture(deps, shot!.path, 'screen', cursorScale(deps));
}

export async function captureWindowFlow(deps: FlowDeps, delayMs = 0): Promise<Job | undefined> {
  // From the tray menu, focus goes back to the user's window only once the menu has closed.
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const shot = await deps.capture.captureWindow(target(deps));
  return afterCapture(deps, shot.path, 'window', cursorScale(deps));
}

/**
 * Every Electron display captured now, matched to the back-end's displays; a back-end that replays them; and
 * `decodeAhead`, which starts decoding them (crop-png-fast.ts) so that the crop is quick once the region is chosen.
 */
export async function freezeDisplays(
  deps: FlowDeps,
): Promise<{ frozen: FrozenDisplay[]; backend: ScreenshotBackend; decodeAhead(): void }> {
  // a back-end that sees only the whole desktop (the portal) is cut per display: each overlay gets its own
  const live = splitWholeDesktop(deps.capture.screenshotBackend(), deps.screen.getAllDisplays());
  const primaryId = deps.screen.getPrimaryDisplay().id;
  const captureDisplays = await live.listDisplays();
  const frozen: FrozenDisplay[] = [];
  for (const display of deps.screen.getAllDisplays()) {
    const match = matchCaptureDisplay(display, captureDisplays, display.id === primaryId);
    if (match) frozen.push({ display, captureId: match.id, png: await live.captureDisplay(match.id) });
  }
  if (frozen.length === 0) throw new Error('cannot tell which screen shows which display; use Capture screen instead');
  const decoding = new Map<string | number, Promise<DecodedScreen | null>>();
  const backend: ScreenshotBackend = {
    listDisplays: async () => captureDisplays,
    captureDisplay: async (id) => frozen.find((f) => f.captureId === id)?.png ?? live.captureDisplay(id),
    decoded: (id) => decoding.get(id),
  };
  const decodeAhead = (): void => {
    for (const { captureId, png } of frozen) {
      if (decoding.has(captureId)) continue;
      // a grab that cannot be decoded is cropped the general way, which says what is wrong with it
      decoding.set(
        captureId,
        decodeScreenPng(png).catch(() => null),
      );
    }
  };
  return { frozen, backend, decodeAhead };
}

/**
 * A region chosen on the frozen displays, saved; undefined when the user pressed Esc. `readBack`: who reads the
 * file back instead of it being shared as it is: then it is saved the fast way, not the small one; for the editor,
 * its page is loaded, hidden, while the user chooses.
 */
async function selectRegion(
  deps: FlowDeps,
  selector: RegionSelector,
  readBack: 'editor' | 'ocr' | null,
): Promise<{ file: string; scaleFactor: number } | undefined> {
  // the windows to snap to are listed before the overlays open (they are windows too)
  const [{ frozen, backend, decodeAhead }, windows] = await Promise.all([
    freezeDisplays(deps),
    deps.capture.visibleWindows(),
  ]);
  const selecting = selector.select(frozen, windows);
  // while the user chooses: the grabs decoded, and the editor's page loaded if the region goes there
  decodeAhead();
  if (readBack === 'editor') deps.prepareEditor?.();
  const selection = await selecting;
  if (!selection || selection.width < 1 || selection.height < 1) return undefined;
  const shot = await deps.capture.captureSelection(target(deps), {
    selection,
    displays: frozen.map((f) => f.display),
    primaryId: deps.screen.getPrimaryDisplay().id,
    backend,
    compression: readBack ? 'fast' : 'small',
  });
  const scaleFactor = deps.screen.getDisplayNearestPoint({ x: selection.x, y: selection.y }).scaleFactor || 1;
  return { file: shot.path, scaleFactor };
}

/**
 * Resolves undefined when the user pressed Esc, or when the editor opened instead (`edit`, or the setting). A region
 * to edit has the editor's page loaded, hidden, while the user is still choosing it, so that the editor shows the
 * capture in about the time of decoding it once the region is chosen (issue #17).
 */
export async function captureRegionFlow(
  deps: FlowDeps,
  selector: RegionSelector,
  edit = deps.settings.get().afterCapture.region === 'edit',
): Promise<Job | undefined> {
  const shot = await selectRegion(deps, selector, edit ? 'editor' : null);
  return shot && afterCapture(deps, shot.file, 'region', shot.scaleFactor, edit);
}

/** Capture text: a region read by OCR, its text on the clipboard; nothing uploaded, the picture not kept. */
export async function captureTextFlow(deps: FlowDeps, selector: RegionSelector): Promise<string | undefined> {
  if (!deps.ocr) throw new Error('text recognition is not available');
  const shot = await selectRegion(deps, selector, 'ocr');
  if (!shot) return undefined;
  try {
    const { text } = await deps.ocr.recognize(await readFile(shot.file));
    await deps.clipboard.writeText(text);
    deps.notifier.info(
      text ? 'Text copied' : 'No text found',
      text ? `${text.length} characters are on the clipboard.` : 'The region holds no text Traydrop could read.',
    );
    return text;
  } finally {
    await rm(shot.file, { force: true });
  }
}

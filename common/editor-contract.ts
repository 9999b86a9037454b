/**
 * The capture editor's part of the IPC contract (common/ipc-contract.ts re-exports all of it, so main, preload and
 * the pages still import one contract): where the page fetches the capture, what it is told about it, what it
 * hands back, and what main does with it. Plain types and two constants only: this file runs in the renderer too.
 */
import type { Rect } from './rect.ts';

/**
 * Where the editor page fetches the capture it edits: main answers this URL of its own scheme (protocol.handle,
 * main/app/windows/capture-protocol.ts) with the file's bytes, and gives it to the editor window in its query
 * (`?capture=`), so the page starts fetching and decoding before it has asked anything over IPC.
 */
export const EDITOR_CAPTURE_SCHEME = 'traydrop-capture';
export const EDITOR_CAPTURE_URL = `${EDITOR_CAPTURE_SCHEME}://editor/capture`;

/**
 * What the capture editor edits, besides the image itself (fetched from EDITOR_CAPTURE_URL): its name and the
 * scale it was captured at.
 */
export interface EditorContext {
  /** The capture's file name (shown in the title). */
  name: string;
  /** Display scale of the capture (2 on a HiDPI screen): strokes and text are drawn this much larger. */
  scaleFactor: number;
  color: string;
  width: number;
}

/** A place in the capture that looks like a secret (main/ocr/find-secrets.ts), in image pixels. */
export interface SecretFound {
  /** What it looks like: email, phone, ipv4, card, aws-access-key, jwt, private-key, … */
  kind: string;
  /** The text as OCR read it. */
  text: string;
  box: Rect;
}

/**
 * The edited image as the page hands it to main: its pixels, flattened (redactions applied, objects drawn, crop
 * cut), 8-bit RGBA row by row, exactly width × height × 4 bytes. Main encodes the PNG (main/capture/png-fast.ts),
 * so nothing but these pixels reaches the file.
 */
export interface EditedImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * The edited image as Share, Copy and Save hand it to main: the PNG the editor's export worker encoded from the
 * flattened image (renderer/editor/export-worker.ts; ~0.6 MB over IPC where the pixels are 33 MB for 4K), or, if
 * the worker failed, the pixels. Main checks the PNG (a well-formed 8-bit PNG of width × height) and keeps only
 * the chunks that draw it (main/capture/edited-png.ts), so no text or metadata can leave with it.
 */
export type EditedExport = EditedImage | { width: number; height: number; png: Uint8Array };

/**
 * What the editor does with the edited PNG: upload it (link on the clipboard), copy it, save it, or nothing.
 * `share` updates the link when the capture was shared already (the same link then serves the edited image);
 * `share-new` always makes a new link.
 */
export type EditAction = 'share' | 'share-new' | 'copy' | 'save' | 'discard';

export interface EditResult {
  /** share: the link (on the clipboard as for any capture). */
  url: string | null;
  /** save (and share): the file written next to the capture. */
  path: string | null;
  /** share: true when the existing link was updated rather than a new one made. */
  replaced?: boolean;
}

/** The capture being edited was shared already: its link, and how often it was opened (null: not known now). */
export interface SharedLinkNotice {
  url: string;
  /** Times people opened it (page views or downloads, bots aside); null when the server could not be asked. */
  opened: number | null;
}

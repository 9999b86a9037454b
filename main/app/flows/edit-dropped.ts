/**
 * The drop window's "Edit…" (an image dropped with Alt/Option held, or chosen with "Edit…"): the editor opens on
 * the file where it is (nothing is copied, moved or uploaded; Share or Save writes the edited copy beside it, as
 * for a capture). The path comes from the preload (the dropped File's own path), so it is what the user dropped;
 * what is checked here is that it is still a file and an image the editor can open, with a message that says so.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_HEAD_BYTES, imageTypeOf } from '../../capture/image-type.ts';

/** Larger than this and the editor (a 2D canvas, the image sent to the page whole) is the wrong tool. */
export const EDIT_MAX_BYTES = 200 * 1024 * 1024;

export async function openDroppedImage(
  file: string,
  editor: { open(file: string, scaleFactor?: number): void },
): Promise<void> {
  const name = path.basename(file);
  const info = await stat(file).catch(() => null);
  if (!info) throw new Error(`${name} is no longer there`);
  if (!info.isFile()) throw new Error(`${name} is a folder: drop one image to edit it`);
  if (info.size > EDIT_MAX_BYTES) throw new Error(`${name} is too large to edit (over 200 MB)`);
  const handle = await open(file, 'r');
  let head: Uint8Array;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(IMAGE_HEAD_BYTES), 0, IMAGE_HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!imageTypeOf(head)) throw new Error(`${name} is not an image the editor can open (PNG, JPEG, WebP, GIF, BMP)`);
  editor.open(file, 1);
}

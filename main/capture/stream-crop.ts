/**
 * Region recording from a shared-screen stream (the browser recorder): the stream is a whole display at
 * whatever size the desktop sends it (GNOME and KDE send physical pixels, and the size may change while
 * it runs), the selection is DIP relative to that display. So the crop is ffmpeg expressions in fractions
 * of the frame (iw, ih), clamped to it, with even sizes (yuv420p): right at any stream size. Pure.
 */
import type { Rect } from '../../common/ipc-contract.ts';

export interface Size {
  width: number;
  height: number;
}

const clamp = (n: number): number => Math.min(1, Math.max(0, n));
const fraction = (n: number): string => String(Math.round(n * 1e6) / 1e6);

/** ffmpeg's crop filter for `selection` (DIP, relative to a display of `display` DIP). */
export function streamCropFilter(selection: Rect, display: Size): string {
  const left = clamp(selection.x / display.width);
  const top = clamp(selection.y / display.height);
  const width = clamp((selection.x + selection.width) / display.width) - left;
  const height = clamp((selection.y + selection.height) / display.height) - top;
  if (width <= 0 || height <= 0) throw new RangeError('the selection is not on the shared screen');
  const [w, h, x, y] = [width, height, left, top].map(fraction);
  return `crop=w=max(2\\,trunc(iw*${w}/2)*2):h=max(2\\,trunc(ih*${h}/2)*2):x=trunc(iw*${x}):y=trunc(ih*${y})`;
}

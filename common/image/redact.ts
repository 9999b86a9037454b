/**
 * The redactions an edit holds, applied to the bitmap that is exported (never drawn as an overlay above
 * intact pixels): the editor page and the tests call this one function, in the order the user made them.
 */
import { blur } from './blur.ts';
import { pixelate } from './pixelate.ts';
import type { PixelRect, RgbaPixels } from './pixels.ts';
import { solidBox } from './solid-box.ts';

export type RedactionKind = 'pixelate' | 'blur' | 'box';

export interface Redaction {
  kind: RedactionKind;
  /** In image pixels. */
  rect: PixelRect;
  /** The solid box's colour (default black); ignored by the others. */
  color?: readonly [number, number, number];
}

export function applyRedaction(image: RgbaPixels, redaction: Redaction): void {
  if (redaction.kind === 'pixelate') pixelate(image, redaction.rect);
  else if (redaction.kind === 'blur') blur(image, redaction.rect);
  else solidBox(image, redaction.rect, redaction.color);
}

export function applyRedactions(image: RgbaPixels, redactions: readonly Redaction[]): void {
  for (const redaction of redactions) applyRedaction(image, redaction);
}

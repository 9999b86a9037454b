/**
 * The files list's icon for a link without a thumbnail (not an image or a video, or its thumbnail not made yet):
 * an inline SVG page with the kind drawn on it and its name under it. Inline markup, so the page's CSP (images
 * from this origin only, no inline style) holds; decorative, since the Kind column says the same in words.
 */
import type { FileKind } from '../../common/file-query.ts';

const PAGE = '<path d="M6 2.5h8.5l4.5 4.5v14.5H6z" fill="none" stroke="currentColor" stroke-width="1.5"/>';

const GLYPH: Record<FileKind, string> = {
  image: '<circle cx="10" cy="11" r="1.6"/><path d="M8 19l3.2-4 2 2.3 1.8-2.3 2.5 4z"/>',
  video: '<path d="M10 11v7l6-3.5z"/>',
  audio: '<path d="M9 13h1.5v4H9zM11.8 10.5h1.5v9h-1.5zM14.6 12.5h1.5v5h-1.5z"/>',
  pdf: '<path d="M9 11h7v1.5H9zM9 14h7v1.5H9zM9 17h4v1.5H9z"/>',
  text: '<path d="M9 11h7v1.2H9zM9 13.5h7v1.2H9zM9 16h7v1.2H9zM9 18.5h5v1.2H9z"/>',
  other: '<path d="M14.5 2.5V7H19" fill="none" stroke="currentColor" stroke-width="1.5"/>',
};

export function kindIcon(kind: FileKind): string {
  return `<span class="thumb none" data-kind="${kind}" aria-hidden="true"><svg class="kind-icon" viewBox="0 0 24 24" width="24" height="24" fill="currentColor" focusable="false">${PAGE}${GLYPH[kind]}</svg><span>${kind}</span></span>`;
}

/**
 * The one rectangle type of the app: the region selector's in DIP, the capture back-ends' and the editor's in
 * physical (image) pixels. A file of its own so the IPC contract and the editor's part of it can both use it
 * without importing each other.
 */

/** A rectangle: the region selector's in DIP, the capture back-ends' in physical pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The tools, their one-key shortcuts (shown in the tooltips), the palette and the stroke widths. */

export type Tool =
  | 'select'
  | 'arrow'
  | 'line'
  | 'rect'
  | 'ellipse'
  | 'pen'
  | 'highlighter'
  | 'text'
  | 'step'
  | 'crop'
  | 'pixelate'
  | 'blur'
  | 'box';

export const TOOLS: readonly { tool: Tool; label: string; key: string; icon: string }[] = [
  { tool: 'select', label: 'Select and move', key: 'v', icon: '⬉' },
  { tool: 'arrow', label: 'Arrow', key: 'a', icon: '➜' },
  { tool: 'line', label: 'Line', key: 'l', icon: '╱' },
  { tool: 'rect', label: 'Rectangle', key: 'r', icon: '▭' },
  { tool: 'ellipse', label: 'Ellipse', key: 'e', icon: '◯' },
  { tool: 'pen', label: 'Pen', key: 'p', icon: '✎' },
  { tool: 'highlighter', label: 'Highlighter', key: 'h', icon: '▮' },
  { tool: 'text', label: 'Text', key: 't', icon: 'T' },
  { tool: 'step', label: 'Numbered step', key: 'n', icon: '①' },
  { tool: 'crop', label: 'Crop', key: 'c', icon: '⌗' },
  { tool: 'pixelate', label: 'Pixelate', key: 'x', icon: '▦' },
  { tool: 'blur', label: 'Blur', key: 'b', icon: '◌' },
  { tool: 'box', label: 'Solid box', key: 'k', icon: '■' },
];

export const PALETTE: readonly { color: string; name: string }[] = [
  { color: '#e5484d', name: 'Red' },
  { color: '#f76b15', name: 'Orange' },
  { color: '#ffc53d', name: 'Yellow' },
  { color: '#30a46c', name: 'Green' },
  { color: '#0090ff', name: 'Blue' },
  { color: '#8e4ec6', name: 'Purple' },
  { color: '#000000', name: 'Black' },
  { color: '#ffffff', name: 'White' },
];

/** Stroke widths at 1× (multiplied by the capture's scale). */
export const WIDTHS: readonly { width: number; name: string }[] = [
  { width: 2, name: 'Thin' },
  { width: 4, name: 'Medium' },
  { width: 8, name: 'Thick' },
];

/** Tools that draw from one corner to the other (the keyboard draws them with Space, arrows, Space). */
export const DRAGGED: ReadonlySet<Tool> = new Set([
  'arrow',
  'line',
  'rect',
  'ellipse',
  'pen',
  'highlighter',
  'crop',
  'pixelate',
  'blur',
  'box',
]);

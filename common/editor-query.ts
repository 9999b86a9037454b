/**
 * What the editor's first paint needs of its EditorContext (common/ipc-contract.ts), carried in the editor
 * window's query beside `capture` (main/app/windows/editor-window.ts), so the page paints the capture without
 * waiting for getEditorContext over IPC (issue #17's first paint). The page still asks getEditorContext (it checks
 * that the file is an image); a query that is missing or not valid in any part is ignored as a whole and the
 * page waits for that answer, as before.
 */
import type { EditorContext } from './ipc-contract.ts';

/**
 * A standby window's query key (`?capture=…&standby=1`): the page is loaded ahead, hidden, with no capture yet; it
 * fetches and paints the capture when main sends the context (IPC_EVENTS.editorOpen; editor-window.ts).
 */
export const EDITOR_STANDBY_KEY = 'standby';

/** The query's keys (besides `capture`). */
export const EDITOR_QUERY_KEYS = ['name', 'scale', 'color', 'width'] as const;

export function editorQuery(context: EditorContext): Record<(typeof EDITOR_QUERY_KEYS)[number], string> {
  return {
    name: context.name,
    scale: String(context.scaleFactor),
    color: context.color,
    width: String(context.width),
  };
}

/** A plain number as editorQuery writes it (no '', ' ', '0x…', 'Infinity'), within [min, max]. */
function numberIn(text: string | null, min: number, max: number): number | null {
  if (text === null || !/^\d+(?:\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** The context the query carries, or null when any part is missing or not what main would write. */
export function editorContextOfQuery(query: URLSearchParams): EditorContext | null {
  const name = query.get('name');
  const scaleFactor = numberIn(query.get('scale'), 0.5, 8);
  const color = query.get('color');
  const width = numberIn(query.get('width'), 1, 32);
  // a file name (no folder, no control characters), a colour like the settings' (#rrggbb)
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 255 || /[/\\\u0000-\u001f\u007f]/.test(name)) return null;
  if (!color || !/^#[0-9a-f]{6}$/.test(color)) return null;
  if (scaleFactor === null || width === null) return null;
  return { name, scaleFactor, color, width };
}

/** The context main sent to a standby window (onEditorOpen), held to the query's rules; null if not all good. */
export function checkedEditorContext(value: unknown): EditorContext | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, scaleFactor, color, width } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  if (typeof scaleFactor !== 'number' || typeof width !== 'number') return null;
  return editorContextOfQuery(new URLSearchParams(editorQuery({ name, scaleFactor, color, width })));
}

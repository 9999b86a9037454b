/**
 * The small buttons at the end of a history or queue row: each names its file in its accessible name (a
 * screen reader lists "Copy link of report.pdf", not eight "Copy link"), and a destructive one is marked.
 */
import { h } from '../shared/dom.ts';

export function rowButton(text: string, label: string, onClick: () => void, danger = false): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: danger ? 'small danger' : 'small', onclick: onClick, 'aria-label': label },
    text,
  );
}

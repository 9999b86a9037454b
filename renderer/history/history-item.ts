/**
 * One row of the history list: a finished upload (thumbnail, name, size, expiry, downloads, link) with copy,
 * open, show file, edit (a local PNG) and delete; Enter on the row copies, Delete deletes. What the actions do is
 * the page's (index.ts): this file only builds the row.
 */
import type { HistoryEntry } from '../../common/ipc-contract.ts';
import { extensionOf } from '../../common/expiry-rules.ts';
import { h } from '../shared/dom.ts';
import { expiryText, formatBytes, relativeTime } from '../shared/format.ts';
import { rowButton } from './row-button.ts';

export interface HistoryActions {
  copy(entry: HistoryEntry): void;
  open(entry: HistoryEntry): void;
  reveal(entry: HistoryEntry, localPath: string): void;
  edit(entry: HistoryEntry, localPath: string): void;
  remove(entry: HistoryEntry): void;
}

function thumbnail(entry: HistoryEntry): HTMLElement {
  if (entry.thumbnail) return h('img', { class: 'thumb', src: entry.thumbnail, alt: '' });
  return h('span', { class: 'thumb', 'aria-hidden': 'true' }, extensionOf(entry.name).slice(0, 4) || 'file');
}

/** The row; only the first is in the tab order (the list moves focus with the arrow keys). */
export function historyItem(entry: HistoryEntry, index: number, act: HistoryActions): HTMLLIElement {
  const downloads = `${entry.downloads} download${entry.downloads === 1 ? '' : 's'}`;
  const meta = [formatBytes(entry.bytes), expiryText(entry.expiresAt, entry.expired), downloads].join(' · ');
  const local = entry.localPath;
  const item = h(
    'li',
    {
      class: 'item',
      tabindex: index === 0 ? 0 : -1,
      'data-share-id': entry.shareId,
      'data-url': entry.url,
      'data-expired': String(entry.expired),
      'aria-label': `${entry.name}, ${meta}`,
    },
    thumbnail(entry),
    h(
      'div',
      { class: 'text' },
      h('div', { class: 'name', title: entry.name }, entry.name),
      h('div', { class: 'meta' }, meta, ' · ', h('span', { title: entry.uploadedAt }, relativeTime(entry.uploadedAt))),
      h('div', { class: 'url' }, entry.url),
    ),
    h(
      'div',
      { class: 'actions' },
      rowButton('Copy link', `Copy link of ${entry.name}`, () => act.copy(entry)),
      rowButton('Open', `Open ${entry.name} in the browser`, () => act.open(entry)),
      local && rowButton('Show file', `Show file: the local copy of ${entry.name}`, () => act.reveal(entry, local)),
      local &&
        /\.png$/i.test(local) &&
        rowButton('Edit…', `Edit the local copy of ${entry.name}`, () => act.edit(entry, local)),
      rowButton('Delete…', `Delete ${entry.name} from the server`, () => act.remove(entry), true),
    ),
  );
  item.addEventListener('keydown', (event) => {
    if (event.target !== item) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      act.copy(entry);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      act.remove(entry);
    }
  });
  return item;
}

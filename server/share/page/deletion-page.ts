/**
 * The pages of an upload's deletion URL: a confirmation with one button (a form that posts back to the same
 * address; no script, the share pages' CSP), and the page that says it is done.
 */
import { esc } from '../html.ts';
import { page } from './layout.ts';
import { formatBytes } from '../../../common/format-bytes.ts';

export function confirmDeletionPage(file: { name: string; bytes: number }, action: string, nonce: string): string {
  return page(
    { title: `Delete ${file.name}?`, nonce, robots: 'noindex' },
    `<div class="card center"><div class="icon" aria-hidden="true">🗑️</div>
<h1>Delete ${esc(file.name)}?</h1><p>${esc(formatBytes(file.bytes))}. Its link stops working at once; this cannot be undone.</p>
<form method="post" action="${esc(action)}"><button class="btn primary" type="submit">Delete</button></form></div>`,
  );
}

export function deletedPage(name: string, nonce: string): string {
  return page(
    { title: 'Deleted', nonce, robots: 'noindex' },
    `<div class="card center"><div class="icon" aria-hidden="true">✅</div>
<h1>${esc(name)} is deleted</h1><p>Its link no longer works.</p></div>`,
  );
}

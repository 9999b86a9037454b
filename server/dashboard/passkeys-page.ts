/**
 * The dashboard's Passkeys page: the user's passkeys (name, added, last used) with a form to rename and one to
 * remove each (plain forms with the CSRF token), and "Add a passkey" (the WebAuthn ceremony needs script:
 * passkey-script.ts; without it the form stays hidden and the page says so).
 */
import type { Passkey } from '../db/passkeys.ts';
import { esc } from '../share/html.ts';
import { timeCell } from './format.ts';

export function passkeysPage(keys: Passkey[], csrf: string, now: Date, notice: string | null): string {
  const token = `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
  const rows = keys
    .map((k) => {
      const id = encodeURIComponent(k.id);
      return `<tr><td><form class="inline" method="post" action="/dashboard/passkeys/${id}/rename">${token}
<label class="visually-hidden" for="name-${esc(k.id)}">Name of ${esc(k.name)}</label>
<input class="name-input" id="name-${esc(k.id)}" name="name" value="${esc(k.name)}" maxlength="64" required>
<button class="btn" type="submit">Rename</button></form></td>
<td>${timeCell(k.createdAt, now)}</td><td>${k.lastUsedAt ? timeCell(k.lastUsedAt, now) : 'never'}</td>
<td><form class="inline" method="post" action="/dashboard/passkeys/${id}/remove">${token}
<button class="btn danger" type="submit" aria-label="Remove ${esc(k.name)}">Remove</button></form></td></tr>`;
    })
    .join('\n');
  const list =
    keys.length === 0
      ? '<p class="empty">No passkeys yet.</p>'
      : `<table class="passkeys"><thead><tr><th>Name</th><th>Added</th><th>Last used</th><th><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<h1>Passkeys</h1>${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}
<div class="card"><p>A passkey signs you in with this device’s screen lock or a security key, without a password.</p>${list}</div>
<div class="card"><h2>Add a passkey</h2>
<form id="add-passkey" hidden>${token}<label class="field">Name<input name="name" maxlength="64" value="Passkey ${keys.length + 1}" required></label>
<button class="btn primary" type="submit">Add a passkey</button></form>
<noscript><p>Adding a passkey needs JavaScript.</p></noscript>
<p id="passkey-status" role="status"></p></div>`;
}

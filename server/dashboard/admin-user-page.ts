/**
 * One user on the admin page: usage against the limits, the quota form (sizes as `traydrop-server user quota`
 * takes them), disable or enable, the admin role, the user's device tokens with revoke, and their sign-in
 * identities with unlink (admin-identities.ts).
 */
import type { AdminUserDetail, DeviceEntry } from '../../common/admin-api.ts';
import { formatBytes } from '../../common/format-bytes.ts';
import { esc } from '../share/html.ts';
import { identitiesCard } from './admin-identities.ts';
import { timeCell } from './format.ts';
import { sizeField } from './size-field.ts';
import { usageBar } from './usage-bar.ts';

const csrfField = (csrf: string): string => `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;

function tokenRow(t: DeviceEntry, base: string, csrf: string, now: Date): string {
  const name = t.label ?? `Device ${t.id}`;
  const action = t.revokedAt
    ? `Revoked ${timeCell(t.revokedAt, now)}`
    : `<form class="inline" method="post" action="${base}/tokens/${esc(t.id)}/revoke">${csrfField(csrf)}
<button class="btn danger" type="submit" aria-label="Revoke ${esc(name)}">Revoke</button></form>`;
  return `<tr data-token="${esc(t.id)}"><td><b>${esc(name)}</b><span class="sub">id ${esc(t.id)}</span></td><td>${timeCell(t.createdAt, now)}</td>
<td>${t.lastUsedAt ? timeCell(t.lastUsedAt, now) : 'never'}</td><td>${action}</td></tr>`;
}

export function adminUserPage(
  u: AdminUserDetail,
  tokens: DeviceEntry[],
  csrf: string,
  now: Date,
  notice: string | null,
): string {
  const base = `/dashboard/admin/users/${encodeURIComponent(u.name)}`;
  const field = (name: string, label: string, value: number | null) =>
    `<label class="field">${label}<input name="${name}" value="${esc(sizeField(value))}" autocomplete="off" aria-describedby="size-help"></label>`;
  const flip = (action: string, label: string, danger = false) =>
    `<form class="inline" method="post" action="${base}/${action}">${csrfField(csrf)}<button class="btn${danger ? ' danger' : ''}" type="submit">${label}</button></form>`;
  const tokenTable =
    tokens.length === 0
      ? '<p class="empty">No device tokens.</p>'
      : `<div class="wrap"><table><caption class="visually-hidden">Device tokens of ${esc(u.name)}</caption><thead><tr><th scope="col">Device</th>
<th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead><tbody>${tokens.map((t) => tokenRow(t, base, csrf, now)).join('')}</tbody></table></div>`;
  return `<p><a href="/dashboard/admin">← All users</a></p><h1>${esc(u.name)}${u.role === 'admin' ? ' (admin)' : ''}${u.disabled ? ' — disabled' : ''}</h1>
${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}
<div class="card">${usageBar({ id: 'storage', label: 'Storage', used: u.storageUsed, limit: u.storageLimit, over: null })}
${usageBar({ id: 'transfer', label: 'Transfer this month', used: u.transferUsed, limit: u.transferLimit, over: null })}
<p>Largest file: ${u.maxFileSize === null ? 'no limit' : formatBytes(u.maxFileSize)} · ${u.links} live links · ${esc(u.email ?? 'no e-mail')}</p></div>
<div class="card"><h2>Limits</h2><form method="post" action="${base}/quota">${csrfField(csrf)}<div class="forms">
${field('storage', 'Storage', u.storageLimit)}${field('transfer', 'Transfer a month', u.transferLimit)}${field('maxFile', 'Largest file', u.maxFileSize)}</div>
<p class="sub" id="size-help">Sizes such as 500MB, 10GB or 2GiB (KB/MB/GB/TB count in 1000s, KiB/MiB/GiB/TiB in 1024s); <code>none</code> for no limit.</p>
<button class="btn primary" type="submit">Save limits</button></form></div>
<div class="card"><h2>Account</h2><div class="actions">${u.disabled ? flip('enable', 'Enable account') : flip('disable', 'Disable account', true)}
${u.role === 'admin' ? flip('role-user', 'Remove admin role') : flip('role-admin', 'Make admin')}</div>
<p class="sub">A disabled account's devices, sessions and links stop working at once (links answer 404); enabling brings them back.</p></div>
<div class="card"><h2>Device tokens</h2>${tokenTable}</div>
${identitiesCard(u.name, u.identities, base, now)}`;
}

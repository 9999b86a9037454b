/**
 * The admin page: totals (storage, this month's transfer, links, active users), the largest users, every user
 * with usage and last activity, and the form that creates a user. Each user's own page (admin-user-page.ts) has
 * the quota, disable/enable, role and token controls. Inviting is a separate feature (issue #16's invite links):
 * its place is marked, with the command that does it today.
 */
import type { AdminTotalsResponse, AdminUserEntry } from '../../common/admin-api.ts';
import { quotaBytes } from '../../common/quota-refusal.ts';
import { esc } from '../share/html.ts';
import { timeCell } from './format.ts';
import { usageText } from './usage-bar.ts';

const userLink = (name: string): string =>
  `<a href="/dashboard/admin/users/${encodeURIComponent(name)}">${esc(name)}</a>`;

function userRow(u: AdminUserEntry, now: Date): string {
  const state = u.disabled ? '<span class="state expired">Disabled</span>' : '<span class="state live">Active</span>';
  const overStorage = u.storageLimit !== null && u.storageUsed >= u.storageLimit;
  const overTransfer = u.transferLimit !== null && u.transferUsed >= u.transferLimit;
  const over = (yes: boolean) => (yes ? ' <span class="over-text">over the limit</span>' : '');
  return `<tr data-user="${esc(u.name)}"><td class="name">${userLink(u.name)}${u.role === 'admin' ? ' <b>(admin)</b>' : ''}<span class="sub">${esc(u.email ?? '')}</span></td>
<td>${state}</td><td class="num storage">${esc(usageText(u.storageUsed, u.storageLimit))}${over(overStorage)}</td>
<td class="num transfer">${esc(usageText(u.transferUsed, u.transferLimit))}${over(overTransfer)}</td><td class="num links">${u.links}</td>
<td>${u.lastActiveAt ? timeCell(u.lastActiveAt, now) : 'never'}</td></tr>`;
}

function totalsPart(t: AdminTotalsResponse): string {
  const item = (id: string, label: string, value: string) =>
    `<div><dt>${label}</dt><dd id="total-${id}">${value}</dd></div>`;
  const largest =
    t.largest.length === 0
      ? '<p class="sub">Nobody stores anything yet.</p>'
      : `<ol id="largest">${t.largest.map((u) => `<li>${userLink(u.name)}: ${quotaBytes(u.storageUsed)}, ${u.links} ${u.links === 1 ? 'link' : 'links'}</li>`).join('')}</ol>`;
  return `<div class="card"><h2>Totals</h2><dl class="totals">
${item('storage', 'Storage', quotaBytes(t.storageUsed))}${item('transfer', 'Transfer this month', quotaBytes(t.transferUsed))}
${item('links', 'Live links', String(t.links))}${item('active', 'Active users (30 days)', `${t.activeUsers} of ${t.users}`)}</dl>
<h2 class="spaced">Largest users</h2>${largest}</div>`;
}

export function adminPage(users: AdminUserEntry[], totals: AdminTotalsResponse, csrf: string, now: Date): string {
  return `<h1>Admin</h1>${totalsPart(totals)}
<div class="card"><h2>Users</h2><div class="wrap"><table class="users"><caption class="visually-hidden">All users</caption><thead><tr>
<th scope="col">User</th><th scope="col">State</th><th scope="col">Storage</th><th scope="col">Transfer this month</th>
<th scope="col">Links</th><th scope="col">Last active</th></tr></thead><tbody>${users.map((u) => userRow(u, now)).join('')}</tbody></table></div></div>
<div class="card"><h2>New user</h2><form method="post" action="/dashboard/admin/users" class="actions"><input type="hidden" name="_csrf" value="${esc(csrf)}">
<label class="field">Name<input name="name" required maxlength="63" pattern="[a-z0-9][a-z0-9._\\-]{0,62}" autocomplete="off"></label>
<label class="field grow">E-mail (optional)<input name="email" type="email" autocomplete="off"></label>
<label class="check"><input type="checkbox" name="admin" value="1"> Admin</label>
<button class="btn primary" type="submit">Create user</button></form>
<p class="sub" id="invite-place">To invite someone (they pick a name, a password or a passkey, and pair their first device), run <code>traydrop-server user invite</code> on the server: it prints a one-time link. Or create the user here and pair their first device with <code>traydrop-server token create &lt;name&gt; --pair-url &lt;url&gt;</code>.</p></div>`;
}

/**
 * The admin page: totals (storage, this month's transfer, links, active users), the largest users, every user
 * with usage and last activity, and the form that creates a user. Each user's own page (admin-user-page.ts) has
 * the quota, disable/enable, role and token controls. "Invite a user" makes a one-time invite link the way
 * `traydrop-server user invite` does, shown once with Copy.
 */
import {
  type AdminInviteResponse,
  type AdminTotalsResponse,
  type AdminUserEntry,
  INVITE_EXPIRIES,
} from '../../common/admin-api.ts';
import { DEFAULT_INVITE_EXPIRY } from '../admin/invite-link.ts';
import { formatBytes } from '../../common/format-bytes.ts';
import { esc } from '../share/html.ts';
import { exactTime, relativeTime, timeCell } from './format.ts';
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
      : `<ol id="largest">${t.largest.map((u) => `<li>${userLink(u.name)}: ${formatBytes(u.storageUsed)}, ${u.links} ${u.links === 1 ? 'link' : 'links'}</li>`).join('')}</ol>`;
  return `<div class="card"><h2>Totals</h2><dl class="totals">
${item('storage', 'Storage', formatBytes(t.storageUsed))}${item('transfer', 'Transfer this month', formatBytes(t.transferUsed))}
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
<p class="sub">A user made here pairs their first device with <code>traydrop-server token create &lt;name&gt; --pair-url &lt;url&gt;</code>, or from Devices once they can sign in; an invite lets them do it all themselves.</p></div>
${inviteForm(csrf)}`;
}

const EXPIRY_LABEL: Record<(typeof INVITE_EXPIRIES)[number], string> = {
  '1h': '1 hour',
  '1d': '1 day',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
};

/** The one-time invite (the same as `traydrop-server user invite`): admin or not, and how long the link works. */
function inviteForm(csrf: string): string {
  const choices = INVITE_EXPIRIES.map(
    (e) => `<option value="${e}"${e === DEFAULT_INVITE_EXPIRY ? ' selected' : ''}>${EXPIRY_LABEL[e]}</option>`,
  ).join('');
  return `<div class="card"><h2>Invite a user</h2><form method="post" action="/dashboard/admin/invites" class="actions"><input type="hidden" name="_csrf" value="${esc(csrf)}">
<label class="field">The link works for<select name="expires">${choices}</select></label>
<label class="check"><input type="checkbox" name="admin" value="1"> Admin</label>
<button class="btn primary" type="submit">Create invite link</button></form>
<p class="sub">The person you invite opens the link once, picks a name and a password or a passkey, and pairs their first device. <code>traydrop-server user invite</code> makes the same links on the server.</p></div>`;
}

/** The invite just made: its link is shown only now (only its hash is kept), with Copy (copy.js). */
export function invitedPage(invite: AdminInviteResponse, now: Date): string {
  return `<p><a href="/dashboard/admin">← All users</a></p><h1>Invite link</h1><div class="card">
<p>Send this link to the person you invite. It makes one ${invite.role === 'admin' ? '<b>admin</b>' : 'user'} account, works once, and expires <time datetime="${esc(invite.expiresAt)}">${relativeTime(Date.parse(invite.expiresAt) - now.getTime())}</time> (${exactTime(invite.expiresAt)}). It is shown only this once.</p>
<div class="linkbar"><label class="field grow">Invite link<input id="invite-link" type="text" readonly value="${esc(invite.url)}"></label>
<button class="btn" type="button" data-copy="${esc(invite.url)}" hidden>Copy link</button></div>
<p><a class="btn" href="/dashboard/admin">Done</a></p></div>`;
}

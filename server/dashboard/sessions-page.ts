/** The Sessions page: every browser signed in as this user, with where and when, each one revocable. */
import type { SessionEntry } from '../../common/dashboard-api.ts';
import { esc } from '../share/html.ts';
import { timeCell } from './format.ts';

function row(s: SessionEntry, csrf: string, now: Date): string {
  const end = s.current ? 'End this session' : 'Revoke';
  return `<tr><td>${esc(s.browser ?? 'Unknown browser')}${s.current ? ' <b>(this browser)</b>' : ''}<span class="sub">${esc(s.ip ?? '')}</span></td>
<td>${timeCell(s.createdAt, now)}</td><td>${timeCell(s.lastSeenAt, now)}</td><td>${timeCell(s.expiresAt, now)}</td>
<td><form class="inline" method="post" action="/dashboard/sessions/${s.id}/revoke"><input type="hidden" name="_csrf" value="${esc(csrf)}">
<button class="btn danger" type="submit" aria-label="${end}: ${esc(s.browser ?? 'Unknown browser')}, signed in ${esc(s.createdAt.slice(0, 16).replace('T', ' '))} UTC">${end}</button></form></td></tr>`;
}

export function sessionsPage(sessions: SessionEntry[], csrf: string, now: Date): string {
  return `<h1>Sessions</h1><div class="card"><p class="sub">Browsers signed in to this dashboard. A session ends 30 days after its last use, or when you revoke it here.</p>
<table><caption class="visually-hidden">Your sessions</caption><thead><tr><th scope="col">Browser</th><th scope="col">Signed in</th>
<th scope="col">Last used</th><th scope="col">Ends</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${sessions.map((s) => row(s, csrf, now)).join('')}</tbody></table></div>`;
}

/**
 * A user's OpenID Connect identities on their admin page (the provider, the subject, the address it gave last,
 * linked, last sign-in) with Unlink, and the page that asks before unlinking (a plain form: no script needed, and
 * the consequences said in words before anything changes).
 */
import type { AdminIdentityEntry } from '../../common/admin-api.ts';
import { esc } from '../share/html.ts';
import { timeCell } from './format.ts';

const unlinkPath = (base: string): string => `${base}/identities/unlink`;

const identityFields = (i: AdminIdentityEntry): string =>
  `<input type="hidden" name="issuer" value="${esc(i.issuer)}"><input type="hidden" name="subject" value="${esc(i.subject)}">`;

function identityRow(i: AdminIdentityEntry, base: string, now: Date): string {
  return `<tr data-identity="${esc(i.subject)}"><td>${esc(i.issuer)}</td><td><code>${esc(i.subject)}</code></td><td>${esc(i.email ?? '—')}</td>
<td>${timeCell(i.linkedAt, now)}</td><td>${i.lastSignInAt ? timeCell(i.lastSignInAt, now) : 'never'}</td>
<td><form class="inline" method="get" action="${unlinkPath(base)}">${identityFields(i)}
<button class="btn danger" type="submit" aria-label="Unlink ${esc(i.subject)} at ${esc(i.issuer)}">Unlink…</button></form></td></tr>`;
}

/** The "Sign-in identities" card of the user's admin page. */
export function identitiesCard(name: string, identities: AdminIdentityEntry[], base: string, now: Date): string {
  const table =
    identities.length === 0
      ? '<p class="empty">No sign-in identities: this user has not signed in with your organisation’s provider.</p>'
      : `<div class="wrap"><table><caption class="visually-hidden">Sign-in identities of ${esc(name)}</caption><thead><tr><th scope="col">Provider</th>
<th scope="col">Subject</th><th scope="col">E-mail at the provider</th><th scope="col">Linked</th><th scope="col">Last sign-in</th>
<th scope="col">Action</th></tr></thead><tbody>${identities.map((i) => identityRow(i, base, now)).join('')}</tbody></table></div>`;
  return `<div class="card"><h2>Sign-in identities</h2>${table}
<p class="sub">Unlinking ends the sessions that identity signed in. Its next sign-in is treated as a new person’s and never reaches this user again.</p></div>`;
}

/** Asks before unlinking: the identity, what happens, Unlink or Cancel. */
export function unlinkConfirmPage(name: string, i: AdminIdentityEntry, base: string, csrf: string): string {
  return `<p><a href="${base}">← ${esc(name)}</a></p><h1>Unlink a sign-in identity?</h1><div class="card">
<dl class="totals identity"><div><dt>User</dt><dd>${esc(name)}</dd></div><div><dt>Provider</dt><dd>${esc(i.issuer)}</dd></div>
<div><dt>Subject</dt><dd><code>${esc(i.subject)}</code></dd></div><div><dt>E-mail at the provider</dt><dd>${esc(i.email ?? '—')}</dd></div></dl>
<p>The sessions this identity signed in end now. Its next sign-in at the provider is treated as a new person’s: it never reaches ${esc(name)} again, even with the same e-mail address. ${esc(name)} stays, with their files, devices and other ways to sign in.</p>
<form class="actions" method="post" action="${unlinkPath(base)}"><input type="hidden" name="_csrf" value="${esc(csrf)}">${identityFields(i)}
<button class="btn danger" type="submit">Unlink</button><a class="btn" href="${base}">Cancel</a></form></div>`;
}

/**
 * /dashboard/password: set, change or remove the signed-in user's password (while PASSWORD_SIGN_IN is on). A
 * change needs the current password when there is one: a session left open on a shared computer must not be
 * enough to take the account over for good. The form carries the page's CSRF token (page-session.ts checks it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, checkAccountPassword } from '../auth/password-hash.ts';
import { csrfTokenOf } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { passwordHashOf, removePassword, setPasswordHash } from '../db/user-passwords.ts';
import { esc } from '../share/html.ts';
import { dashboardPage } from './layout.ts';
import { sendMessage } from './message-page.ts';
import { pageSession } from './page-session.ts';
import { sendDashboardPage } from './send-page.ts';

const OFF = { status: 404, title: 'Password sign-in is off', html: 'The administrator turned it off on this server.' };

function passwordPage(user: string, csrf: string, hasPassword: boolean, note: { ok: boolean; text: string } | null) {
  const current = hasPassword
    ? '<label class="field">Current password<input name="current" type="password" autocomplete="current-password" required></label>'
    : '';
  const remove = hasPassword
    ? `<form method="post" action="/dashboard/password/remove" class="stack"><input type="hidden" name="_csrf" value="${esc(csrf)}">
${current}<button class="btn danger" type="submit">Remove password</button></form>`
    : '';
  const message = note
    ? `<p class="${note.ok ? 'notice' : 'problem'}" role="${note.ok ? 'status' : 'alert'}">${esc(note.text)}</p>`
    : '';
  return (nonce: string) =>
    dashboardPage(
      { title: 'Password', nonce, user: { name: user, csrf }, current: 'password' },
      `<h1>Password</h1>${message}<div class="card"><p>${hasPassword ? 'You can sign in with your user name and password.' : 'You have no password: you sign in from a paired device.'}</p>
<form method="post" action="/dashboard/password" class="stack"><input type="hidden" name="_csrf" value="${esc(csrf)}">
${current}<label class="field">New password (at least ${MIN_PASSWORD_LENGTH} characters)<input name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}"></label>
<button class="btn primary" type="submit">${hasPassword ? 'Change password' : 'Set password'}</button></form>${remove}</div>`,
    );
}

export async function showPasswordPage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const web = await pageSession(ctx, request, reply);
  if (!web) return reply;
  if (!ctx.config.passwordSignIn) return sendMessage(request, reply, OFF);
  const { userId } = web.session;
  const has = (await passwordHashOf(ctx.db, userId)) !== undefined;
  return sendDashboardPage(request, reply, 200, passwordPage(userId, csrfTokenOf(web.secret), has, null));
}

export async function changePassword(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, remove: boolean) {
  const web = await pageSession(ctx, request, reply);
  if (!web) return reply;
  if (!ctx.config.passwordSignIn) return sendMessage(request, reply, OFF);
  const { userId } = web.session;
  const csrf = csrfTokenOf(web.secret);
  const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
  const stored = await passwordHashOf(ctx.db, userId);
  const answer = (status: number, ok: boolean, text: string, has: boolean) =>
    sendDashboardPage(request, reply, status, passwordPage(userId, csrf, has, { ok, text }));
  if (stored !== undefined && !(await checkAccountPassword(form.get('current') ?? '', stored)))
    return answer(403, false, 'The current password is wrong. Nothing was changed.', true);
  if (remove) {
    await removePassword(ctx.db, userId);
    return answer(200, true, 'Password removed.', false);
  }
  const password = form.get('password') ?? '';
  const problem = passwordProblem(password);
  if (problem) return answer(400, false, problem, stored !== undefined);
  await setPasswordHash(ctx.db, userId, await hashPassword(password), ctx.now());
  return answer(200, true, stored === undefined ? 'Password set.' : 'Password changed.', true);
}

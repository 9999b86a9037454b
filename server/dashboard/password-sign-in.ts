/**
 * /dashboard/sign-in: the sign-in page (a passkey button, which needs script: passkey-routes.ts; a user name and
 * password form while PASSWORD_SIGN_IN is on; and how to come in from a paired device) and its POST. Wrong tries are limited per name and per address (server/auth/
 * sign-in-limiter.ts: 429 with Retry-After); a wrong name, a wrong password and a disabled account get the same
 * answer after the same work. A form posted from another site is refused (login CSRF).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkAccountPassword } from '../auth/password-hash.ts';
import { originOf } from '../auth/session-csrf.ts';
import { isActiveUser } from '../auth/session-user.ts';
import type { SignInLimiter } from '../auth/sign-in-limiter.ts';
import type { AppContext } from '../context.ts';
import { passwordHashOf } from '../db/user-passwords.ts';
import { clientKey } from '../net/client-key.ts';
import { esc } from '../share/html.ts';
import { dashboardPage } from './layout.ts';
import { sendMessage } from './message-page.ts';
import { sendDashboardPage } from './send-page.ts';
import { startSession } from './start-session.ts';

const FROM_DEVICE =
  'From a paired device: choose <b>Open dashboard…</b> in the Traydrop app, or run <code>traydrop dashboard</code>.';

const PASSKEY = `<p><button id="passkey-sign-in" class="btn primary" type="button" hidden>Sign in with a passkey</button></p>
<p id="passkey-status" role="status"></p>`;

const OIDC = '<p><a class="btn primary" href="/dashboard/oidc/start">Sign in with your organisation</a></p>';

function signInPage(ctx: AppContext, problem: string | null, name: string): (nonce: string) => string {
  const ways = `${ctx.config.oidc ? OIDC : ''}${PASSKEY}`;
  const form = ctx.config.passwordSignIn
    ? `${problem ? `<p class="problem" role="alert">${esc(problem)}</p>` : ''}${ways}
<form method="post" action="/dashboard/sign-in" class="stack">
<label class="field">User name<input name="name" autocomplete="username webauthn" required maxlength="63" value="${esc(name)}"></label>
<label class="field">Password<input name="password" type="password" autocomplete="current-password" required></label>
<button class="btn" type="submit">Sign in</button></form>
<p>Or, ${FROM_DEVICE.charAt(0).toLowerCase()}${FROM_DEVICE.slice(1)}</p>`
    : `${ways}<p>${FROM_DEVICE}</p>`;
  return (nonce) =>
    dashboardPage(
      { title: 'Sign in', nonce, passkeys: true },
      `<div class="card center"><h1>Sign in to Traydrop</h1>${form}</div>`,
    );
}

const send = (request: FastifyRequest, reply: FastifyReply, status: number, render: (nonce: string) => string) =>
  sendDashboardPage(request, reply, status, render, { script: true, fetch: true });

export function showPasswordSignIn(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, 200, signInPage(ctx, null, ''));
}

export async function usePasswordSignIn(
  ctx: AppContext,
  limiter: SignInLimiter,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (!ctx.config.passwordSignIn)
    return sendMessage(request, reply, { status: 404, title: 'Password sign-in is off', html: FROM_DEVICE });
  if (originOf(request) === 'foreign')
    return sendMessage(request, reply, { status: 403, title: 'Refused', html: 'Sign in from this site’s own page.' });
  const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
  const name = (form.get('name') ?? '').trim().toLowerCase().slice(0, 63);
  const password = form.get('password') ?? '';
  if (name === '' || password === '')
    return send(request, reply, 400, signInPage(ctx, 'Enter your user name and password.', name));
  const address = clientKey(request.ip);
  const wait = await limiter.begin(name, address, ctx.now().getTime());
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    return send(
      request,
      reply,
      429,
      signInPage(ctx, `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`, name),
    );
  }
  const right = await checkAccountPassword(password, await passwordHashOf(ctx.db, name));
  if (!right || !(await isActiveUser(ctx.db, name)))
    return send(request, reply, 401, signInPage(ctx, 'Wrong user name or password.', name));
  await limiter.succeeded(name, address);
  await startSession(ctx, request, reply, name, 'password');
  return reply.code(303).header('location', '/dashboard').send();
}

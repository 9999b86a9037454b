/**
 * /dashboard/invite/<secret>: the page a `traydrop-server user invite` link opens. The invited person picks a
 * user name (the rules of `user create`; a taken name is refused and the invite stays usable) and, while
 * PASSWORD_SIGN_IN is on, a password (or none, to add a passkey next), and the POST creates the account, uses the invite (once, in one transaction: server/db/invites.ts), signs the
 * browser in and shows how to pair a first device: a device token made for them, as a traydrop://pair link the
 * app opens and as the `traydrop login` command. GET only shows the form, so a link preview spends nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pairLink } from '../../common/pair-link.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/password-hash.ts';
import { csrfTokenOf, originOf } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { acceptInvite, type InviteState, inviteState, isInviteSecret } from '../db/invites.ts';
import { createToken } from '../db/tokens.ts';
import { setPasswordHash } from '../db/user-passwords.ts';
import { checkUserName, UserError } from '../db/users.ts';
import { esc } from '../share/html.ts';
import { dashboardPage } from './layout.ts';
import { type Message, sendMessage } from './message-page.ts';
import { sendDashboardPage } from './send-page.ts';
import { startSession } from './start-session.ts';

type InviteRequest = FastifyRequest<{ Params: { secret: string } }>;

const ASK = 'Ask whoever invited you for a new invite.';
const REFUSED: Record<Exclude<InviteState, 'ok'>, Message> = {
  unknown: { status: 404, title: 'No such invite', html: ASK },
  used: { status: 410, title: 'This invite was already used', html: `An invite makes one account. ${ASK}` },
  expired: { status: 410, title: 'This invite has expired', html: ASK },
};

function inviteForm(ctx: AppContext, secret: string, problem: string | null, name: string) {
  const password = ctx.config.passwordSignIn
    ? `<label class="field">Password (at least ${MIN_PASSWORD_LENGTH} characters; leave it empty to add a passkey instead)<input name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}"></label>`
    : '';
  return (nonce: string) =>
    dashboardPage(
      { title: 'Create your account', nonce },
      `<div class="card center"><h1>Create your Traydrop account</h1>
<p>Pick a user name: lower-case letters, digits, “.”, “_” or “-”, starting with a letter or digit. It becomes part of your files’ storage paths and cannot be changed later.</p>
${problem ? `<p class="problem" role="alert">${esc(problem)}</p>` : ''}
<form method="post" action="/dashboard/invite/${esc(secret)}" class="stack">
<label class="field">User name<input name="name" autocomplete="username" required maxlength="63" value="${esc(name)}"></label>
${password}<button class="btn primary" type="submit">Create account</button></form></div>`,
    );
}

export async function showInvite(ctx: AppContext, request: InviteRequest, reply: FastifyReply) {
  const { secret } = request.params;
  const state = isInviteSecret(secret) ? await inviteState(ctx.db, secret, ctx.now()) : 'unknown';
  if (state !== 'ok') return sendMessage(request, reply, REFUSED[state]);
  return sendDashboardPage(request, reply, 200, inviteForm(ctx, secret, null, ''));
}

export async function useInvite(ctx: AppContext, request: InviteRequest, reply: FastifyReply) {
  const { secret } = request.params;
  if (originOf(request) === 'foreign')
    return sendMessage(request, reply, { status: 403, title: 'Refused', html: 'Use the invite page itself.' });
  if (!isInviteSecret(secret)) return sendMessage(request, reply, REFUSED.unknown);
  const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
  const name = (form.get('name') ?? '').trim();
  const password = form.get('password') ?? '';
  const again = (problem: string) => sendDashboardPage(request, reply, 400, inviteForm(ctx, secret, problem, name));
  try {
    checkUserName(name);
  } catch (error) {
    return again(`That name cannot be used: ${(error as Error).message.replace(/^invalid user name "[^"]*": /, '')}.`);
  }
  // no password (or password sign-in off): the account signs in with a passkey or from a paired device
  const withPassword = ctx.config.passwordSignIn && password !== '';
  const problem = withPassword ? passwordProblem(password) : null;
  if (problem) return again(problem);
  const hash = withPassword ? await hashPassword(password) : null;
  const now = ctx.now();
  let use;
  try {
    use = await acceptInvite(ctx.db, secret, name, now, async (trx, user) => {
      if (hash !== null) await setPasswordHash(trx, user.name, hash, now);
    });
  } catch (error) {
    if (error instanceof UserError) return again(`The name “${name}” is taken. Pick another one.`);
    throw error;
  }
  if (!use.ok) return sendMessage(request, reply, REFUSED[use.reason]);
  const { token } = await createToken(ctx.db, name, { label: 'first device', now });
  const session = await startSession(ctx, request, reply, name, 'invite');
  const server = ctx.config.shareBaseUrl;
  const head = { title: 'Pair your first device', user: { name, csrf: csrfTokenOf(session) } };
  return sendDashboardPage(request, reply, 200, (nonce) =>
    dashboardPage(
      { ...head, nonce },
      `<div class="card"><h1>Welcome, ${esc(name)}</h1>
<p>Your account is ready and this browser is signed in. Now pair the computer you share from. This device token is shown only once:</p>
<p><code class="secret">${esc(token)}</code></p>
<h2>With the Traydrop app</h2>
<p><a class="btn primary" href="${esc(pairLink(server, token))}">Pair the Traydrop app</a> (the app asks before it pairs).</p>
<h2>With the command line</h2>
<p><code>traydrop login ${esc(server)} ${esc(token)}</code></p>
<h2>Passkeys</h2>
<p><a href="/dashboard/passkeys">Add a passkey</a> to sign in to this dashboard with this device’s screen lock.</p>
<p><a href="/dashboard">Go to your files</a></p></div>`,
    ),
  );
}

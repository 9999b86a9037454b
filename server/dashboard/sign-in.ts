/**
 * /dashboard/sign-in/<secret>: the one-time link a paired device made (POST /v1/dashboard/sign-in-link).
 *
 * GET only shows a page with one button; the POST it submits uses the link. Chat apps' link-preview bots,
 * mail scanners and browsers' prefetch fetch a URL with GET as soon as they see it: if GET used the link, a
 * preview would spend it (or worse, sign the bot in). A POST needs a person to press the button (the page has
 * no script to press it for them), and the link still expires 60 s after it was made.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { browserLabel } from '../auth/browser-label.ts';
import { sessionCookie } from '../auth/session-cookie.ts';
import { originOf } from '../auth/session-csrf.ts';
import { isActiveUser } from '../auth/session-user.ts';
import type { AppContext } from '../context.ts';
import { createSession } from '../db/sessions.ts';
import { signInLinkState, useSignInLink } from '../db/sign-in-links.ts';
import { esc } from '../share/html.ts';
import { sendDashboardPage } from './send-page.ts';
import { dashboardPage } from './layout.ts';
import { type Message, sendMessage } from './message-page.ts';

type SignInRequest = FastifyRequest<{ Params: { secret: string } }>;

const AGAIN = 'Make a new one: choose <b>Open dashboard…</b> in the app, or run <code>traydrop dashboard</code>.';
const REFUSED: Record<'unknown' | 'used' | 'expired', Message> = {
  unknown: { status: 404, title: 'No such sign-in link', html: AGAIN },
  used: { status: 410, title: 'This sign-in link was already used', html: `A link signs in once. ${AGAIN}` },
  expired: { status: 410, title: 'This sign-in link has expired', html: `A link works for one minute. ${AGAIN}` },
};

const wellFormed = (secret: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(secret);

export async function showSignIn(ctx: AppContext, request: SignInRequest, reply: FastifyReply) {
  const { secret } = request.params;
  const state = wellFormed(secret) ? await signInLinkState(ctx.db, secret, ctx.now()) : 'unknown';
  if (state !== 'ok') return sendMessage(request, reply, REFUSED[state]);
  return sendDashboardPage(request, reply, 200, (nonce) =>
    dashboardPage(
      { title: 'Sign in', nonce },
      `<div class="card center"><h1>Sign in to Traydrop</h1>
<p>This link signs this browser in to your dashboard. It works once, within a minute of when it was made.</p>
<form method="post" action="/dashboard/sign-in/${esc(secret)}"><button class="btn primary" type="submit">Sign in</button></form></div>`,
    ),
  );
}

export async function useSignIn(ctx: AppContext, request: SignInRequest, reply: FastifyReply) {
  const { secret } = request.params;
  // a form posted from another site may not sign this browser in to someone else's account (login CSRF)
  if (originOf(request) === 'foreign')
    return sendMessage(request, reply, { status: 403, title: 'Refused', html: 'Sign in from the link itself.' });
  const now = ctx.now();
  const use = wellFormed(secret)
    ? await useSignInLink(ctx.db, secret, now)
    : ({ ok: false, reason: 'unknown' } as const);
  if (!use.ok) return sendMessage(request, reply, REFUSED[use.reason]);
  if (!(await isActiveUser(ctx.db, use.userId))) return sendMessage(request, reply, REFUSED.unknown);
  const { secret: cookieSecret } = await createSession(ctx.db, {
    userId: use.userId,
    now,
    userAgent: browserLabel(request.headers['user-agent']),
    ip: request.ip,
  });
  request.log.info({ userId: use.userId }, 'dashboard sign-in');
  return reply
    .code(303)
    .header('set-cookie', sessionCookie(request, cookieSecret))
    .header('cache-control', 'no-store')
    .header('location', '/dashboard')
    .send();
}

/**
 * What every dashboard page and form asks first: the request's session, or the signed-out page (401). A form
 * (POST) must also pass the CSRF check (its `_csrf` field or a same-origin Origin), else 403 and nothing changes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionOf, type WebSession } from '../auth/session-auth.ts';
import { sessionCookie } from '../auth/session-cookie.ts';
import { csrfAllows } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { sendMessage } from './message-page.ts';

export async function pageSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<WebSession | null> {
  const web = await sessionOf(ctx, request);
  if (!web) {
    sendMessage(request, reply, {
      status: 401,
      title: 'You are not signed in',
      html:
        'Open the dashboard from a paired device: choose <b>Open dashboard…</b> in the Traydrop app, ' +
        'or run <code>traydrop dashboard</code>.' +
        (ctx.config.passwordSignIn ? ' Or <a href="/dashboard/sign-in">sign in with your password</a>.' : ''),
    });
    return null;
  }
  const form = request.body instanceof URLSearchParams ? request.body.get('_csrf') : null;
  if (!csrfAllows(request, web.secret, form)) {
    sendMessage(request, reply, {
      status: 403,
      title: 'Refused',
      html: 'This change did not come from a dashboard page (no CSRF token). Nothing was changed.',
    });
    return null;
  }
  reply.header('set-cookie', sessionCookie(request, web.secret)); // the browser's expiry slides with the server's
  return web;
}

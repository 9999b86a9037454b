/** Signs the browser in as `userId` once a sign-in method has said yes: a new session, its cookie, and where to go. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { browserLabel } from '../auth/browser-label.ts';
import { sessionCookie } from '../auth/session-cookie.ts';
import type { AppContext } from '../context.ts';
import { createSession, type SessionIdentity } from '../db/sessions.ts';

/** Sets the session cookie on `reply` and returns the cookie's secret (it keys the next page's CSRF token). */
export async function startSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  method: string,
  oidc?: SessionIdentity,
): Promise<string> {
  const { secret } = await createSession(ctx.db, {
    userId,
    now: ctx.now(),
    userAgent: browserLabel(request.headers['user-agent']),
    ip: request.ip,
    ...(oidc ? { oidc } : {}),
  });
  request.log.info({ userId, method }, 'dashboard sign-in');
  reply.header('set-cookie', sessionCookie(request, secret)).header('cache-control', 'no-store');
  return secret;
}

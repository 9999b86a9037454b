/**
 * The dashboard session a request comes with, if any: a session cookie, on the main share host, naming a live
 * session of a user who may still sign in (not disabled: read with the session, in one statement). The session
 * slides (server/db/sessions.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { type Session, useSession } from '../db/sessions.ts';
import { onDashboardHost } from './dashboard-host.ts';
import { readSessionSecret } from './session-cookie.ts';

export interface WebSession {
  session: Session;
  /** The cookie's secret: keys the page's CSRF token. */
  secret: string;
}

export async function sessionOf(ctx: AppContext, request: FastifyRequest): Promise<WebSession | null> {
  if (!onDashboardHost(ctx, request)) return null;
  const secret = readSessionSecret(request);
  if (!secret) return null;
  const session = await useSession(ctx.db, secret, ctx.now());
  if (!session) return null;
  return { session, secret };
}

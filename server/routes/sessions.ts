/**
 * The dashboard's /v1 routes: a paired device asks for a one-time sign-in link (`traydrop dashboard`, the
 * tray's "Open dashboard…"); a user lists and ends their browser sessions (404 for another user's).
 */
import type { FastifyInstance } from 'fastify';
import {
  DASHBOARD_API,
  DASHBOARD_PATH,
  type SessionEntry,
  type SessionListResponse,
  type SignInLinkResponse,
} from '../../common/dashboard-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { listSessions, revokeSession, type Session } from '../db/sessions.ts';
import { createSignInLink, SIGN_IN_LINK_TTL_MS } from '../db/sign-in-links.ts';
import { HttpError, notFound } from '../errors.ts';

export const sessionIdParams = {
  type: 'object',
  required: ['sessionId'],
  properties: { sessionId: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

export function toSessionEntry(s: Session, currentId: string | null): SessionEntry {
  return {
    id: s.id,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    browser: s.userAgent,
    ip: s.ip,
    current: s.id === currentId,
  };
}

export function registerSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(DASHBOARD_API.signInLink, async (request): Promise<SignInLinkResponse> => {
    const { userId, tokenId } = deviceOf(request);
    if (tokenId === null) throw new HttpError(403, 'forbidden', 'a sign-in link is made with a device token');
    const now = ctx.now();
    const secret = await createSignInLink(ctx.db, userId, now);
    return {
      url: `${ctx.config.shareBaseUrl}${DASHBOARD_PATH}/sign-in/${secret}`,
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS).toISOString(),
    };
  });

  app.get(DASHBOARD_API.sessions, async (request): Promise<SessionListResponse> => {
    const { userId, sessionId } = deviceOf(request);
    const sessions = await listSessions(ctx.db, userId, ctx.now());
    return { sessions: sessions.map((s) => toSessionEntry(s, sessionId)) };
  });

  app.delete<{ Params: { sessionId: string } }>(
    DASHBOARD_API.session,
    { schema: { params: sessionIdParams } },
    async (request) => {
      const { userId } = deviceOf(request);
      if (!(await revokeSession(ctx.db, userId, request.params.sessionId)))
        throw notFound(`no session with id ${request.params.sessionId}`);
      return { deleted: true };
    },
  );
}

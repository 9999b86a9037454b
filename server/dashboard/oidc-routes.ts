/**
 * Sign-in with the organisation's OpenID provider (OIDC_ISSUER): /dashboard/oidc/start sends the browser to the
 * provider, /dashboard/oidc/callback takes it back (server/auth/oidc-flow.ts checks the answer, oidc-user.ts decides
 * who it is and whether they may come in). Registered only when OIDC_ISSUER is set.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isHttps } from '../auth/session-cookie.ts';
import { OidcFlow } from '../auth/oidc-flow.ts';
import { oidcUser } from '../auth/oidc-user.ts';
import { isActiveUser } from '../auth/session-user.ts';
import type { AppContext } from '../context.ts';
import { readCookie } from '../share/password.ts';
import { esc } from '../share/html.ts';
import { sendMessage } from './message-page.ts';
import { startSession } from './start-session.ts';

const COOKIE = 'traydrop_oidc';

const cookie = (request: FastifyRequest, value: string, maxAge: number): string =>
  `${COOKIE}=${value}; Path=/dashboard/oidc; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${isHttps(request) ? '; Secure' : ''}`;

export function registerOidcRoutes(app: FastifyInstance, ctx: AppContext): void {
  const config = ctx.config.oidc;
  if (!config) return;
  const flow = new OidcFlow(config, ctx.config.shareBaseUrl, ctx.passwordSecret);

  app.get('/dashboard/oidc/start', async (request, reply) => {
    let start;
    try {
      start = await flow.start(ctx.now().getTime());
    } catch (error) {
      request.log.warn({ err: error }, 'OIDC discovery failed');
      return sendMessage(request, reply, {
        status: 502,
        title: 'The sign-in provider cannot be reached',
        html: 'Try again in a moment, or sign in another way.',
      });
    }
    return reply
      .code(303)
      .header('set-cookie', cookie(request, start.cookie, 600))
      .header('cache-control', 'no-store')
      .header('location', start.url.href)
      .send();
  });

  app.get('/dashboard/oidc/callback', async (request, reply) => {
    reply.header('set-cookie', cookie(request, '', 0));
    const now = ctx.now();
    const refused = (reason: string) =>
      sendMessage(request, reply, {
        status: 403,
        title: 'Not signed in',
        html: `${esc(reason)} <a href="/dashboard/sign-in">Back to sign-in</a>`,
      });
    let claims;
    try {
      const url = new URL(request.url, `${ctx.config.shareBaseUrl}/`);
      claims = await flow.finish(url, readCookie(request.headers.cookie, COOKIE), now.getTime());
    } catch (error) {
      request.log.info({ err: error }, 'OIDC sign-in refused');
      return refused(`The provider’s answer was refused: ${(error as Error).message}.`);
    }
    const outcome = await oidcUser(ctx.db, config, claims, now, request.log);
    if (!outcome.ok) return refused(outcome.reason);
    if (!(await isActiveUser(ctx.db, outcome.userId))) return refused('This account is disabled.');
    const method = outcome.created ? 'oidc (new user)' : 'oidc';
    await startSession(ctx, request, reply, outcome.userId, method, { issuer: claims.issuer, subject: claims.subject });
    return reply.code(303).header('location', '/dashboard').send();
  });
}

/**
 * The dashboard's ways in besides a device's one-time link: the sign-in page with a password or a passkey,
 * invites for new users, and the signed-in user's Passkeys and Password pages. Registered by routes.ts (inside its main-host-only scope).
 */
import type { FastifyInstance } from 'fastify';
import { SignInLimiter } from '../auth/sign-in-limiter.ts';
import type { AppContext } from '../context.ts';
import { showInvite, useInvite } from './invite-page.ts';
import { registerOidcRoutes } from './oidc-routes.ts';
import { registerPasskeyRoutes } from './passkey-routes.ts';
import { changePassword, showPasswordPage } from './password-page.ts';
import { showPasswordSignIn, usePasswordSignIn } from './password-sign-in.ts';

export function registerSignInRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limiter = new SignInLimiter(ctx.db);
  app.get('/dashboard/sign-in', (request, reply) => showPasswordSignIn(ctx, request, reply));
  app.post('/dashboard/sign-in', (request, reply) => usePasswordSignIn(ctx, limiter, request, reply));
  app.get<{ Params: { secret: string } }>('/dashboard/invite/:secret', (request, reply) =>
    showInvite(ctx, request, reply),
  );
  app.post<{ Params: { secret: string } }>('/dashboard/invite/:secret', (request, reply) =>
    useInvite(ctx, request, reply),
  );
  registerPasskeyRoutes(app, ctx);
  registerOidcRoutes(app, ctx);
  app.get('/dashboard/password', (request, reply) => showPasswordPage(ctx, request, reply));
  app.post('/dashboard/password', (request, reply) => changePassword(ctx, request, reply, false));
  app.post('/dashboard/password/remove', (request, reply) => changePassword(ctx, request, reply, true));
}
